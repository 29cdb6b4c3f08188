/*-------------------------------------------------------------------------
 *
 * probe.c
 *	  Module entry point of the TraceLab probe: settings and hooks.
 *
 * tracelab_probe records the provenance of code execution in every backend
 * that runs user code: which statements were analysed, planned and run, at
 * which depth, which user functions they called (as whom, in which phase,
 * through which operator, cast, view, trigger or policy), what the
 * commands changed, and how each (sub)transaction ended.  Each backend
 * writes its own spool file, which the TraceLab Recorder ingests
 * (FORMAT.md).
 *
 * This file installs the hooks and dispatches to one file per concern, the
 * way contrib/sepgsql's hooks.c does.  Every hook that opens a frame runs
 * the previous hook (or the standard function) inside PG_TRY, so that an
 * ERROR unwinding through it closes the frame with status 1 and restores
 * the nesting before the error goes on; the error itself is always
 * re-thrown unchanged.  Every saved hook is chained, so the probe composes
 * with pg_stat_statements, auto_explain, sepgsql and the like.
 *
 * The library must be loaded through shared_preload_libraries: the hooks
 * then exist in every process forked by the postmaster.  The probe records
 * in client backends, autovacuum workers and background workers connected
 * to a database (parallel workers, logical replication apply workers), and
 * stays inert everywhere else (postmaster, checkpointer, walwriter, ...).
 * Recording in a backend can be switched off by a superuser with
 * tracelab.enabled, for example for the database of the event store.
 *
 * src/Recorder/Probe/probe.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/objectaccess.h"
#include "executor/executor.h"
#include "miscadmin.h"
#include "optimizer/planner.h"
#include "parser/analyze.h"
#include "storage/ipc.h"
#include "tcop/utility.h"
#include "utils/guc.h"
#include "utils/queryjumble.h"

#include "tracelab_probe.h"

#if PG_VERSION_NUM >= 180000
#error "tracelab_probe has not been ported to PostgreSQL 18 hook signatures"
#endif

PG_MODULE_MAGIC;

void		_PG_init(void);

/* Saved hook values, always chained */
static post_parse_analyze_hook_type prev_post_parse_analyze_hook = NULL;
static planner_hook_type prev_planner_hook = NULL;
static object_access_hook_type prev_object_access_hook = NULL;
static ExecutorStart_hook_type prev_ExecutorStart = NULL;
static ExecutorRun_hook_type prev_ExecutorRun = NULL;
static ExecutorFinish_hook_type prev_ExecutorFinish = NULL;
static ExecutorEnd_hook_type prev_ExecutorEnd = NULL;
static ProcessUtility_hook_type prev_ProcessUtility = NULL;
static needs_fmgr_hook_type prev_needs_fmgr_hook = NULL;
static fmgr_hook_type prev_fmgr_hook = NULL;
static create_upper_paths_hook_type prev_create_upper_paths_hook = NULL;
static shmem_startup_hook_type prev_shmem_startup_hook = NULL;

static bool tracelab_needs_fmgr_hook(Oid fn_oid);

/*
 * tracelab_hook_mode
 *		SessionStarted's hook_mode: whether SQL functions stay inlined.
 *
 * inline.c tells the inliner from fmgr_info by the address that calls the
 * hook; that only works when nobody installed needs_fmgr_hook after the
 * probe (FORMAT.md, "Inlined calls").
 */
const char *
tracelab_hook_mode(void)
{
#if defined(__GNUC__) || defined(__clang__)
	if (needs_fmgr_hook == tracelab_needs_fmgr_hook)
		return "user-inlining";
#endif
	return "user";
}

/*
 * tracelab_post_parse_analyze
 *		post_parse_analyze_hook: record what an analysed query will touch.
 */
static void
tracelab_post_parse_analyze(ParseState *pstate, Query *query,
							JumbleState *jstate)
{
	if (prev_post_parse_analyze_hook)
		(*prev_post_parse_analyze_hook) (pstate, query, jstate);
	tracelab_capture_analyzed(pstate, query);
}

/*
 * call_planner
 *		Run the previous planner hook or the standard planner.
 */
static PlannedStmt *
call_planner(Query *parse, const char *query_string, int cursorOptions,
			 ParamListInfo boundParams)
{
	if (prev_planner_hook)
		return (*prev_planner_hook) (parse, query_string, cursorOptions,
									 boundParams);
	return standard_planner(parse, query_string, cursorOptions, boundParams);
}

/*
 * tracelab_planner
 *		planner_hook: the planner runs, and user code it calls is planning.
 */
static PlannedStmt *
tracelab_planner(Query *parse, const char *query_string, int cursorOptions,
				 ParamListInfo boundParams)
{
	PlannedStmt *result;
	List	   *rls = NIL;
	int			saved;

	saved = tracelab_capture_plan_start(parse, query_string, cursorOptions,
										boundParams, &rls);
	if (saved < 0)
		return call_planner(parse, query_string, cursorOptions, boundParams);
	PG_TRY();
	{
		result = call_planner(parse, query_string, cursorOptions,
							  boundParams);
	}
	PG_CATCH();
	{
		tracelab_capture_plan_finish(parse, saved, NIL, true);
		PG_RE_THROW();
	}
	PG_END_TRY();
	tracelab_capture_plan_finish(parse, saved, rls, false);
	return result;
}

/*
 * tracelab_create_upper_paths
 *		create_upper_paths_hook: the last stage of a query level's planning.
 */
static void
tracelab_create_upper_paths(PlannerInfo *root, UpperRelationKind stage,
							RelOptInfo *input_rel, RelOptInfo *output_rel,
							void *extra)
{
	if (prev_create_upper_paths_hook)
		(*prev_create_upper_paths_hook) (root, stage, input_rel, output_rel,
										 extra);
	if (stage == UPPERREL_FINAL)
		tracelab_inline_final(root);
}

/*
 * call_ExecutorStart
 *		Run the previous ExecutorStart hook or the standard one.
 */
static void
call_ExecutorStart(QueryDesc *queryDesc, int eflags)
{
	if (prev_ExecutorStart)
		(*prev_ExecutorStart) (queryDesc, eflags);
	else
		standard_ExecutorStart(queryDesc, eflags);
}

/*
 * tracelab_ExecutorStart
 *		ExecutorStart_hook: a planned statement starts.
 */
static void
tracelab_ExecutorStart(QueryDesc *queryDesc, int eflags)
{
	int			saved = tracelab_capture_executor_start(queryDesc, eflags);

	if (saved < 0)
	{
		call_ExecutorStart(queryDesc, eflags);
		return;
	}
	PG_TRY();
	{
		tracelab_enforce_pending();
		call_ExecutorStart(queryDesc, eflags);
	}
	PG_CATCH();
	{
		tracelab_capture_executor_failed(queryDesc, saved);
		PG_RE_THROW();
	}
	PG_END_TRY();
	tracelab_capture_executor_leave(saved);
}

/*
 * call_ExecutorRun
 *		Run the previous ExecutorRun hook or the standard one.
 */
static void
call_ExecutorRun(QueryDesc *queryDesc, ScanDirection direction,
				 uint64 count, bool execute_once)
{
	if (prev_ExecutorRun)
		(*prev_ExecutorRun) (queryDesc, direction, count, execute_once);
	else
		standard_ExecutorRun(queryDesc, direction, count, execute_once);
}

/*
 * tracelab_ExecutorRun
 *		ExecutorRun_hook: the statement is the parent of what it calls.
 */
static void
tracelab_ExecutorRun(QueryDesc *queryDesc, ScanDirection direction,
					 uint64 count, bool execute_once)
{
	int			saved = tracelab_capture_executor_enter(queryDesc);

	if (saved < 0)
	{
		call_ExecutorRun(queryDesc, direction, count, execute_once);
		return;
	}
	PG_TRY();
	{
		call_ExecutorRun(queryDesc, direction, count, execute_once);
	}
	PG_CATCH();
	{
		tracelab_capture_executor_failed(queryDesc, saved);
		PG_RE_THROW();
	}
	PG_END_TRY();
	tracelab_capture_executor_ran(queryDesc, saved);
}

/*
 * call_ExecutorFinish
 *		Run the previous ExecutorFinish hook or the standard one.
 */
static void
call_ExecutorFinish(QueryDesc *queryDesc)
{
	if (prev_ExecutorFinish)
		(*prev_ExecutorFinish) (queryDesc);
	else
		standard_ExecutorFinish(queryDesc);
}

/*
 * tracelab_ExecutorFinish
 *		ExecutorFinish_hook: AFTER triggers fire under the statement.
 *
 * What runs here are the AFTER triggers queued at this query level and
 * the data-modifying CTEs; a SELECT without such a CTE queues none (the
 * statements its functions run finish their own triggers), so no code
 * can run under it here and it is not pushed.
 */
static void
tracelab_ExecutorFinish(QueryDesc *queryDesc)
{
	int			saved;

	if (queryDesc->operation == CMD_SELECT &&
		!queryDesc->plannedstmt->hasModifyingCTE)
	{
		call_ExecutorFinish(queryDesc);
		return;
	}
	saved = tracelab_capture_executor_enter(queryDesc);

	if (saved < 0)
	{
		call_ExecutorFinish(queryDesc);
		return;
	}
	PG_TRY();
	{
		call_ExecutorFinish(queryDesc);
	}
	PG_CATCH();
	{
		tracelab_capture_executor_failed(queryDesc, saved);
		PG_RE_THROW();
	}
	PG_END_TRY();
	tracelab_capture_executor_leave(saved);
}

/*
 * call_ExecutorEnd
 *		Run the previous ExecutorEnd hook or the standard one.
 */
static void
call_ExecutorEnd(QueryDesc *queryDesc)
{
	if (prev_ExecutorEnd)
		(*prev_ExecutorEnd) (queryDesc);
	else
		standard_ExecutorEnd(queryDesc);
}

/*
 * tracelab_ExecutorEnd
 *		ExecutorEnd_hook: the statement finishes.
 */
static void
tracelab_ExecutorEnd(QueryDesc *queryDesc)
{
	int			saved = tracelab_capture_executor_enter(queryDesc);

	if (saved < 0)
	{
		call_ExecutorEnd(queryDesc);
		return;
	}
	PG_TRY();
	{
		call_ExecutorEnd(queryDesc);
	}
	PG_CATCH();
	{
		tracelab_capture_executor_failed(queryDesc, saved);
		PG_RE_THROW();
	}
	PG_END_TRY();
	tracelab_capture_executor_end(queryDesc, saved);
}

/*
 * call_ProcessUtility
 *		Run the previous ProcessUtility hook or the standard one.
 */
static void
call_ProcessUtility(PlannedStmt *pstmt, const char *queryString,
					bool readOnlyTree, ProcessUtilityContext context,
					ParamListInfo params, QueryEnvironment *queryEnv,
					DestReceiver *dest, QueryCompletion *qc)
{
	if (prev_ProcessUtility)
		(*prev_ProcessUtility) (pstmt, queryString, readOnlyTree, context,
								params, queryEnv, dest, qc);
	else
		standard_ProcessUtility(pstmt, queryString, readOnlyTree, context,
								params, queryEnv, dest, qc);
}

/*
 * tracelab_ProcessUtility
 *		ProcessUtility_hook: a utility statement runs, at any depth.
 */
static void
tracelab_ProcessUtility(PlannedStmt *pstmt, const char *queryString,
						bool readOnlyTree, ProcessUtilityContext context,
						ParamListInfo params, QueryEnvironment *queryEnv,
						DestReceiver *dest, QueryCompletion *qc)
{
	uint64		seq = 0;
	int			saved;

	saved = tracelab_capture_utility_start(pstmt, queryString, context, &seq);
	if (saved < 0)
	{
		call_ProcessUtility(pstmt, queryString, readOnlyTree, context,
							params, queryEnv, dest, qc);
		return;
	}
	PG_TRY();
	{
		tracelab_enforce_pending();
		call_ProcessUtility(pstmt, queryString, readOnlyTree, context,
							params, queryEnv, dest, qc);
	}
	PG_CATCH();
	{
		tracelab_capture_utility_finish(pstmt, seq, saved, NULL, true);
		PG_RE_THROW();
	}
	PG_END_TRY();
	tracelab_capture_utility_finish(pstmt, seq, saved, qc, false);
}

/*
 * tracelab_object_access
 *		object_access_hook: record what a command created, altered, dropped
 *		or truncated.
 */
static void
tracelab_object_access(ObjectAccessType access, Oid classId, Oid objectId,
					   int subId, void *arg)
{
	if (prev_object_access_hook)
		(*prev_object_access_hook) (access, classId, objectId, subId, arg);
	/* every expression that calls a function passes here: leave at once */
	if (access == OAT_FUNCTION_EXECUTE || access == OAT_NAMESPACE_SEARCH)
		return;
	tracelab_capture_object_access(access, classId, objectId, subId, arg);
}

/*
 * tracelab_needs_fmgr_hook
 *		needs_fmgr_hook: hook every call of a user function while recording.
 *
 * The planner's inliner asks this hook too, and a "yes" would stop it from
 * inlining SQL functions; inline.c tells the callers apart by the address
 * this function returns to, so the inliner gets the answer it would get
 * without the probe.
 */
static bool
tracelab_needs_fmgr_hook(Oid fn_oid)
{
#if defined(__GNUC__) || defined(__clang__)
	void	   *caller = __builtin_return_address(0);
#else
	void	   *caller = NULL;	/* unknown: hook every caller */
#endif

	if (tracelab_fmgr_calibrating(caller))
		return true;
	if (prev_needs_fmgr_hook && (*prev_needs_fmgr_hook) (fn_oid))
		return true;
	if (fn_oid < FirstNormalObjectId || !tracelab_recording())
		return false;
	return tracelab_fmgr_hook_wanted(caller, fn_oid);
}

/*
 * tracelab_fmgr_hook
 *		fmgr_hook: a hooked function is entered, returns or fails.
 *
 * The previous hook runs first at FHET_START and last at FHET_END and
 * FHET_ABORT, so frames nest the same way the hooks do.
 */
static void
tracelab_fmgr_hook(FmgrHookEventType event, FmgrInfo *flinfo, Datum *private)
{
	switch (event)
	{
		case FHET_START:
			if (prev_fmgr_hook)
				(*prev_fmgr_hook) (event, flinfo, private);
			tracelab_capture_function_start(flinfo);
			break;
		case FHET_END:
		case FHET_ABORT:
			tracelab_capture_function_end(flinfo, event == FHET_ABORT);
			if (prev_fmgr_hook)
				(*prev_fmgr_hook) (event, flinfo, private);
			break;
	}
}

/*
 * tracelab_shmem_startup
 *		shmem_startup_hook: the server (re)starts; mark it for the recorder.
 */
static void
tracelab_shmem_startup(void)
{
	if (prev_shmem_startup_hook)
		(*prev_shmem_startup_hook) ();
	if (!IsUnderPostmaster)
		tracelab_spool_mark_server_start();
}

/*
 * tracelab_xact_callback
 *		Transaction callback: write TransactionEnded and flush.
 */
static void
tracelab_xact_callback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_PARALLEL_COMMIT:
			tracelab_capture_xact_end(0);
			break;
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PARALLEL_ABORT:
			tracelab_capture_xact_end(1);
			break;
		case XACT_EVENT_PREPARE:
			tracelab_capture_xact_end(2);
			break;
		default:
			break;
	}
}

/*
 * tracelab_subxact_callback
 *		Subtransaction callback: subtransactions start and end.
 */
static void
tracelab_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
						  SubTransactionId parentSubid, void *arg)
{
	switch (event)
	{
		case SUBXACT_EVENT_START_SUB:
			tracelab_capture_subxact_start(mySubid, parentSubid);
			break;
		case SUBXACT_EVENT_ABORT_SUB:
			tracelab_capture_subxact_abort(mySubid);
			break;
		case SUBXACT_EVENT_COMMIT_SUB:
			tracelab_capture_subxact_commit(mySubid, parentSubid);
			break;
		default:
			break;
	}
}

/*
 * _PG_init
 *		Module load callback: define the settings and install the hooks.
 */
void
_PG_init(void)
{
	if (!process_shared_preload_libraries_in_progress)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("tracelab_probe must be loaded via \"shared_preload_libraries\""),
				 errhint("Add tracelab_probe to \"shared_preload_libraries\" and restart the server.")));

	tracelab_define_settings();
	tracelab_enforce_check_startup();

	/* StatementStarted and QueryAnalyzed carry PostgreSQL's query id */
	EnableQueryId();

	prev_post_parse_analyze_hook = post_parse_analyze_hook;
	post_parse_analyze_hook = tracelab_post_parse_analyze;
	prev_planner_hook = planner_hook;
	planner_hook = tracelab_planner;
	prev_ExecutorStart = ExecutorStart_hook;
	ExecutorStart_hook = tracelab_ExecutorStart;
	prev_ExecutorRun = ExecutorRun_hook;
	ExecutorRun_hook = tracelab_ExecutorRun;
	prev_ExecutorFinish = ExecutorFinish_hook;
	ExecutorFinish_hook = tracelab_ExecutorFinish;
	prev_ExecutorEnd = ExecutorEnd_hook;
	ExecutorEnd_hook = tracelab_ExecutorEnd;
	prev_ProcessUtility = ProcessUtility_hook;
	ProcessUtility_hook = tracelab_ProcessUtility;
	prev_needs_fmgr_hook = needs_fmgr_hook;
	needs_fmgr_hook = tracelab_needs_fmgr_hook;
	prev_fmgr_hook = fmgr_hook;
	fmgr_hook = tracelab_fmgr_hook;
	prev_create_upper_paths_hook = create_upper_paths_hook;
	create_upper_paths_hook = tracelab_create_upper_paths;
	prev_shmem_startup_hook = shmem_startup_hook;
	shmem_startup_hook = tracelab_shmem_startup;
	prev_object_access_hook = object_access_hook;
	object_access_hook = tracelab_object_access;

	tracelab_register_callbacks();
	RegisterXactCallback(tracelab_xact_callback, NULL);
	RegisterSubXactCallback(tracelab_subxact_callback, NULL);

	ereport(LOG,
			(errmsg("tracelab_probe %s initialized", TRACELAB_PROBE_VERSION)));
}
