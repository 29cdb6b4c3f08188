/*-------------------------------------------------------------------------
 *
 * policy_decide_batch.c
 *	  tracelab_policy_decide_batch(bytea[], bytea) and
 *	  tracelab_policy_command_tags(): the evaluator's test functions.
 *
 * The differential test proves that the C evaluator (policy_eval.c) decides
 * exactly as the C# one, on hundreds of thousands of random chains under
 * many policies.  One call decides a whole batch of chains (read by
 * policy_batch.c; the encoding is in ENFORCEMENT.md) under every policy of
 * an array, so the cost is the evaluation, not a round trip per chain.  The
 * second function lists every command tag of the running server, so the
 * test can check both command tables on all of them.
 *
 * Both are superuser-only (the scripts also revoke EXECUTE from PUBLIC) and
 * only read their arguments; malformed input raises a clean ERROR.
 *
 * src/Recorder/Probe/policy_decide_batch.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "tcop/cmdtag.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "policy_batch.h"

PG_FUNCTION_INFO_V1(tracelab_policy_decide_batch);
PG_FUNCTION_INFO_V1(tracelab_policy_command_tags);

#define RESULT_BYTES		9

/*
 * put_i32
 *		Append a little-endian int32.
 */
static void
put_i32(StringInfo buf, int32 value)
{
	uint32		v = (uint32) value;
	char		bytes[4];

	bytes[0] = (char) (v & 0xff);
	bytes[1] = (char) ((v >> 8) & 0xff);
	bytes[2] = (char) ((v >> 16) & 0xff);
	bytes[3] = (char) ((v >> 24) & 0xff);
	appendBinaryStringInfo(buf, bytes, 4);
}

/*
 * append_result
 *		BatchDecisionCallback: the decision's bytes, appended to the
 *		StringInfo arg.
 */
static void
append_result(void *arg, uint32 chain, int policy,
			  const TracelabPolicy *compiled, const BatchChain *batch_chain,
			  const TracelabDecision *decision)
{
	StringInfo	out = (StringInfo) arg;

	appendStringInfoChar(out, (char) decision->decision);
	put_i32(out, decision->culprit);
	put_i32(out, decision->rule);
}

/*
 * tracelab_policy_decide_batch
 *		SQL function: every chain of the batch decided under every policy of
 *		the array; per chain and policy (chain-major) the decision (u8), the
 *		culprit and the rule (int32, -1 for none).
 */
Datum
tracelab_policy_decide_batch(PG_FUNCTION_ARGS)
{
	ArrayType  *array;
	BatchReader reader;
	TracelabPolicy **policies;
	int			npolicies;
	uint32		nchains;
	StringInfoData out;
	bytea	   *result;

	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be superuser to decide chains under a compiled policy")));

	array = PG_GETARG_ARRAYTYPE_P(0);
	policies = tracelab_batch_load_policies(array, CurrentMemoryContext,
											&npolicies);
	nchains = tracelab_batch_begin(&reader, PG_GETARG_BYTEA_PP(1), npolicies,
								   RESULT_BYTES);

	initStringInfo(&out);
	enlargeStringInfo(&out, (int) (nchains * npolicies * RESULT_BYTES));
	tracelab_batch_for_each_chain(&reader, nchains, policies, npolicies,
								  append_result, &out);
	tracelab_batch_end(&reader);

	result = (bytea *) palloc(VARHDRSZ + out.len);
	SET_VARSIZE(result, VARHDRSZ + out.len);
	memcpy(VARDATA(result), out.data, out.len);
	PG_RETURN_BYTEA_P(result);
}

/*
 * tracelab_policy_command_tags
 *		SQL function: every command tag the server can report.
 */
Datum
tracelab_policy_command_tags(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;

	if (SRF_IS_FIRSTCALL())
	{
		if (!superuser())
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("must be superuser to list command tags")));
		funcctx = SRF_FIRSTCALL_INIT();
		funcctx->max_calls = COMMAND_TAG_NEXTTAG;
	}
	funcctx = SRF_PERCALL_SETUP();
	if (funcctx->call_cntr < funcctx->max_calls)
	{
		/* SRF_RETURN_NEXT advances call_cntr before it evaluates its result */
		Datum		tag = CStringGetTextDatum(GetCommandTagName((CommandTag) funcctx->call_cntr));

		SRF_RETURN_NEXT(funcctx, tag);
	}
	SRF_RETURN_DONE(funcctx);
}
