/*-------------------------------------------------------------------------
 *
 * plan.c
 *	  PlanStarted/PlanFinished: the planner's run and the policies applied.
 *
 * The planner runs user code of its own: it folds immutable functions into
 * constants, calls selectivity estimators, proves partial-index
 * predicates and calls range subtype_diff functions, once per plan build
 * and also for plans that never run (EXPLAIN without ANALYZE).  planner_hook
 * wraps each run in a PLAN frame, so those calls nest under PlanStarted
 * and get the phase "planning".  A plan under which nothing happens is not
 * written at all (tracelab_capture_plan_start says when it is).
 *
 * The planner's input is the rewritten query, in which the rewriter has
 * applied row-level security to every relation it is enabled for.
 * PostgreSQL does not record which policy produced which qual, so
 * PlanFinished recomputes the choice the way rewrite/rowsecurity.c makes
 * it: for each relation the policies for the commands the query performs
 * on it and the roles the checking user has the privileges of.  The
 * relations are collected from the tree before planning (the planner
 * rewrites it in place) without catalog access, and resolved after a
 * successful plan, a normal path where catalog access is safe.  Policies
 * added by row_security_policy_hook_* extensions are not in the catalog
 * and are not listed.
 *
 * src/Recorder/Probe/plan.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_class.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#if PG_VERSION_NUM >= 160000
#include "parser/parse_relation.h"
#endif
#include "utils/acl.h"
#include "utils/rls.h"
#include "utils/memutils.h"

#include "tracelab_probe.h"
#include "enforce.h"

/* Commands whose policies apply to a relation (bits of 1 << CmdType). */
#define CMD_BIT(cmd)	(1 << (cmd))

/* A relation of the rewritten query that row-level security may cover. */
typedef struct RlsCandidate
{
	Oid			relid;
	Oid			check_as_user;	/* InvalidOid: the current user */
	int			commands;		/* CMD_BIT of the commands */
} RlsCandidate;

/* State of the walk collecting candidates. */
typedef struct RlsWalk
{
	List	   *candidates;
} RlsWalk;

static bool rls_walker(Node *node, RlsWalk *walk);

/* Query ids whose latest recorded plan had something in it, bounded. */
#define TL_MAX_INTERESTING_PLANS	4096

static HTAB *interesting_plans = NULL;
static bool always_write_plans = false;

/*
 * What the latest written PlanFinished of a query id said, while a policy
 * is enforced: the policies it listed and the calls it inlined (with their
 * links).  The replayer's statement scope takes a statement's row security
 * and inlined calls from there (AnalysisIndex.PlanOf), so the live chain
 * does too.  A newer plan's facts replace (and free) an older one's;
 * bounded like the interesting plans: everything starts over (freed at
 * once) after TL_MAX_INTERESTING_PLANS query ids.
 */
typedef struct PlanFacts
{
	uint64		query_id;		/* hash key, must be first */
	List	   *applied;		/* as PlanFinished lists them */
	List	   *inlined;		/* TracelabInlinedLinks */
} PlanFacts;

static HTAB *plan_facts = NULL;
static MemoryContext plan_facts_context = NULL;

/* the inlined calls of the plan finishing now (tracelab_plan_note_inlined) */
static List *finishing_inlined = NIL;

/*
 * rte_permissions
 *		The privileges an RTE requires and the user they are checked as.
 */
static void
rte_permissions(Query *query, RangeTblEntry *rte, AclMode *perms,
				Oid *check_as_user)
{
#if PG_VERSION_NUM >= 160000
	if (rte->perminfoindex != 0)
	{
		RTEPermissionInfo *perminfo = getRTEPermissionInfo(query->rteperminfos,
														   rte);

		*perms = perminfo->requiredPerms;
		*check_as_user = perminfo->checkAsUser;
		return;
	}
	*perms = 0;
	*check_as_user = InvalidOid;
#else
	*perms = rte->requiredPerms;
	*check_as_user = rte->checkAsUser;
#endif
}

/*
 * rte_commands
 *		The commands whose policies rowsecurity.c applies to an RTE.
 */
static int
rte_commands(Query *query, int rt_index, AclMode perms)
{
	CmdType		command = (rt_index == query->resultRelation) ?
		query->commandType : CMD_SELECT;
	int			commands = CMD_BIT(command);

	switch (command)
	{
		case CMD_SELECT:
			if (perms & ACL_UPDATE)
				commands |= CMD_BIT(CMD_UPDATE);	/* FOR UPDATE/SHARE */
			break;
		case CMD_INSERT:
			if (perms & ACL_SELECT)
				commands |= CMD_BIT(CMD_SELECT);	/* RETURNING */
			if (query->onConflict != NULL &&
				query->onConflict->action == ONCONFLICT_UPDATE)
				commands |= CMD_BIT(CMD_UPDATE) | CMD_BIT(CMD_SELECT);
			break;
		case CMD_UPDATE:
		case CMD_DELETE:
			if (perms & ACL_SELECT)
				commands |= CMD_BIT(CMD_SELECT);
			break;
		case CMD_MERGE:
			commands |= CMD_BIT(CMD_UPDATE) | CMD_BIT(CMD_DELETE) |
				CMD_BIT(CMD_INSERT);
			if (perms & ACL_SELECT)
				commands |= CMD_BIT(CMD_SELECT);
			break;
		default:
			break;
	}
	return commands;
}

/*
 * rls_query
 *		Collect the candidate relations of one query level, then go deeper.
 */
static void
rls_query(Query *query, RlsWalk *walk)
{
	ListCell   *lc;
	int			rt_index = 0;

	foreach(lc, query->rtable)
	{
		RangeTblEntry *rte = (RangeTblEntry *) lfirst(lc);
		RlsCandidate *candidate;
		AclMode		perms;

		rt_index++;
		if (rte->rtekind != RTE_RELATION ||
			(rte->relkind != RELKIND_RELATION &&
			 rte->relkind != RELKIND_PARTITIONED_TABLE))
			continue;
		candidate = palloc(sizeof(RlsCandidate));
		candidate->relid = rte->relid;
		rte_permissions(query, rte, &perms, &candidate->check_as_user);
		candidate->commands = rte_commands(query, rt_index, perms);
		walk->candidates = lappend(walk->candidates, candidate);
	}
	(void) query_tree_walker(query, rls_walker, walk, 0);
}

/*
 * rls_walker
 *		Find the queries nested in subqueries, CTEs, sublinks and quals.
 */
static bool
rls_walker(Node *node, RlsWalk *walk)
{
	if (node == NULL)
		return false;
	if (IsA(node, Query))
	{
		rls_query((Query *) node, walk);
		return false;
	}
	return expression_tree_walker(node, rls_walker, walk);
}

/*
 * policy_applies
 *		Whether a policy applies to one of the commands for the user.
 */
static bool
policy_applies(const TracelabRowPolicy *policy, int commands, Oid user)
{
	int			command;
	int			i;

	switch (policy->cmd)
	{
		case 'r':
			command = CMD_SELECT;
			break;
		case 'a':
			command = CMD_INSERT;
			break;
		case 'w':
			command = CMD_UPDATE;
			break;
		case 'd':
			command = CMD_DELETE;
			break;
		default:
			command = -1;		/* ALL */
			break;
	}
	if (command >= 0 && (commands & CMD_BIT(command)) == 0)
		return false;
	for (i = 0; i < policy->nroles; i++)
	{
		if (policy->roles[i] == ACL_ID_PUBLIC ||
			has_privs_of_role(user, policy->roles[i]))
			return true;
	}
	return false;
}

/*
 * listed_policy
 *		Whether a relation's list (relation oid first) has the policy.
 */
static bool
listed_policy(List *applied, Oid policy)
{
	ListCell   *lc;

	for_each_from(lc, applied, 1)
	{
		if (lfirst_oid(lc) == policy)
			return true;
	}
	return false;
}

/*
 * applied_policies
 *		For each relation under row-level security, the policy oids applied.
 *
 * Returns a list of lists: the relation oid first, then its policies.
 */
static List *
applied_policies(List *candidates, uint64 parent, int depth)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, candidates)
	{
		RlsCandidate *candidate = (RlsCandidate *) lfirst(lc);
		TracelabRelation *entry;
		Oid			user;
		List	   *applied = NIL;
		ListCell   *rc;
		int			i;

		entry = tracelab_describe_relation(candidate->relid, parent, depth);
		if (entry == NULL || !entry->row_security ||
			check_enable_rls(candidate->relid, candidate->check_as_user,
							 true) != RLS_ENABLED)
			continue;
		user = OidIsValid(candidate->check_as_user) ?
			candidate->check_as_user : GetUserId();

		/* one entry per relation, with the union of its policies */
		foreach(rc, result)
		{
			if (linitial_oid((List *) lfirst(rc)) == candidate->relid)
				break;
		}
		if (rc != NULL)
			applied = (List *) lfirst(rc);
		else
		{
			applied = list_make1_oid(candidate->relid);
			result = lappend(result, applied);
		}
		for (i = 0; i < entry->npolicies; i++)
		{
			if (policy_applies(&entry->policies[i], candidate->commands,
							   user) &&
				!listed_policy(applied, entry->policies[i].oid))
				applied = lappend_oid(applied, entry->policies[i].oid);
		}
		if (rc != NULL)
			lfirst(rc) = applied;
		else
			llast(result) = applied;
	}
	return result;
}

/*
 * last_plan_interesting
 *		Whether the latest plan recorded for a query id had something in it.
 */
static bool
last_plan_interesting(uint64 query_id)
{
	if (query_id == 0 || always_write_plans || tracelab_frames_lost)
		return true;
	return interesting_plans != NULL &&
		hash_search(interesting_plans, &query_id, HASH_FIND, NULL) != NULL;
}

/*
 * note_plan
 *		Remember whether a query id's latest plan had something in it.
 *
 * Only the interesting ones are kept; when too many are, or a block was
 * lost (the reader may have missed an interesting plan), every plan of the
 * session is written from then on.
 */
static void
note_plan(uint64 query_id, bool interesting)
{
	bool		found;

	if (query_id == 0 || always_write_plans)
		return;
	if (tracelab_frames_lost)
	{
		always_write_plans = true;
		return;
	}
	if (!interesting)
	{
		if (interesting_plans != NULL)
			(void) hash_search(interesting_plans, &query_id, HASH_REMOVE, NULL);
		return;
	}
	if (interesting_plans == NULL)
		interesting_plans = tracelab_hash_create("TraceLab interesting plans",
												 sizeof(uint64),
												 sizeof(uint64), false);
	if (hash_get_num_entries(interesting_plans) >= TL_MAX_INTERESTING_PLANS ||
		hash_search(interesting_plans, &query_id, HASH_ENTER_NULL,
					&found) == NULL)
		always_write_plans = true;
}

/*
 * facts_context
 *		The context plan facts live in, made room in first: lists copied
 *		into it stay valid until the next plan's facts are kept.
 */
static MemoryContext
facts_context(void)
{
	if (plan_facts == NULL ||
		hash_get_num_entries(plan_facts) >= TL_MAX_INTERESTING_PLANS)
	{
		if (plan_facts != NULL)
			hash_destroy(plan_facts);
		if (plan_facts_context == NULL)
			plan_facts_context = AllocSetContextCreate(TopMemoryContext,
													   "TraceLab plan facts",
													   ALLOCSET_SMALL_SIZES);
		else
			MemoryContextReset(plan_facts_context);
		plan_facts = tracelab_hash_create("TraceLab plan facts",
										  sizeof(uint64), sizeof(PlanFacts),
										  false);
		finishing_inlined = NIL;
	}
	return plan_facts_context;
}

/*
 * tracelab_plan_note_inlined
 *		The inlined calls of the plan finishing now (inline.c, just before
 *		PlanFinished, while the plan's context still holds them): copied,
 *		texts included, into the plan facts context, leaving out those with
 *		no links (bodies that call no user function), for PlanFinished to
 *		keep; free_plan_facts frees what this allocates.
 */
void
tracelab_plan_note_inlined(List *live)
{
	MemoryContext oldcontext = MemoryContextSwitchTo(facts_context());
	ListCell   *lc;

	finishing_inlined = NIL;
	foreach(lc, live)
	{
		const TracelabInlinedLinks *from = lfirst(lc);
		TracelabInlinedLinks *to;
		int			i;

		if (from->nlinks == 0)
			continue;
		to = palloc(sizeof(TracelabInlinedLinks));
		*to = *from;
		to->body.oids = palloc(sizeof(Oid) * Max(from->body.count, 1));
		memcpy(to->body.oids, from->body.oids, sizeof(Oid) * from->body.count);
		to->links = palloc(sizeof(TracelabOriginLink) * from->nlinks);
		memcpy(to->links, from->links,
			   sizeof(TracelabOriginLink) * from->nlinks);
		for (i = 0; i < to->nlinks; i++)
		{
			if (to->links[i].text != NULL)
				to->links[i].text = pstrdup(to->links[i].text);
		}
		finishing_inlined = lappend(finishing_inlined, to);
	}
	MemoryContextSwitchTo(oldcontext);
}

/*
 * free_plan_facts
 *		Free the lists an entry of the plan facts holds (replaced by a newer
 *		plan's: a session planning one statement over and over must not
 *		grow).
 */
static void
free_plan_facts(PlanFacts *entry)
{
	ListCell   *lc;

	foreach(lc, entry->applied)
		list_free((List *) lfirst(lc));
	list_free(entry->applied);
	foreach(lc, entry->inlined)
	{
		TracelabInlinedLinks *inlined = lfirst(lc);
		int			i;

		for (i = 0; i < inlined->nlinks; i++)
		{
			if (inlined->links[i].text != NULL)
				pfree((void *) inlined->links[i].text);
		}
		pfree(inlined->links);
		pfree(inlined->body.oids);
		pfree(inlined);
	}
	list_free(entry->inlined);
	entry->applied = NIL;
	entry->inlined = NIL;
}

/*
 * note_plan_facts
 *		Keep what a written PlanFinished said for its query id.
 */
static void
note_plan_facts(uint64 query_id, List *applied, List *inlined)
{
	MemoryContext context;
	bool		found;
	PlanFacts  *entry;
	MemoryContext oldcontext;
	ListCell   *lc;

	if (query_id == 0)
		return;
	if (plan_facts == NULL ||
		hash_get_num_entries(plan_facts) >= TL_MAX_INTERESTING_PLANS)
		inlined = NIL;			/* its context is about to start over */
	context = facts_context();
	entry = hash_search(plan_facts, &query_id, HASH_ENTER_NULL, &found);
	if (entry == NULL)
		return;
	if (found)
		free_plan_facts(entry);
	oldcontext = MemoryContextSwitchTo(context);
	entry->applied = NIL;
	foreach(lc, applied)
		entry->applied = lappend(entry->applied, list_copy((List *) lfirst(lc)));
	entry->inlined = inlined;
	MemoryContextSwitchTo(oldcontext);
}

/*
 * tracelab_plan_facts
 *		What the latest PlanFinished of a query id said while a policy was
 *		enforced: the policies it listed (relation oid first, then its
 *		policies) and the calls it inlined (TracelabInlinedLinks); false when
 *		none was kept.
 */
bool
tracelab_plan_facts(uint64 query_id, List **applied, List **inlined)
{
	PlanFacts  *entry;

	if (query_id == 0 || plan_facts == NULL)
		return false;
	entry = hash_search(plan_facts, &query_id, HASH_FIND, NULL);
	if (entry == NULL)
		return false;
	*applied = entry->applied;
	*inlined = entry->inlined;
	return true;
}

/*
 * tracelab_inlined_candidates_exist
 *		Whether a call at location -1 under the plan or planned statement at
 *		parent_index may come from an inlined body (cheap, for the calls of
 *		plans that inlined nothing).
 */
bool
tracelab_inlined_candidates_exist(int parent_index)
{
	const TracelabEntry *parent = &tracelab_stack[parent_index];
	List	   *applied = NIL;
	List	   *calls = NIL;

	if (parent->kind == TL_ENTRY_PLAN &&
		tracelab_inline_live_calls(parent_index) != NIL)
		return true;
	return tracelab_plan_facts(parent->query_id, &applied, &calls) &&
		calls != NIL;
}

/*
 * emit_plan_started
 *		Write the PlanStarted of a plan stack entry.
 */
static uint64
emit_plan_started(const TracelabEntry *entry, uint64 parent, int depth)
{
	uint64		seq;

	seq = tracelab_frame_begin(TL_PLAN_STARTED, 4, parent, depth);
	if (seq != 0 && !tracelab_frames_discarded)
	{
		tracelab_put_int((int64) entry->query_id);
		tracelab_put_uint((uint32) entry->cursor_options);
		tracelab_put_bool(entry->bound_params);
		tracelab_put_statement_text(entry->text, entry->text_len);
		tracelab_frame_end();
	}
	return seq;
}

/*
 * tracelab_plan_materialize
 *		Write the deferred PlanStarted of the plan at a stack index: a frame
 *		is about to nest in it.  Returns its seq (0 when nothing was written).
 *
 * Needs no catalog access, so it may run in error paths too.
 */
uint64
tracelab_plan_materialize(int index)
{
	TracelabEntry *entry;
	uint64		parent = tracelab_parent_below(index);
	uint64		seq;

	tracelab_entry_text(index);
	entry = &tracelab_stack[index];
	seq = emit_plan_started(entry, parent, index);
	tracelab_stack[index].seq = seq;	/* the stack may have moved */
	return seq;
}

/*
 * tracelab_capture_plan_start
 *		planner_hook: push the plan, whose PlanStarted may wait.
 *
 * Most plans run no user code, inline nothing and apply no row-level
 * security; their PlanStarted/PlanFinished would tell a reader nothing,
 * and they are a third of the frames of a simple query.  So PlanStarted
 * is written only when a frame nests in the plan (tracelab_parent_below
 * writes it then), when the plan fails or applies policies (at its end),
 * or at once when the latest plan recorded for the same query id had
 * something in it, so that a reader looking up "the latest plan of this
 * query" never finds a stale one.  *rls receives the relations to check
 * for row-level security, collected now because the planner changes the
 * tree.  Returns the stack height to restore, or -1 when nothing was
 * recorded.
 */
int
tracelab_capture_plan_start(Query *parse, const char *query_string,
							int cursorOptions, ParamListInfo boundParams,
							List **rls)
{
	TracelabEntry *entry;
	uint64		parent;
	int			depth;
	int			saved;
	RlsWalk		walk;

	*rls = NIL;
	if (!tracelab_recording() || !IsTransactionState() ||
		!tracelab_stack_reserve())
		return -1;

	/* the roles the PlanStarted will name, described now while we may */
	tracelab_prepare_frame(true, &parent, &depth);

	walk.candidates = NIL;
	if (parse->hasRowSecurity)
		rls_query(parse, &walk);
	*rls = walk.candidates;

	saved = tracelab_stack_height;
	entry = tracelab_stack_push(0, TL_ENTRY_PLAN, -1);
	entry->source = query_string;
	entry->stmt_location = parse->stmt_location;
	entry->stmt_len = parse->stmt_len;
	entry->text_pending = true;
	entry->query_id = parse->queryId;
	entry->cursor_options = cursorOptions;
	entry->bound_params = boundParams != NULL;
	if (tracelab_enforcing())
		tracelab_chain_plan(saved, parse);
	if (last_plan_interesting(parse->queryId))
		(void) tracelab_plan_materialize(saved);
	tracelab_inline_plan_start(parse, saved);
	return saved;
}

/*
 * tracelab_capture_plan_finish
 *		planner_hook returned or is unwinding an ERROR: write PlanFinished.
 *
 * With failed set this runs in PG_CATCH: geterrcode() is valid there and
 * no catalog access is allowed, so no policies and no inlined calls are
 * listed.  A plan whose PlanStarted still waits is written only when it
 * failed or applied policies; otherwise it leaves no frame.
 */
void
tracelab_capture_plan_finish(Query *parse, int saved_height, List *rls,
							 bool failed)
{
	TracelabEntry entry;
	uint64		parent;
	int			depth;
	List	   *applied = NIL;
	ListCell   *lc;
	MemoryContext context = NULL;
	MemoryContext oldcontext = NULL;
	bool		nested;
	List	   *inlined;

	tracelab_inline_plan_finish(parse, failed);
	inlined = finishing_inlined;
	finishing_inlined = NIL;
	if (saved_height >= tracelab_stack_height ||
		tracelab_stack[saved_height].kind != TL_ENTRY_PLAN)
		return;
	if (tracelab_stack[saved_height].seq == 0 && !failed && rls == NIL)
	{
		/* the common case: nothing happened, nothing is written */
		note_plan(tracelab_stack[saved_height].query_id, false);
		tracelab_stack_pop_to(saved_height);
		return;
	}
	tracelab_entry_text(saved_height);
	entry = tracelab_stack[saved_height];
	nested = entry.seq != 0 && tracelab_frame_next_seq() > entry.seq + 1;
	tracelab_stack_pop_to(saved_height);
	tracelab_prepare_frame(!failed, &parent, &depth);
	if (!failed && rls != NIL)
	{
		context = AllocSetContextCreate(CurrentMemoryContext,
										"TraceLab plan",
										ALLOCSET_SMALL_SIZES);
		oldcontext = MemoryContextSwitchTo(context);
		applied = applied_policies(rls, parent, depth);
	}

	if (entry.seq == 0 && (failed || applied != NIL))
		entry.seq = emit_plan_started(&entry, parent, depth);
	if (entry.seq != 0 &&
		tracelab_frame_begin(TL_PLAN_FINISHED, 4, parent, depth) != 0)
	{
		tracelab_put_uint(entry.seq);
		tracelab_put_uint(failed ? 1 : 0);
		if (failed)
			tracelab_put_sqlstate(geterrcode());
		else
			tracelab_put_str("");
		tracelab_put_array(list_length(applied));
		foreach(lc, applied)
		{
			List	   *relation = (List *) lfirst(lc);

			tracelab_put_array(2);
			tracelab_put_uint(linitial_oid(relation));
			tracelab_put_oid_list(list_copy_tail(relation, 1));
		}
		tracelab_frame_end();
		if (!failed && tracelab_enforcing())
			note_plan_facts(entry.query_id, applied, inlined);
	}
	if (!failed)
		note_plan(entry.query_id, nested || applied != NIL);

	if (context != NULL)
	{
		MemoryContextSwitchTo(oldcontext);
		MemoryContextDelete(context);
	}
}
