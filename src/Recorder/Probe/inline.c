/*-------------------------------------------------------------------------
 *
 * inline.c
 *	  SQL-function inlining: PostgreSQL keeps inlining, the probe records
 *	  what it inlined.
 *
 * PostgreSQL asks needs_fmgr_hook about a function in two kinds of places:
 * fmgr_info (and fmgr_symbol, for JIT) when it prepares a call, and the
 * planner's inline_function / inline_set_returning_function when it
 * considers replacing a SQL function call by the function's body.  A "yes"
 * to fmgr_info routes the call through fmgr_hook, which is how the probe
 * sees every call of a user function; a "yes" to the inliner forbids
 * inlining, which changes plans, error context lines, how often a
 * volatile argument is evaluated and which immutability checks pass.  So
 * the probe answers "yes" only to fmgr_info and fmgr_symbol and "no" to
 * everyone else, exactly as a server without the probe would answer the
 * inliner.
 *
 * needs_fmgr_hook is not told who asks; fmgrcaller.c tells the callers
 * apart and notes for this file the functions the inliner asked about.
 *
 * What was inlined is recorded from the planner's own bookkeeping: when
 * inline_function or inline_set_returning_function replace a call they
 * add a PlanInvalItem for the function to root->glob->invalItems, and
 * nothing else adds PROCOID items before set_plan_references.  The probe
 * reads that list in create_upper_paths_hook at the final stage of the
 * top query level, the last point before set_plan_references, and maps
 * the hash values back to the functions the inliner asked about during
 * this plan.  The call sites themselves (location, operator, cast) are
 * collected from the query tree before the planner rewrites it.  At the
 * end of a successful plan, every call site of an inlined function is
 * written as a FunctionEntered/FunctionExited pair in phase "planning"
 * with the "inlined" field set to the user functions its body may call;
 * a function inlined from inside another inlined body, having no call
 * site of its own in the query, is written once with location -1.
 *
 * The body's functions let the replayer put the inlined function back
 * into the chain of calls that came from its body.  A BEGIN ATOMIC body
 * is stored analysed, so its functions are exact; a text body is parsed
 * again (the planner parsed it a moment ago, so this cannot fail) and
 * every user function or operator its names could resolve to on the
 * current search path is listed.  The result is cached per function
 * until the function changes.  While a policy is enforced, each inlined
 * call's links are kept too (keep_live), for the calls from its body to be
 * judged with the inlined function in their chain (enforce_origin.c).
 *
 * src/Recorder/Probe/inline.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <stdlib.h>

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_language.h"
#include "catalog/pg_proc.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "nodes/pathnodes.h"
#include "parser/parser.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "tracelab_probe.h"
#include "enforce.h"

/* Bounds on what one plan keeps. */
#define TL_MAX_INLINE_SITES		1000
#define TL_MAX_CONSIDERED		1000


/* A call of a user function in the query handed to the planner. */
typedef struct InlineSite
{
	Oid			fnoid;
	Oid			opno;			/* operator, or InvalidOid */
	Oid			cast_source;	/* a cast's source type, or InvalidOid */
	Oid			cast_target;
	int			location;
	const char *reached_by;
} InlineSite;

/* What one planner run collects; a stack, since planning nests. */
typedef struct PlanInlining
{
	Query	   *parse;			/* the query handed to planner_hook */
	int			index;			/* its plan's entry on the frame stack */
	MemoryContext context;		/* owns everything below */
	int			text_offset;	/* of the plan's text in its source */
	ErrorContextCallback *base_context; /* error_context_stack at start */
	List	   *sites;			/* InlineSite */
	List	   *considered;		/* oids the inliner asked about */
	List	   *considered_at;	/* the error_context_stack of each ask */
	List	   *emitted;		/* oids whose calls are written already */
	List	   *inlined;		/* PROCOID hash values, one per inlining */
	List	   *live;			/* TracelabInlinedLinks, while enforcing */
	bool		final_seen;
} PlanInlining;

static PlanInlining *plans = NULL;
static int	plan_count = 0;
static int	plan_capacity = 0;

/* Whether the database has user functions in SQL (see has_sql_functions). */
static bool sql_functions_checked = false;
static bool sql_functions_exist = true;

/* Queries whose last walk found no call site (see site_free). */
#define TL_MAX_SITE_FREE	4096

typedef struct SiteFreeKey
{
	uint64		query_id;
	Oid			user;			/* rewriting depends on the user (RLS) */
} SiteFreeKey;

typedef struct SiteFree
{
	SiteFreeKey key;			/* hash key, must be first */
	uint64		generation;		/* tracelab_catalog_generation then */
} SiteFree;

static HTAB *site_free_queries = NULL;

/*
 * The entry site_free found or made last: a client repeating one statement
 * (pgbench's -S) asks about the same key every time, and comparing two
 * words is a tenth of a hash lookup.
 */
static SiteFree last_site_free;


/*
 * innermost_plan
 *		The plan being built now, or NULL.
 */
static PlanInlining *
innermost_plan(void)
{
	return (plan_count > 0) ? &plans[plan_count - 1] : NULL;
}

/*
 * current_plan
 *		The plan being built now, if the probe keeps one for it.
 *
 * A plan in a database without SQL functions keeps none, since nothing
 * can be inlined; should one appear while it is being planned, the
 * innermost plan kept is an outer one, which must not be given this
 * plan's inlining.
 */
static PlanInlining *
current_plan(void)
{
	PlanInlining *plan = innermost_plan();
	int			i;

	if (plan == NULL)
		return NULL;
	for (i = tracelab_stack_height - 1; i >= 0; i--)
	{
		if (tracelab_stack[i].kind == TL_ENTRY_PLAN)
			return (i == plan->index) ? plan : NULL;
	}
	return NULL;
}

/*
 * tracelab_inline_note_considered
 *		The inliner asked needs_fmgr_hook about a function: note it for the
 *		plan being built, with the error context stack of the moment.
 */
void
tracelab_inline_note_considered(Oid fnoid)
{
	PlanInlining *plan = current_plan();

	if (plan != NULL && list_length(plan->considered) < TL_MAX_CONSIDERED)
	{
		MemoryContext oldcontext;

		/* a plan with no call site to walk has no context yet */
		if (plan->context == NULL)
			plan->context = AllocSetContextCreate(TopMemoryContext,
												  "TraceLab inlining",
												  ALLOCSET_SMALL_SIZES);
		oldcontext = MemoryContextSwitchTo(plan->context);

		plan->considered = lappend_oid(plan->considered, fnoid);
		plan->considered_at = lappend(plan->considered_at,
									  error_context_stack);
		MemoryContextSwitchTo(oldcontext);
	}
}

/* State of the walk collecting call sites. */
typedef struct SiteWalk
{
	PlanInlining *plan;
	List	   *unresolved;		/* InlineSite with opno but no fnoid */
} SiteWalk;

/*
 * add_site
 *		Keep a call site, up to the bound.
 */
static InlineSite *
add_site(SiteWalk *walk, Oid fnoid, int location, const char *reached_by)
{
	InlineSite *site;

	if (list_length(walk->plan->sites) + list_length(walk->unresolved) >=
		TL_MAX_INLINE_SITES)
		return NULL;
	site = palloc0(sizeof(InlineSite));
	site->fnoid = fnoid;
	site->location = location;
	site->reached_by = reached_by;
	return site;
}

/*
 * site_walker
 *		Collect the calls the planner could inline: FuncExpr and OpExpr.
 *
 * Only those two are ever inlined (eval_const_expressions merely folds
 * DistinctExpr, NullIfExpr and ScalarArrayOpExpr); a set-returning
 * function in FROM is a FuncExpr in its range table entry.  No catalog
 * access: an operator whose opfuncid is not filled in yet is resolved
 * after the walk.
 */
static bool
site_walker(Node *node, SiteWalk *walk)
{
	if (node == NULL)
		return false;
	if (IsA(node, Query))
		return query_tree_walker((Query *) node, site_walker, walk, 0);
	if (IsA(node, FuncExpr))
	{
		FuncExpr   *func = (FuncExpr *) node;

		if (func->funcid >= FirstNormalObjectId)
		{
			bool		cast = func->funcformat == COERCE_EXPLICIT_CAST ||
				func->funcformat == COERCE_IMPLICIT_CAST;
			InlineSite *site = add_site(walk, func->funcid, func->location,
										cast ? "cast" : "call");

			if (site != NULL)
			{
				if (cast && func->args != NIL)
				{
					site->cast_source = exprType(linitial(func->args));
					site->cast_target = func->funcresulttype;
				}
				walk->plan->sites = lappend(walk->plan->sites, site);
			}
		}
	}
	else if (IsA(node, OpExpr))
	{
		OpExpr	   *op = (OpExpr *) node;

		if (op->opno >= FirstNormalObjectId ||
			op->opfuncid >= FirstNormalObjectId)
		{
			InlineSite *site = add_site(walk, op->opfuncid, op->location,
										"operator");

			if (site != NULL)
			{
				site->opno = op->opno;
				if (OidIsValid(op->opfuncid))
					walk->plan->sites = lappend(walk->plan->sites, site);
				else
					walk->unresolved = lappend(walk->unresolved, site);
			}
		}
	}
	return expression_tree_walker(node, site_walker, walk);
}

/*
 * sql_functions_invalidated
 *		Syscache callback for pg_proc: look for SQL functions again.
 */
static void
sql_functions_invalidated(Datum arg, int cacheid, uint32 hashvalue)
{
	sql_functions_checked = false;
	tracelab_catalog_changed();
}

/*
 * site_free
 *		Whether the query was walked before, found without a call site of a
 *		user function, and nothing that rewriting depends on changed since.
 *
 * The planner gets the rewritten query, which for a given query id and
 * user changes only when a view, rule, policy, default, function or role
 * changes; all of those bump tracelab_catalog_generation.  So a query shape with
 * no call site is walked once, not at every plan (pgbench's -S is one).
 */
static bool
site_free(uint64 query_id, bool remember)
{
	SiteFreeKey key;
	SiteFree   *entry;
	bool		found;

	if (query_id == 0)
		return false;
	memset(&key, 0, sizeof(key));
	key.query_id = query_id;
	key.user = GetUserId();
	if (!remember)
	{
		if (last_site_free.key.query_id == key.query_id &&
			last_site_free.key.user == key.user &&
			last_site_free.generation == tracelab_catalog_generation)
			return true;
		if (site_free_queries == NULL)
			return false;
		entry = hash_search(site_free_queries, &key, HASH_FIND, NULL);
		if (entry == NULL || entry->generation != tracelab_catalog_generation)
			return false;
		last_site_free = *entry;
		return true;
	}
	last_site_free.key = key;
	last_site_free.generation = tracelab_catalog_generation;
	if (site_free_queries == NULL ||
		hash_get_num_entries(site_free_queries) >= TL_MAX_SITE_FREE)
	{
		if (site_free_queries != NULL)
			hash_destroy(site_free_queries);
		site_free_queries = tracelab_hash_create("TraceLab site-free queries",
												 sizeof(SiteFreeKey),
												 sizeof(SiteFree), false);
	}
	entry = hash_search(site_free_queries, &key, HASH_ENTER_NULL, &found);
	if (entry != NULL)
		entry->generation = tracelab_catalog_generation;
	return true;
}

/*
 * tracelab_inline_register_callbacks
 *		Register the invalidation callback, from _PG_init.
 */
void
tracelab_inline_register_callbacks(void)
{
	CacheRegisterSyscacheCallback(PROCOID, sql_functions_invalidated,
								  (Datum) 0);
}

/*
 * has_sql_functions
 *		Whether the database has a user function in SQL, which alone can be
 *		inlined.
 *
 * Walking every query for call sites costs a few percent of a simple
 * query, and most databases have no SQL function to inline, so pg_proc is
 * read once (a scan for prolang = sql) and again only after pg_proc
 * changes.
 */
static bool
has_sql_functions(void)
{
	Relation	rel;
	SysScanDesc scan;
	ScanKeyData key;
	HeapTuple	tuple;

	if (sql_functions_checked)
		return sql_functions_exist;
	sql_functions_exist = false;
	ScanKeyInit(&key, Anum_pg_proc_prolang, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(SQLlanguageId));
	rel = table_open(ProcedureRelationId, AccessShareLock);
	scan = systable_beginscan(rel, InvalidOid, false, NULL, 1, &key);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		if (((Form_pg_proc) GETSTRUCT(tuple))->oid >= FirstNormalObjectId)
		{
			sql_functions_exist = true;
			break;
		}
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	sql_functions_checked = true;
	return sql_functions_exist;
}

/*
 * sql_function_sites
 *		The sites whose function is in SQL: the planner inlines no other.
 *
 * inline_function and inline_set_returning_function give up on any other
 * language before they ask the fmgr hook, so a site of a PL/pgSQL or C
 * function can never be considered; dropping those lets a query that
 * calls only such functions (SELECT plpgsql_fn($1)) count as site-free and
 * skip the walk at its next plans.
 */
static List *
sql_function_sites(List *sites)
{
	List	   *kept = NIL;
	ListCell   *lc;

	foreach(lc, sites)
	{
		InlineSite *site = (InlineSite *) lfirst(lc);
		HeapTuple	tuple = SearchSysCache1(PROCOID,
											ObjectIdGetDatum(site->fnoid));

		if (!HeapTupleIsValid(tuple))
			continue;
		if (((Form_pg_proc) GETSTRUCT(tuple))->prolang == SQLlanguageId)
			kept = lappend(kept, site);
		ReleaseSysCache(tuple);
	}
	list_free(sites);
	return kept;
}

/*
 * tracelab_inline_plan_start
 *		planner_hook, before planning: collect the call sites of the query
 *		whose plan has the stack entry at index.
 *
 * In a database without SQL functions nothing is kept; a query with no
 * call site to inline costs no memory context: one is made only if the
 * inliner asks all the same.
 */
void
tracelab_inline_plan_start(Query *parse, int index)
{
	PlanInlining *plan;
	MemoryContext oldcontext;
	SiteWalk	walk;
	ListCell   *lc;

	if (!has_sql_functions())
		return;					/* nothing the planner could inline */
	if (!tracelab_grow_array((void **) &plans, &plan_capacity, plan_count,
							 sizeof(PlanInlining)))
		return;
	plan = &plans[plan_count++];
	memset(plan, 0, sizeof(PlanInlining));
	plan->parse = parse;
	plan->index = index;
	plan->text_offset = -1;
	plan->base_context = error_context_stack;
	if (site_free(parse->queryId, false))
		return;					/* no call site the planner could inline */
	tracelab_entry_text(index);
	plan->text_offset = tracelab_stack[index].text_offset;
	plan->context = tracelab_scratch_begin();
	oldcontext = MemoryContextSwitchTo(plan->context);
	walk.plan = plan;
	walk.unresolved = NIL;
	(void) site_walker((Node *) parse, &walk);
	foreach(lc, walk.unresolved)
	{
		InlineSite *site = (InlineSite *) lfirst(lc);

		site->fnoid = get_opcode(site->opno);
		if (site->fnoid >= FirstNormalObjectId)
			plan->sites = lappend(plan->sites, site);
	}
	plan->sites = sql_function_sites(plan->sites);
	if (plan->sites == NIL)
		(void) site_free(parse->queryId, true);
	MemoryContextSwitchTo(oldcontext);
}

/*
 * tracelab_inline_final
 *		create_upper_paths_hook at UPPERREL_FINAL: what was inlined so far.
 *
 * Only the top query level of the plan being built counts; subqueries,
 * CTEs and sublinks have finished planning by then.
 */
void
tracelab_inline_final(PlannerInfo *root)
{
	PlanInlining *plan = innermost_plan();
	MemoryContext oldcontext;
	ListCell   *lc;

	if (plan == NULL || root->parent_root != NULL ||
		root->parse != plan->parse || plan->considered == NIL)
		return;
	oldcontext = MemoryContextSwitchTo(plan->context);
	list_free(plan->inlined);
	plan->inlined = NIL;
	foreach(lc, root->glob->invalItems)
	{
		PlanInvalItem *item = (PlanInvalItem *) lfirst(lc);

		if (item->cacheId == PROCOID)
			plan->inlined = lappend_int(plan->inlined, (int) item->hashValue);
	}
	plan->final_seen = true;
	MemoryContextSwitchTo(oldcontext);
}

/*
 * inline_count
 *		How many times the plan inlined a function.
 */
static int
inline_count(PlanInlining *plan, Oid fnoid)
{
	uint32		hash = GetSysCacheHashValue1(PROCOID, ObjectIdGetDatum(fnoid));
	ListCell   *lc;
	int			count = 0;

	foreach(lc, plan->inlined)
	{
		if ((uint32) lfirst_int(lc) == hash)
			count++;
	}
	return count;
}

/*
 * add_body_function
 *		Add a user function to a body's list once.
 */
static List *
add_body_function(List *list, Oid fnoid)
{
	if (fnoid < FirstNormalObjectId)
		return list;
	return list_append_unique_oid(list, fnoid);
}

/*
 * body_name_walker
 *		Resolve the function and operator names of a raw parse tree.
 */
static bool
body_name_walker(Node *node, List **functions)
{
	FuncCandidateList candidates = NULL;

	if (node == NULL)
		return false;
	if (IsA(node, FuncCall))
		candidates = FuncnameGetCandidates(((FuncCall *) node)->funcname, -1,
										   NIL, false, false, false, true);
	else if (IsA(node, A_Expr) &&
			 (((A_Expr *) node)->kind == AEXPR_OP ||
			  ((A_Expr *) node)->kind == AEXPR_OP_ANY ||
			  ((A_Expr *) node)->kind == AEXPR_OP_ALL))
	{
		for (candidates = OpernameGetCandidates(((A_Expr *) node)->name,
												'\0', true);
			 candidates != NULL; candidates = candidates->next)
			*functions = add_body_function(*functions,
										   get_opcode(candidates->oid));
		candidates = NULL;
	}
	for (; candidates != NULL; candidates = candidates->next)
		*functions = add_body_function(*functions, candidates->oid);
	return raw_expression_tree_walker(node, body_name_walker, functions);
}

/*
 * body_functions
 *		The user functions the body of a SQL function may call.
 */
static List *
body_functions(Oid fnoid)
{
	HeapTuple	tuple;
	Datum		datum;
	bool		isnull;
	List	   *result = NIL;

	tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(fnoid));
	if (!HeapTupleIsValid(tuple))
		return NIL;
	datum = SysCacheGetAttr(PROCOID, tuple, Anum_pg_proc_prosqlbody, &isnull);
	if (!isnull)
		result = tracelab_node_functions(TextDatumGetCString(datum));
	else
	{
		datum = SysCacheGetAttr(PROCOID, tuple, Anum_pg_proc_prosrc, &isnull);
		if (!isnull)
		{
			List	   *parsed = raw_parser(TextDatumGetCString(datum),
											RAW_PARSE_DEFAULT);
			ListCell   *lc;

			/* an inlined body is a single SELECT */
			foreach(lc, parsed)
			{
				Node	   *stmt = ((RawStmt *) lfirst(lc))->stmt;

				if (IsA(stmt, SelectStmt))
					(void) body_name_walker(stmt, &result);
			}
		}
	}
	ReleaseSysCache(tuple);
	return list_delete_oid(result, fnoid);
}

/*
 * cached_body_functions
 *		body_functions, kept with the function until it changes.
 *
 * Parsing a body and resolving its names for every plan that inlines the
 * function would cost more than the rest of the plan's recording.
 */
static List *
cached_body_functions(Oid fnoid)
{
	TracelabFunction *fn = tracelab_lookup_function(fnoid);
	List	   *body;
	ListCell   *lc;
	int			i = 0;

	if (fn != NULL && fn->body_known)
	{
		body = NIL;
		for (i = 0; i < fn->nbody; i++)
			body = lappend_oid(body, fn->body[i]);
		return body;
	}
	body = body_functions(fnoid);
	if (fn == NULL)
		return body;
	free(fn->body);
	fn->body = (body != NIL) ? malloc(list_length(body) * sizeof(Oid)) : NULL;
	if (body != NIL && fn->body == NULL)
	{
		fn->nbody = 0;
		return body;			/* out of memory: not cached */
	}
	foreach(lc, body)
		fn->body[i++] = lfirst_oid(lc);
	fn->nbody = i;
	fn->body_known = true;
	return body;
}

/* an inlined call whose body calls no user function: it has no links */
static TracelabInlinedLinks nothing_inlined;

/*
 * keep_live
 *		Keep an inlined call's links for the calls that come from its body
 *		(enforce_origin.c), in the plan's context.
 */
static void
keep_live(PlanInlining *plan, const TracelabCall *call)
{
	TracelabOriginLink links[TL_MAX_INLINED_LINKS];
	TracelabInlinedLinks *inlined;
	MemoryContext oldcontext;
	int			n;

	if (plan->index < 0 || plan->index >= tracelab_stack_height)
		return;
	if (call->body == NIL)
	{
		/*
		 * No call can come from its body: only note that the plan inlined
		 * something (a call while planning then looks no further back).
		 */
		plan->live = lappend(plan->live, (void *) &nothing_inlined);
		return;
	}
	n = tracelab_inlined_links(plan->index, call, links, lengthof(links));
	oldcontext = MemoryContextSwitchTo(plan->context);
	inlined = palloc(sizeof(TracelabInlinedLinks));
	inlined->fnoid = call->fnoid;
	tracelab_copy_oids(plan->context, call->body, &inlined->body);
	inlined->nlinks = n;
	inlined->links = palloc(sizeof(TracelabOriginLink) * Max(n, 1));
	memcpy(inlined->links, links, sizeof(TracelabOriginLink) * n);
	plan->live = lappend(plan->live, inlined);
	MemoryContextSwitchTo(oldcontext);
}

/*
 * tracelab_inline_live_calls
 *		The inlined calls kept so far by the plan whose frame is at
 *		plan_index, or NIL.
 */
List *
tracelab_inline_live_calls(int plan_index)
{
	int			i;

	for (i = plan_count - 1; i >= 0; i--)
	{
		if (plans[i].index == plan_index)
			return plans[i].live;
	}
	return NIL;
}

/*
 * emit_inlined
 *		Write the FunctionEntered/Exited pair of one inlined call site.
 */
static void
emit_inlined(PlanInlining *plan, const InlineSite *site, List *body)
{
	TracelabCall call;
	uint64		parent;
	int			depth;
	uint64		seq;

	tracelab_prepare_frame(true, &parent, &depth);
	(void) tracelab_describe_function(site->fnoid, true, parent, depth);
	memset(&call, 0, sizeof(call));
	call.fnoid = site->fnoid;
	call.reached_by = site->reached_by;
	call.location = site->location;
	if (call.location >= 0 && plan->text_offset > 0)
	{
		call.location -= plan->text_offset;
		if (call.location < 0)
			call.location = -1;
	}
	call.phase = TL_PHASE_PLANNING;
	if (OidIsValid(site->opno))
	{
		call.via_kind = "operator";
		call.via_oid = site->opno;
		tracelab_describe_operator(site->opno, parent, depth);
	}
	else if (OidIsValid(site->cast_source))
	{
		call.via_kind = "cast";
		call.via_oid = site->cast_source;
		call.via_oid2 = site->cast_target;
		(void) tracelab_describe_type(site->cast_source, parent, depth);
		(void) tracelab_describe_type(site->cast_target, parent, depth);
	}
	call.inlined = true;
	call.body = body;
	seq = tracelab_emit_function_call(parent, depth, &call);
	if (seq != 0)
		tracelab_emit_function_exited(seq, false, 0, false);
	if (tracelab_enforcing())
		keep_live(plan, &call);
}

/*
 * emit_function
 *		Write the inlined calls of one function: one per call site, and one
 *		with location -1 when the planner inlined it more often than the
 *		query has call sites (it was inlined inside another body too).
 *
 * count is how often it was inlined, or 0 when unknown yet.
 */
static void
emit_function(PlanInlining *plan, Oid fnoid, int count)
{
	List	   *body;
	ListCell   *sc;
	int			sites = 0;
	uint64		parent;
	int			depth;

	plan->emitted = lappend_oid(plan->emitted, fnoid);
	tracelab_prepare_frame(true, &parent, &depth);
	(void) tracelab_describe_function(fnoid, true, parent, depth);
	body = cached_body_functions(fnoid);
	foreach(sc, plan->sites)
	{
		InlineSite *site = (InlineSite *) lfirst(sc);

		if (site->fnoid != fnoid)
			continue;
		emit_inlined(plan, site, body);
		sites++;
	}
	if (sites == 0 || count > sites)
	{
		InlineSite	nested;

		memset(&nested, 0, sizeof(nested));
		nested.fnoid = fnoid;
		nested.location = -1;
		nested.reached_by = "call";
		emit_inlined(plan, &nested, body);
	}
}

/*
 * tracelab_inline_before_call
 *		A user function is called while a plan is being built: write first
 *		the inlining in progress around it, if any.
 *
 * The planner simplifies an inlined body after it has decided to inline
 * it, and that can run user code (folding an immutable function with
 * constant arguments).  Such a call belongs under the inlined function,
 * whose frames would otherwise only come at the end of the plan.  While a
 * function's inlining is in progress, inline_function has its own error
 * context on the stack, pushed on top of the stack the inliner asked the
 * hook with; so every context between here and the plan's start whose
 * predecessor is the stack of an ask marks that ask's function as being
 * inlined now.
 */
void
tracelab_inline_before_call(void)
{
	PlanInlining *plan = current_plan();
	ErrorContextCallback *context;
	MemoryContext oldcontext;
	List	   *inlining = NIL;
	ListCell   *lc;

	if (plan == NULL || plan->considered == NIL ||
		error_context_stack == plan->base_context)
		return;
	oldcontext = MemoryContextSwitchTo(plan->context);
	for (context = error_context_stack;
		 context != NULL && context != plan->base_context;
		 context = context->previous)
	{
		ListCell   *oc;
		Oid			found = InvalidOid;

		forboth(lc, plan->considered, oc, plan->considered_at)
		{
			if ((ErrorContextCallback *) lfirst(oc) == context->previous)
				found = lfirst_oid(lc); /* the latest ask wins */
		}
		if (OidIsValid(found))
			inlining = lcons_oid(found, inlining);	/* outermost first */
	}
	foreach(lc, inlining)
	{
		if (!list_member_oid(plan->emitted, lfirst_oid(lc)))
			emit_function(plan, lfirst_oid(lc), 0);
	}
	MemoryContextSwitchTo(oldcontext);
}

/*
 * tracelab_inline_plan_finish
 *		After planning: write the inlined calls, and forget the plan.
 *
 * Only a successful plan writes anything; catalog access is safe then.
 * The plan's own frame is still open, so the calls nest under it.
 */
void
tracelab_inline_plan_finish(Query *parse, bool failed)
{
	PlanInlining *plan = innermost_plan();
	MemoryContext oldcontext;
	ListCell   *lc;

	if (plan == NULL || plan->parse != parse)
		return;
	if (!failed && plan->final_seen && plan->inlined != NIL &&
		tracelab_recording())
	{
		oldcontext = MemoryContextSwitchTo(plan->context);
		foreach(lc, plan->considered)
		{
			Oid			fnoid = lfirst_oid(lc);
			int			count;

			if (list_member_oid(plan->emitted, fnoid))
				continue;
			count = inline_count(plan, fnoid);
			if (count > 0)
				emit_function(plan, fnoid, count);
		}
		MemoryContextSwitchTo(oldcontext);
	}
	if (!failed && plan->live != NIL)
		tracelab_plan_note_inlined(plan->live);	/* copied before it goes */
	if (plan->context != NULL)
		tracelab_scratch_end(plan->context);	/* or deletes our own */
	plan_count--;
}
