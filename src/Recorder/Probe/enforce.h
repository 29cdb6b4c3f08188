/*-------------------------------------------------------------------------
 *
 * enforce.h
 *	  The live chain that enforcement judges (enforce_chain.c, enforce.c).
 *
 * Every open frame of the probe's stack adds its links to one array, in
 * stack order, the way the replayer's FrameNode adds its entries to its
 * parent's chain: the chain of the frame at index i is tracelab_chain[0]
 * up to tracelab_stack[i].chain_end.  What only a message needs (names)
 * is kept as oids in TracelabChainAux and turned into text only when a
 * decision blocks or warns (enforce_names.c).
 *
 * src/Recorder/Probe/enforce.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef TRACELAB_ENFORCE_H
#define TRACELAB_ENFORCE_H

#include "policy.h"

#pragma GCC visibility push(hidden)

/* what a link's name is made from, beside TracelabChainEntry.object_oid */
typedef struct TracelabChainAux
{
	Oid			oid1;			/* cast: source type */
	Oid			oid2;			/* trigger: its table; cast: target type */
	const char *text;			/* event trigger: the event; maintenance and
								 * roots: their static text */
} TracelabChainAux;

extern TracelabChainEntry *tracelab_chain;
extern TracelabChainAux *tracelab_chain_aux;

/* the number of links in the chain of the frame at index (0 when none) */
static inline int
tracelab_chain_length(int index)
{
	return index >= 0 ? tracelab_stack[index].chain_end : 0;
}

/* the links of a planned statement, kept between its executor calls */
#define TL_SAVED_LINKS	4
typedef struct TracelabSavedLinks
{
	bool		chained;
	int			nlinks;
	int			base;			/* where the links were */
	uint64		writes;			/* links written when they were saved */
	Oid			issuer;
	Oid			current_user;
	const char *prepared;
	const char *command;
	bool		maintained;
	TracelabChainEntry links[TL_SAVED_LINKS];
	TracelabChainAux aux[TL_SAVED_LINKS];
} TracelabSavedLinks;

/*
 * One link of a candidate origin path (enforce_origin.c), as the replayer's
 * PathLink: kind and key identify it across paths (a view by its place in
 * the analysis, stored code by its kind and oids, a function by its oid).
 */
typedef struct TracelabOriginLink
{
	uint8		kind;
	Oid			key1;
	Oid			key2;
	uint8		phase;
	Oid			owner;
	uint8		traits;
	bool		candidate;
	bool		inlined;
	bool		privilege_switch;
	Oid			object_oid;
	const char *text;			/* domain constraints: their name */
	Oid			oid1;			/* TracelabChainAux.oid1: a default's column,
								 * a cast's source type */
	Oid			oid2;			/* TracelabChainAux.oid2: the relation of
								 * stored code, a cast's target type */
} TracelabOriginLink;

/* Most links an inlined call's path keeps. */
#define TL_MAX_INLINED_LINKS 32

/*
 * An inlined call, as the calls from its body need it (the replayer's
 * InlinedCall): the user functions its body may call and its own links.
 */
typedef struct TracelabInlinedLinks
{
	Oid			fnoid;
	TracelabOids body;
	int			nlinks;
	TracelabOriginLink *links;
} TracelabInlinedLinks;

/* enforce_origin.c: what brought a call, for its links */
extern int	tracelab_inlined_links(int plan_index, const TracelabCall *call,
								   TracelabOriginLink *out, int max);

/* inline.c and plan.c: the inlined calls of plans, for the live chain */
extern List *tracelab_inline_live_calls(int plan_index);
extern bool tracelab_inlined_candidates_exist(int parent_index);
extern void tracelab_plan_note_inlined(List *live);

/* targets of a utility statement kept for its frame (VACUUM a, b, ...) */
#define TL_SCOPE_TARGETS 4

/*
 * What stored code may run under a chained statement or maintenance frame
 * (enforce_chain.c keeps one per stack index, apart from TracelabEntry,
 * which recording pushes at every statement).
 */
typedef struct TracelabFrameScope
{
	const char *command;		/* its command tag, or the process kind */
	uint8		code_kinds;		/* TL_CODE_ of its targets that may run */
	uint8		ntargets;
	Oid			targets[TL_SCOPE_TARGETS];	/* the first targets */
} TracelabFrameScope;

extern const TracelabFrameScope *tracelab_frame_scope(int index);

/* enforce_chain.c: the links each frame adds */
extern uint8 tracelab_chain_phase(TracelabPhase phase);
extern TracelabChainEntry *tracelab_chain_add(int index, uint8 kind,
											  uint8 phase, Oid owner,
											  const char *text);
extern void tracelab_chain_statement(int index, CommandTag tag, bool planned,
									 bool foreign_key,
									 const TracelabStatementExtras *extras);
extern void tracelab_chain_plan(int index, Query *parse);
extern void tracelab_chain_origin(int index, const TracelabCall *call,
								  uint8 phase);
extern void tracelab_chain_maintenance(int index, const char *kind,
									   Oid relid);
extern bool tracelab_chain_begin_function(int index, TracelabPhase phase);
extern void tracelab_chain_function(int index, const TracelabCall *call,
									FunctionCallInfo fcinfo,
									bool links_added);
extern void tracelab_chain_save(int index, TracelabSavedLinks *saved);
extern void tracelab_chain_restore(int index,
								   const TracelabSavedLinks *saved);

/* enforce.c: decisions at the operations a policy judges */
extern void tracelab_enforce_defer_statement(int index, CommandTag tag,
											 bool planned,
											 const TracelabStatementExtras *extras,
											 List *targets);
extern bool tracelab_enforce_function(int index, Oid fnoid,
									  void (*unwind) (int));
extern void tracelab_enforce_role_switch(const char *command, int nentries,
										 Oid executor, uint64 switch_seq,
										 int depth);

/* enforce_names.c: names of links, for messages */
extern void tracelab_chain_names(int nentries);
extern char *tracelab_function_object(Oid fnoid);
extern char *tracelab_relation_display(Oid relid);

#pragma GCC visibility pop

#endif							/* TRACELAB_ENFORCE_H */
