/*-------------------------------------------------------------------------
 *
 * policy_render_batch.c
 *	  tracelab_policy_render_batch(bytea[], bytea): the renderer's test
 *	  function.
 *
 * Live enforcement must raise exactly the message, DETAIL and HINT the
 * replayer prints, so the differential test renders random chains under
 * many policies with the probe (policy_message.c) and with C#, and compares
 * the texts.  One call decides and renders a whole batch of chains (read by
 * policy_batch.c; version 2 of the encoding, in ENFORCEMENT.md, carries the
 * names the texts need) under every policy of an array: one row per chain
 * and policy, with the decision and the three texts, NULL where there is
 * none (all three for an allowed operation).
 *
 * Superuser-only (the scripts also revoke EXECUTE from PUBLIC); it only
 * reads its arguments, and malformed input raises a clean ERROR.
 *
 * src/Recorder/Probe/policy_render_batch.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "policy_batch.h"

PG_FUNCTION_INFO_V1(tracelab_policy_render_batch);

#define RENDER_COLUMNS		6

/*
 * text_or_null
 *		s as a text datum, or a null.
 */
static Datum
text_or_null(const char *s, bool *isnull)
{
	*isnull = s == NULL;
	return s == NULL ? (Datum) 0 : CStringGetTextDatum(s);
}

/*
 * render_row
 *		BatchDecisionCallback: the decision rendered, as one row of the
 *		result set arg.
 */
static void
render_row(void *arg, uint32 chain, int policy, const TracelabPolicy *compiled,
		   const BatchChain *batch_chain, const TracelabDecision *decision)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) arg;
	char	   *message;
	char	   *detail;
	char	   *hint;
	Datum		values[RENDER_COLUMNS];
	bool		nulls[RENDER_COLUMNS] = {false};

	tracelab_policy_render(compiled, &batch_chain->input, &batch_chain->api,
						   decision, &message, &detail, &hint);
	values[0] = Int32GetDatum((int32) chain);
	values[1] = Int32GetDatum(policy);
	values[2] = Int32GetDatum(decision->decision);
	values[3] = text_or_null(message, &nulls[3]);
	values[4] = text_or_null(detail, &nulls[4]);
	values[5] = text_or_null(hint, &nulls[5]);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

/*
 * tracelab_policy_render_batch
 *		SQL function: every chain of the batch decided and rendered under
 *		every policy of the array, one row per chain and policy (both
 *		0-based, chain-major): decision, message, detail, hint.
 */
Datum
tracelab_policy_render_batch(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	BatchReader reader;
	TracelabPolicy **policies;
	int			npolicies;
	uint32		nchains;

	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be superuser to render chains under a compiled policy")));

	InitMaterializedSRF(fcinfo, 0);
	policies = tracelab_batch_load_policies(PG_GETARG_ARRAYTYPE_P(0),
											CurrentMemoryContext, &npolicies);
	nchains = tracelab_batch_begin(&reader, PG_GETARG_BYTEA_PP(1),
								   npolicies, 0);
	tracelab_batch_for_each_chain(&reader, nchains, policies, npolicies,
								  render_row, rsinfo);
	tracelab_batch_end(&reader);
	return (Datum) 0;
}
