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

#include <sys/stat.h>

#include "access/xact.h"
#include "catalog/objectaccess.h"
#include "executor/executor.h"
#include "miscadmin.h"
#include "optimizer/planner.h"
#include "parser/analyze.h"
#include "tcop/utility.h"
#include "utils/guc.h"
#include "utils/queryjumble.h"

#include "tracelab_probe.h"

#if PG_VERSION_NUM >= 180000
#error "tracelab_probe has not been ported to PostgreSQL 18 hook signatures"
#endif

PG_MODULE_MAGIC;

void		_PG_init(void);

/* GUC variables */
static bool tracelab_enabled = true;
char	   *tracelab_spool_directory = NULL;

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

/*
 * tracelab_recording
 *		Whether this process may open new frames now.
 *
 * Client backends, autovacuum workers and background workers connected to
 * a database record, once they are fully initialized, while
 * tracelab.enabled is on and a spool directory is set.  Frames already
 * open are still closed after this turns false.
 */
bool
tracelab_recording(void)
{
	if (!IsUnderPostmaster || !IsNormalProcessingMode() ||
		!tracelab_enabled || tracelab_spool_directory == NULL ||
		tracelab_spool_directory[0] == '\0' || tracelab_session_ended)
		return false;
	switch (MyBackendType)
	{
		case B_BACKEND:
		case B_AUTOVAC_WORKER:
			return true;
		case B_BG_WORKER:
			return OidIsValid(MyDatabaseId);
		default:
			return false;
	}
}

/*
 * check_spool_directory
 *		GUC check hook: a non-empty value must name an existing directory.
 */
static bool
check_spool_directory(char **newval, void **extra, GucSource source)
{
	struct stat st;
	char		path[MAXPGPATH];

	if (*newval == NULL || (*newval)[0] == '\0')
		return true;

	/* leave room for the data directory and "/<pid>-<start>.tlspool" */
	if (strlen(*newval) + strlen(DataDir ? DataDir : "") + 64 >= MAXPGPATH)
	{
		GUC_check_errdetail("Spool directory path is too long.");
		return false;
	}
	if (is_absolute_path(*newval) || DataDir == NULL)
		strlcpy(path, *newval, sizeof(path));
	else
		snprintf(path, sizeof(path), "%s/%s", DataDir, *newval);

	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
	{
		GUC_check_errdetail("Specified spool directory \"%s\" does not exist.",
							*newval);
		return false;
	}
	return true;
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
	uint64		seq = 0;
	List	   *rls = NIL;
	int			saved;

	saved = tracelab_capture_plan_start(parse, query_string, cursorOptions,
										boundParams, &seq, &rls);
	if (saved < 0)
		return call_planner(parse, query_string, cursorOptions, boundParams);
	PG_TRY();
	{
		result = call_planner(parse, query_string, cursorOptions,
							  boundParams);
	}
	PG_CATCH();
	{
		tracelab_capture_plan_finish(seq, saved, NIL, true);
		PG_RE_THROW();
	}
	PG_END_TRY();
	tracelab_capture_plan_finish(seq, saved, rls, false);
	return result;
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
 */
static void
tracelab_ExecutorFinish(QueryDesc *queryDesc)
{
	int			saved = tracelab_capture_executor_enter(queryDesc);

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
	tracelab_capture_object_access(access, classId, objectId, subId, arg);
}

/*
 * tracelab_needs_fmgr_hook
 *		needs_fmgr_hook: hook every user function while recording.
 *
 * The answer is cached in the FmgrInfo and also stops the planner from
 * inlining SQL functions, so it is only yes while this backend records.
 */
static bool
tracelab_needs_fmgr_hook(Oid fn_oid)
{
	if (prev_needs_fmgr_hook && (*prev_needs_fmgr_hook) (fn_oid))
		return true;
	return fn_oid >= FirstNormalObjectId && tracelab_recording();
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

	/*
	 * tracelab.enabled: superuser-only, so that the role being recorded
	 * cannot switch recording off; a superuser may set it per session, per
	 * role or per database (ALTER DATABASE ... SET), which is how the
	 * event store's own database is excluded.
	 */
	DefineCustomBoolVariable("tracelab.enabled",
							 "Records the provenance of code executed by sessions and background workers.",
							 "When off, the session opens no new frames; frames already open are still closed.",
							 &tracelab_enabled,
							 true,
							 PGC_SUSET,
							 0,
							 NULL,
							 NULL,
							 NULL);

	/*
	 * tracelab.spool_directory: where each backend writes its spool file.
	 * Empty records nothing.  Changing it affects backends that have not
	 * created their spool file yet; the others keep theirs.
	 */
	DefineCustomStringVariable("tracelab.spool_directory",
							   "Sets the directory into which each backend writes its spool file.",
							   "An empty string records nothing. A relative path is relative to the data directory.",
							   &tracelab_spool_directory,
							   "",
							   PGC_SIGHUP,
							   GUC_SUPERUSER_ONLY,
							   check_spool_directory,
							   NULL,
							   NULL);

	MarkGUCPrefixReserved("tracelab");

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
	prev_object_access_hook = object_access_hook;
	object_access_hook = tracelab_object_access;

	tracelab_register_callbacks();
	RegisterXactCallback(tracelab_xact_callback, NULL);
	RegisterSubXactCallback(tracelab_subxact_callback, NULL);

	ereport(LOG,
			(errmsg("tracelab_probe %s initialized", TRACELAB_PROBE_VERSION)));
}
