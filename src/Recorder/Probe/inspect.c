/*-------------------------------------------------------------------------
 *
 * inspect.c
 *	  tracelab_probe_frame_counts(): this backend's frames by type.
 *
 * pg_regress tests cannot easily read the MessagePack spool, so the
 * extension offers one SQL-callable window into the probe: how many frames
 * of each type this backend has put into its stream since it started
 * (frames dropped for want of memory are not counted; frames written to a
 * block that later failed to reach the file are).  It reveals nothing but
 * counts, yet it is superuser-only, like the spool itself: the script
 * revokes EXECUTE from PUBLIC and the function checks again.
 *
 * src/Recorder/Probe/inspect.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "tracelab_probe.h"

PG_FUNCTION_INFO_V1(tracelab_probe_frame_counts);
PG_FUNCTION_INFO_V1(tracelab_probe_version);

/* Frame type names as FORMAT.md and the Recorder spell them. */
static const struct
{
	TracelabFrameType type;
	const char *name;
}			frame_names[] =
{
	{TL_SESSION_STARTED, "SessionStarted"},
	{TL_SESSION_ENDED, "SessionEnded"},
	{TL_ROLE_DESCRIBED, "RoleDescribed"},
	{TL_FUNCTION_DESCRIBED, "FunctionDescribed"},
	{TL_RELATION_DESCRIBED, "RelationDescribed"},
	{TL_OPERATOR_DESCRIBED, "OperatorDescribed"},
	{TL_TYPE_DESCRIBED, "TypeDescribed"},
	{TL_QUERY_ANALYZED, "QueryAnalyzed"},
	{TL_STATEMENT_STARTED, "StatementStarted"},
	{TL_STATEMENT_FINISHED, "StatementFinished"},
	{TL_PLAN_STARTED, "PlanStarted"},
	{TL_PLAN_FINISHED, "PlanFinished"},
	{TL_FUNCTION_ENTERED, "FunctionEntered"},
	{TL_FUNCTION_EXITED, "FunctionExited"},
	{TL_ROLE_SWITCHED, "RoleSwitched"},
	{TL_OBJECT_CHANGED, "ObjectChanged"},
	{TL_MAINTENANCE_STARTED, "MaintenanceStarted"},
	{TL_MAINTENANCE_FINISHED, "MaintenanceFinished"},
	{TL_TRANSACTION_ENDED, "TransactionEnded"},
	{TL_SUBXACT_STARTED, "SubtransactionStarted"},
	{TL_SUBXACT_ENDED, "SubtransactionEnded"},
	{TL_FRAMES_DROPPED, "FramesDropped"}
};

/*
 * tracelab_probe_frame_counts
 *		SQL function: (frame_type text, frames bigint) for every frame type.
 */
Datum
tracelab_probe_frame_counts(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	uint64		counts[TL_FRAME_TYPE_LIMIT];
	int			i;

	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be superuser to read the frame counts of tracelab_probe")));

	/* a snapshot: this call's own frames are counted up to its entry */
	memcpy(counts, tracelab_frame_counts, sizeof(counts));

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < lengthof(frame_names); i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = CStringGetTextDatum(frame_names[i].name);
		values[1] = Int64GetDatum((int64) counts[frame_names[i].type]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values,
							 nulls);
	}
	return (Datum) 0;
}

/*
 * tracelab_probe_version
 *		SQL: the loaded library's version and the spool format it writes.
 */
Datum
tracelab_probe_version(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be superuser to read the version of tracelab_probe")));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = CStringGetTextDatum(TRACELAB_PROBE_VERSION);
	values[1] = Int32GetDatum(TRACELAB_FORMAT_VERSION);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
