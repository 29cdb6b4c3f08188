/*-------------------------------------------------------------------------
 *
 * policy_batch.h
 *	  Reading a chain batch (ENFORCEMENT.md) for the test functions that
 *	  hold the probe's evaluator and renderer to the C# ones.
 *
 * src/Recorder/Probe/policy_batch.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef TRACELAB_POLICY_BATCH_H
#define TRACELAB_POLICY_BATCH_H

#include "utils/array.h"

#include "policy.h"

/* a role of a chain's catalogue */
typedef struct BatchRole
{
	Oid			oid;
	bool		superuser;
	bool		inherit;
	const char *name;
	int			nmember_of;
	Oid		   *member_of;
} BatchRole;

/* the catalogue the role-facts callbacks answer from */
typedef struct BatchCatalogue
{
	int			nroles;
	BatchRole  *roles;
	Oid		   *walk;			/* room for every role a walk can meet */
} BatchCatalogue;

/* a batch being read */
typedef struct BatchReader
{
	const unsigned char *data;
	Size		len;
	Size		off;
	uint16		version;		/* 1: what the evaluator needs; 2: and names */
	uint32		chain;			/* 1-based, for messages */
} BatchReader;

/* one chain of a batch, ready for the evaluator and the renderer */
typedef struct BatchChain
{
	TracelabChainInput input;
	BatchCatalogue catalogue;
	TracelabRoleFactsApi api;	/* answers from catalogue */
} BatchChain;

/*
 * what tracelab_batch_for_each_chain hands over: one chain's decision under
 * one policy (chain and policy are 0-based indexes)
 */
typedef void (*BatchDecisionCallback) (void *arg, uint32 chain, int policy,
									   const TracelabPolicy *compiled,
									   const BatchChain *batch_chain,
									   const TracelabDecision *decision);

extern uint32 tracelab_batch_begin(BatchReader *r, bytea *chains,
								   int npolicies, Size result_bytes);
extern void tracelab_batch_read_chain(BatchReader *r, BatchChain *chain);
extern void tracelab_batch_for_each_chain(BatchReader *r, uint32 nchains,
										  TracelabPolicy **policies,
										  int npolicies,
										  BatchDecisionCallback callback,
										  void *arg);
extern void tracelab_batch_end(BatchReader *r);
extern TracelabPolicy **tracelab_batch_load_policies(ArrayType *array,
													 MemoryContext cxt,
													 int *npolicies);

#endif							/* TRACELAB_POLICY_BATCH_H */
