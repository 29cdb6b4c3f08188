/*-------------------------------------------------------------------------
 *
 * analyze.c
 *	  QueryAnalyzed: what a query will touch, as parse analysis knows it.
 *
 * post_parse_analyze_hook sees every analysed query: top-level statements,
 * protocol Parse messages, SPI and PL/pgSQL queries, SQL-function bodies,
 * PREPARE's and EXPLAIN's inner queries, and the re-analysis of a cached
 * plan (nested in the EXECUTE or Bind that revalidates it).  For each one
 * the probe writes QueryAnalyzed: the views the rewriter will expand
 * (recursively, each with the user functions of its own body), every
 * table-like relation reached directly or through those views (with the
 * result relation marked, for an auto-updatable view its base relation),
 * the user aggregates called and the domains coerced to.  Everything the
 * frame names is described first, relations with their stored code.
 *
 * The analysed tree is walked without catalog access; views are expanded
 * from the body summaries relation.c keeps per view, so no view is opened
 * or locked here and an unchanged view costs a hash lookup.  What the walk
 * and the expansion find depends only on the query's shape (its query id)
 * and the catalog, so it is kept per query id until the catalog changes
 * (tracelab_catalog_generation): a query run again costs a hash lookup and
 * the descriptor checks, not a walk.
 *
 * src/Recorder/Probe/analyze.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_class.h"
#include "miscadmin.h"
#include "utils/memutils.h"

#include "tracelab_probe.h"

/* Bounds of the view expansion. */
#define TL_MAX_VIEW_DEPTH	32
#define TL_MAX_VIEWS		1000

/* Query shapes whose analysis is kept; beyond this the cache starts over. */
#define TL_MAX_CACHED_ANALYSES	4096

/* What one analysis collects. */
typedef struct Analysis
{
	List	   *views;			/* TracelabExpandedView, in expansion order */
	List	   *relations;		/* table-like relations */
	List	   *targets;		/* result relations */
	List	   *aggregates;
	List	   *domains;
	List	   *functions;		/* functions of every view */
	CommandTag	tag;			/* the analysed statement's */
	uint64		parent_seq;
	int			depth;
} Analysis;

/* An analysis kept for its query id (lists in analysis_context). */
typedef struct CachedAnalysis
{
	uint64		query_id;		/* hash key, must be first */
	uint64		generation;		/* tracelab_catalog_generation then */
	bool		valid;
	List	   *views;
	List	   *relations;
	List	   *targets;
	List	   *aggregates;
	List	   *domains;
	List	   *functions;
	CommandTag	tag;
	/* the top-level QueryAnalyzed last written from this entry, if any */
	uint64		written_seq;	/* 0 when none */
	Oid			written_user;
	Oid			written_outer;
	int			written_sec_context;
} CachedAnalysis;

static HTAB *analysis_cache = NULL;
static MemoryContext analysis_context = NULL;
static int	analyses_kept = 0;	/* since analysis_context was last reset */

/*
 * The entry cached_analysis found last: a session mostly runs the same few
 * queries, so this saves the hash lookup of most statements.  dynahash
 * never moves an entry, so the pointer holds until the entry is removed,
 * which only happens when the whole cache starts over.
 */
static CachedAnalysis *last_analysis = NULL;

/*
 * append_oids
 *		Append the oids of an array to a list, each once.
 */
static List *
append_oids(List *list, const TracelabOids *oids)
{
	int			i;

	for (i = 0; i < oids->count; i++)
		list = list_append_unique_oid(list, oids->oids[i]);
	return list;
}

/*
 * expand_view
 *		Add a view and, recursively, the views its body refers to.
 *
 * target says that the view is the result relation, so its base relation
 * is too.
 */
static void
expand_view(Analysis *analysis, Oid viewoid, int parent, int level,
			List *ancestors, bool target)
{
	TracelabExpandedView *view;
	TracelabRelation *entry;
	TracelabOids nested;
	Oid			base;
	int			index = list_length(analysis->views);
	int			i;

	if (index >= TL_MAX_VIEWS)
		return;
	view = palloc0(sizeof(TracelabExpandedView));
	view->oid = viewoid;
	view->parent = parent;
	analysis->views = lappend(analysis->views, view);

	entry = tracelab_describe_relation(viewoid, analysis->parent_seq,
									   analysis->depth);
	if (entry == NULL || !entry->exists || entry->relkind != RELKIND_VIEW)
		return;

	/* copy out: describing more relations may reload this entry */
	view->functions = append_oids(NIL, &entry->functions);
	analysis->functions = append_oids(analysis->functions, &entry->functions);
	analysis->relations = append_oids(analysis->relations,
									  &entry->relations);
	analysis->aggregates = append_oids(analysis->aggregates,
									   &entry->aggregates);
	analysis->domains = append_oids(analysis->domains, &entry->domains);
	base = target ? entry->base_relation : InvalidOid;
	nested.count = entry->views.count;
	nested.oids = palloc(sizeof(Oid) * Max(nested.count, 1));
	for (i = 0; i < nested.count; i++)
		nested.oids[i] = entry->views.oids[i];
	if (OidIsValid(base))
		analysis->targets = list_append_unique_oid(analysis->targets, base);

	if (level >= TL_MAX_VIEW_DEPTH)
		return;
	ancestors = lappend_oid(list_copy(ancestors), viewoid);
	for (i = 0; i < nested.count; i++)
	{
		if (!list_member_oid(ancestors, nested.oids[i]))
			expand_view(analysis, nested.oids[i], index, level + 1,
						ancestors, nested.oids[i] == base);
	}
}

/*
 * analyzed_body
 *		The query to walk: the inner query of DECLARE CURSOR and CTAS.
 *
 * EXPLAIN is not unwrapped: ExplainQuery calls post_parse_analyze_hook for
 * its inner query itself (PostgreSQL 14 and later).
 */
static Query *
analyzed_body(Query *query)
{
	while (query != NULL && query->commandType == CMD_UTILITY)
	{
		Node	   *stmt = query->utilityStmt;
		Node	   *inner = NULL;

		if (stmt == NULL)
			return NULL;
		if (IsA(stmt, DeclareCursorStmt))
			inner = ((DeclareCursorStmt *) stmt)->query;
		else if (IsA(stmt, CreateTableAsStmt))
			inner = ((CreateTableAsStmt *) stmt)->query;
		if (inner == NULL || !IsA(inner, Query))
			return NULL;
		query = (Query *) inner;
	}
	return query;
}

/*
 * put_views
 *		Append QueryAnalyzed's views.
 */
static void
put_views(List *views)
{
	ListCell   *lc;

	tracelab_put_array(list_length(views));
	foreach(lc, views)
	{
		TracelabExpandedView *view = (TracelabExpandedView *) lfirst(lc);

		tracelab_put_array(3);
		tracelab_put_uint(view->oid);
		tracelab_put_int(view->parent);
		tracelab_put_oid_list(view->functions);
	}
}

/*
 * put_aggregates
 *		Append QueryAnalyzed's aggregates with their user support functions.
 */
static void
put_aggregates(List *aggregates)
{
	ListCell   *lc;

	tracelab_put_array(list_length(aggregates));
	foreach(lc, aggregates)
	{
		TracelabFunction *fn = tracelab_lookup_function(lfirst_oid(lc));
		int			n = (fn != NULL) ? fn->nsupport : 0;
		int			i;

		tracelab_put_array(2);
		tracelab_put_uint(lfirst_oid(lc));
		tracelab_put_array(n);
		for (i = 0; i < n; i++)
			tracelab_put_uint(fn->support[i]);
	}
}

/*
 * describe_analysis
 *		Describe everything a QueryAnalyzed names.
 */
static void
describe_analysis(Analysis *analysis)
{
	ListCell   *lc;

	foreach(lc, analysis->relations)
		(void) tracelab_describe_relation(lfirst_oid(lc),
										  analysis->parent_seq,
										  analysis->depth);
	tracelab_describe_functions(analysis->functions, analysis->parent_seq,
								analysis->depth);
	tracelab_describe_functions(analysis->aggregates, analysis->parent_seq,
								analysis->depth);
	foreach(lc, analysis->domains)
		(void) tracelab_describe_type(lfirst_oid(lc), analysis->parent_seq,
									  analysis->depth);
}

/*
 * copy_views
 *		A deep copy of a list of TracelabExpandedView in the current context.
 */
static List *
copy_views(List *views)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, views)
	{
		TracelabExpandedView *view = palloc(sizeof(TracelabExpandedView));

		*view = *(TracelabExpandedView *) lfirst(lc);
		view->functions = list_copy(view->functions);
		result = lappend(result, view);
	}
	return result;
}

/*
 * kept_analysis
 *		The analysis kept for a query id, of whatever catalog generation, or
 *		NULL.
 */
static CachedAnalysis *
kept_analysis(uint64 query_id)
{
	CachedAnalysis *entry;

	if (query_id == 0 || analysis_cache == NULL)
		return NULL;
	if (last_analysis != NULL && last_analysis->query_id == query_id)
		entry = last_analysis;
	else
	{
		entry = hash_search(analysis_cache, &query_id, HASH_FIND, NULL);
		if (entry != NULL)
			last_analysis = entry;
	}
	return (entry != NULL && entry->valid) ? entry : NULL;
}

/*
 * cached_analysis
 *		The kept analysis of a query id, or NULL when none is kept for the
 *		catalog as it is.
 */
static CachedAnalysis *
cached_analysis(uint64 query_id)
{
	CachedAnalysis *entry = kept_analysis(query_id);

	if (entry == NULL || entry->generation != tracelab_catalog_generation)
		return NULL;
	return entry;
}

/*
 * keep_analysis
 *		Keep an analysis, made at a catalog generation, for its query id.
 *
 * Starts over (freeing every list at once) after TL_MAX_CACHED_ANALYSES
 * analyses were kept, so memory stays bounded however often the catalog
 * changes.
 */
static void
keep_analysis(uint64 query_id, uint64 generation, const Analysis *analysis)
{
	CachedAnalysis *entry;
	MemoryContext oldcontext;
	bool		found;

	if (query_id == 0)
		return;
	/* an analysis kept again leaves its old lists behind until the reset */
	if (analysis_cache == NULL || analyses_kept >= TL_MAX_CACHED_ANALYSES)
	{
		/* lists of older generations are only freed here, all at once */
		if (analysis_cache != NULL)
			hash_destroy(analysis_cache);
		last_analysis = NULL;
		if (analysis_context == NULL)
			analysis_context = AllocSetContextCreate(TopMemoryContext,
													 "TraceLab analyses",
													 ALLOCSET_DEFAULT_SIZES);
		else
			MemoryContextReset(analysis_context);
		analysis_cache = tracelab_hash_create("TraceLab analyses",
											  sizeof(uint64),
											  sizeof(CachedAnalysis), false);
		analyses_kept = 0;
	}
	entry = hash_search(analysis_cache, &query_id, HASH_ENTER_NULL, &found);
	if (entry == NULL)
		return;
	entry->valid = false;
	oldcontext = MemoryContextSwitchTo(analysis_context);
	entry->views = copy_views(analysis->views);
	entry->relations = list_copy(analysis->relations);
	entry->targets = list_copy(analysis->targets);
	entry->aggregates = list_copy(analysis->aggregates);
	entry->domains = list_copy(analysis->domains);
	entry->functions = list_copy(analysis->functions);
	entry->tag = analysis->tag;
	MemoryContextSwitchTo(oldcontext);
	entry->written_seq = 0;
	entry->generation = generation;
	entry->valid = true;
	analyses_kept++;
}

/*
 * repeats_written_analysis
 *		Whether a top-level QueryAnalyzed would repeat the one last written
 *		for the same query id, so that readers already have it.
 *
 * Readers take a statement's analysis from the latest QueryAnalyzed with
 * its query id (FORMAT.md), so writing the same one again for every run of
 * a query adds a frame and its text per statement and tells them nothing.
 * It is the same when the kept analysis has not changed since it was
 * written (same catalog generation, so also the same descriptors), the
 * frame would carry the same roles in its prefix, both are top-level
 * (readers look protocol statements up among top-level analyses only), no
 * other QueryAnalyzed of the query id was written in between (that would
 * be the latest), and no frame was ever lost in this session (the written
 * one could be among them).
 */
static bool
repeats_written_analysis(CachedAnalysis *cached, int depth)
{
	Oid			user;
	int			sec_context;

	if (cached == NULL || cached->written_seq == 0 || depth != 0 ||
		MyBackendType != B_BACKEND || tracelab_frames_lost)
		return false;
	GetUserIdAndSecContext(&user, &sec_context);
	return user == cached->written_user &&
		GetOuterUserId() == cached->written_outer &&
		sec_context == cached->written_sec_context;
}

/*
 * note_written_analysis
 *		Remember the QueryAnalyzed just written for a kept analysis.
 */
static void
note_written_analysis(uint64 query_id, uint64 seq, int depth)
{
	CachedAnalysis *entry = cached_analysis(query_id);

	if (entry == NULL)
		return;
	if (depth != 0)
	{
		/* a nested one is now the latest: the next top-level one is new */
		entry->written_seq = 0;
		return;
	}
	entry->written_seq = seq;
	GetUserIdAndSecContext(&entry->written_user, &entry->written_sec_context);
	entry->written_outer = GetOuterUserId();
}

/*
 * tracelab_analysis_views
 *		The views of the latest analysis kept for a query id
 *		(TracelabExpandedView, in expansion order), or NIL when none is kept,
 *		for the live chain (enforce_chain.c).
 *
 * Readers take a statement's analysis from the latest QueryAnalyzed of its
 * query id, whatever changed in the catalog since (a cached plan runs what
 * it was built from), so unlike cached_analysis this does not ask for the
 * current catalog generation: an invalidation that arrives between parse
 * analysis and execution (another session's DDL) must not change the chain.
 */
List *
tracelab_analysis_views(uint64 query_id)
{
	CachedAnalysis *entry = kept_analysis(query_id);

	return entry != NULL ? entry->views : NIL;
}

/*
 * tracelab_analysis_domains
 *		The domains the latest analysis kept for a query id coerces to, or
 *		NIL (as tracelab_analysis_views).
 */
List *
tracelab_analysis_domains(uint64 query_id)
{
	CachedAnalysis *entry = kept_analysis(query_id);

	return entry != NULL ? entry->domains : NIL;
}

/*
 * tracelab_analysis_scope
 *		The relations (in the analysis's order), result relations and
 *		command of the latest analysis kept for a query id; false when none
 *		is kept (as tracelab_analysis_views).
 */
bool
tracelab_analysis_scope(uint64 query_id, List **relations, List **targets,
						CommandTag *tag)
{
	CachedAnalysis *entry = kept_analysis(query_id);

	if (entry == NULL)
		return false;
	*relations = entry->relations;
	*targets = entry->targets;
	*tag = entry->tag;
	return true;
}

/*
 * tracelab_capture_analyzed
 *		post_parse_analyze: write QueryAnalyzed.
 */
void
tracelab_capture_analyzed(ParseState *pstate, Query *query)
{
	Query	   *body;
	TracelabRefs refs;
	Analysis	analysis;
	CachedAnalysis *cached;
	uint64		generation = 0;
	MemoryContext context;
	MemoryContext oldcontext;
	ListCell   *lc;
	const char *text;
	size_t		text_len;
	int			offset;
	uint64		seq;

	if (!tracelab_recording() || !IsTransactionState())
		return;

	/*
	 * A repeat writes nothing, so it needs no frame preparation either: a
	 * role change not reported yet goes out before the next frame.  The
	 * catalog generation is current here, since parse analysis took its
	 * locks and so received every invalidation.
	 */
	if (repeats_written_analysis(cached_analysis(query->queryId),
								 tracelab_stack_height))
		return;

	context = tracelab_scratch_begin();
	oldcontext = MemoryContextSwitchTo(context);

	memset(&refs, 0, sizeof(refs));
	memset(&analysis, 0, sizeof(analysis));
	analysis.tag = CreateCommandTag((Node *) query);
	tracelab_prepare_frame(true, &analysis.parent_seq, &analysis.depth);
	/* after preparing: describing roles may have changed the generation */
	cached = cached_analysis(query->queryId);
	if (cached != NULL)
	{
		analysis.views = cached->views;
		analysis.relations = cached->relations;
		analysis.targets = cached->targets;
		analysis.aggregates = cached->aggregates;
		analysis.domains = cached->domains;
		analysis.functions = cached->functions;
		foreach(lc, analysis.views)
			(void) tracelab_describe_relation(((TracelabExpandedView *) lfirst(lc))->oid,
											  analysis.parent_seq,
											  analysis.depth);
	}
	else
	{
		generation = tracelab_catalog_generation;
		body = analyzed_body(query);
		if (body != NULL)
			tracelab_refs_walk((Node *) body, &refs);
		analysis.relations = refs.relations;
		analysis.aggregates = refs.aggregates;
		analysis.domains = refs.domains;
		analysis.targets = refs.targets;
		foreach(lc, refs.views)
			expand_view(&analysis, lfirst_oid(lc), -1, 1, NIL,
						list_member_oid(refs.targets, lfirst_oid(lc)));
	}
	describe_analysis(&analysis);
	/* reading the catalog may have noticed a change: keep only what held */
	if (cached == NULL && generation == tracelab_catalog_generation)
		keep_analysis(query->queryId, generation, &analysis);

	tracelab_statement_text(pstate ? pstate->p_sourcetext : NULL,
							query->stmt_location, query->stmt_len,
							&text, &text_len, &offset);
	if ((seq = tracelab_frame_begin(TL_QUERY_ANALYZED, 7, analysis.parent_seq,
									analysis.depth)) != 0)
	{
		tracelab_put_int((int64) query->queryId);
		tracelab_put_str(GetCommandTagName(analysis.tag));
		put_views(analysis.views);
		tracelab_put_array(list_length(analysis.relations));
		foreach(lc, analysis.relations)
		{
			tracelab_put_array(2);
			tracelab_put_uint(lfirst_oid(lc));
			tracelab_put_bool(list_member_oid(analysis.targets,
											  lfirst_oid(lc)));
		}
		put_aggregates(analysis.aggregates);
		tracelab_put_oid_list(analysis.domains);
		tracelab_put_statement_text(text, text_len);
		tracelab_frame_end();
		note_written_analysis(query->queryId, seq, analysis.depth);
	}

	MemoryContextSwitchTo(oldcontext);
	tracelab_scratch_end(context);
}
