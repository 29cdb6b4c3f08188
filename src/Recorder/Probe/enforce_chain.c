/*-------------------------------------------------------------------------
 *
 * enforce_chain.c
 *	  The chain of each open frame, built live for enforcement.
 *
 * The replayer rebuilds an operation's chain from the recorded frames
 * (src/Replayer/Provenance/ProvenanceBuilder.cs); a policy enforced live
 * must judge the same chain, so each frame of the probe's stack adds the
 * links the replayer gives the frame it writes, from the same facts, when
 * the frame is pushed:
 *
 *	a top-level statement	the root statement, owned by the session user
 *	a nested statement		a foreign_key link (foreign-key queries), then a
 *							query or utility link owned by the issuer of the
 *							frame below: the owner of the innermost function,
 *							the preparer of the prepared statement it runs,
 *							the role of a foreign-key check, else the session
 *							user; EXECUTE of a prepared statement adds a
 *							prepared_statement link owned by its preparer
 *	a top-level plan		a root statement in the planning phase
 *	a function call			what brought it (a trigger, event triggers, the
 *							operator, cast or aggregate it went through),
 *							then the function, owned by its owner; with no
 *							frame open, a root for its phase first (parse
 *							analysis, COMMIT, a background process)
 *
 * A frame that runs security-restricted under a maintenance command or an
 * autovacuum worker first gets a maintenance link (maintenance_link), as
 * the replayer's MaintenanceContextAbove finds it.  A call with no call
 * site gets what stored code brought it (tracelab_chain_origin,
 * enforce_origin.c): the views of the query's analysis that call it, the
 * stored code and row-security policies of the relations the frame below
 * may run code of, the CHECK constraints of the domains it coerces to and
 * the inlined SQL functions whose body may call it, as the replayer's
 * CallAttribution finds them there.  Aggregates found by their support
 * functions and type I/O links are not built here yet: such a call is
 * judged without them.
 *
 * src/Recorder/Probe/enforce_chain.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/parallel.h"
#include "commands/trigger.h"
#include "miscadmin.h"
#include "tcop/utility.h"
#include "utils/builtins.h"

#include "tracelab_probe.h"
#include "enforce.h"

TracelabChainEntry *tracelab_chain = NULL;
TracelabChainAux *tracelab_chain_aux = NULL;
static int	chain_capacity = 0;
static int	aux_capacity = 0;

/* the scope of each chained statement or maintenance frame, by index */
static TracelabFrameScope *frame_scopes = NULL;
static int	scope_capacity = 0;

/* links written so far: a saved frame whose links were not overwritten
 * since needs no copy back (tracelab_chain_restore) */
static uint64 chain_writes = 0;

/* TracelabPhase to ChainPhase (policy.h) */
static const uint8 chain_phases[] = {
	[TL_PHASE_PARSE] = TL_POLICY_PHASE_PARSE,
	[TL_PHASE_PLANNING] = TL_POLICY_PHASE_PLANNING,
	[TL_PHASE_MAINTENANCE] = TL_POLICY_PHASE_MAINTENANCE,
	[TL_PHASE_COMMIT] = TL_POLICY_PHASE_COMMIT,
	[TL_PHASE_UTILITY] = TL_POLICY_PHASE_UTILITY,
	[TL_PHASE_EXECUTION] = TL_POLICY_PHASE_EXECUTION
};

/*
 * tracelab_chain_phase
 *		The ChainPhase of a call's phase.
 */
uint8
tracelab_chain_phase(TracelabPhase phase)
{
	return chain_phases[phase];
}

/*
 * tracelab_enforcing
 *		Whether operations are judged: a mode other than off and a policy.
 */
bool
tracelab_enforcing(void)
{
	return tracelab_enforce_mode != TL_ENFORCE_OFF &&
		tracelab_enforce_policy() != NULL;
}

/*
 * scope_at
 *		The scope of the frame at index, emptied; NULL when memory ran out.
 */
static TracelabFrameScope *
scope_at(int index)
{
	if (!tracelab_grow_array((void **) &frame_scopes, &scope_capacity, index,
							 sizeof(TracelabFrameScope)))
		return NULL;
	memset(&frame_scopes[index], 0, sizeof(TracelabFrameScope));
	return &frame_scopes[index];
}

/*
 * tracelab_frame_scope
 *		The scope of the chained statement or maintenance frame at index.
 */
const TracelabFrameScope *
tracelab_frame_scope(int index)
{
	static const TracelabFrameScope none;

	return (index < scope_capacity) ? &frame_scopes[index] : &none;
}

/*
 * chain_begin
 *		Start the links of the frame at index; false when the frames below
 *		have no chain (they started while nothing was enforced).
 */
static bool
chain_begin(int index)
{
	TracelabEntry *entry = &tracelab_stack[index];

	if (index > 0 && !tracelab_stack[index - 1].chained)
	{
		entry->chained = false;
		return false;
	}
	entry->chained = true;
	entry->chain_end = (index > 0) ? tracelab_stack[index - 1].chain_end : 0;
	entry->current_user = GetUserId();
	entry->issuer = (index > 0) ? tracelab_stack[index - 1].issuer :
		GetSessionUserId();
	return true;
}

/*
 * chain_add
 *		Append a link to the frame at index; NULL when memory ran out (the
 *		frame then has no chain, and nothing nested in it is judged).
 */
static TracelabChainEntry *
chain_add(int index, uint8 kind, uint8 phase, Oid owner, const char *text)
{
	TracelabEntry *entry = &tracelab_stack[index];
	int			n = entry->chain_end;
	TracelabChainEntry *link;

	if (!entry->chained)
		return NULL;
	if (!tracelab_grow_array((void **) &tracelab_chain, &chain_capacity, n,
							 sizeof(TracelabChainEntry)) ||
		!tracelab_grow_array((void **) &tracelab_chain_aux, &aux_capacity, n,
							 sizeof(TracelabChainAux)))
	{
		entry->chained = false;
		return NULL;
	}
	chain_writes++;
	link = &tracelab_chain[n];
	memset(link, 0, sizeof(TracelabChainEntry));
	link->kind = kind;
	link->phase = phase;
	link->owner = owner;
	link->object_name = "";
	link->seq = (int64) entry->seq;
	tracelab_chain_aux[n].oid1 = InvalidOid;
	tracelab_chain_aux[n].oid2 = InvalidOid;
	tracelab_chain_aux[n].text = text;
	entry->chain_end = n + 1;
	return link;
}

/*
 * tracelab_chain_add
 *		Append a link to the frame at index, for callers outside this file.
 */
TracelabChainEntry *
tracelab_chain_add(int index, uint8 kind, uint8 phase, Oid owner,
				   const char *text)
{
	return chain_add(index, kind, phase, owner, text);
}

/*
 * maintenance_context
 *		The maintenance command or background process a restricted frame
 *		at index runs for, as the replayer's MaintenanceContextAbove finds
 *		it: the nearest frame below that is one, unless a function or a
 *		frame with a maintenance link comes first; -1 when none.
 */
static int
maintenance_context(int index)
{
	int			i;

	for (i = index - 1; i >= 0; i--)
	{
		const TracelabEntry *below = &tracelab_stack[i];

		if (below->maintained || below->kind == TL_ENTRY_FUNCTION)
			return -1;
		if (below->maintenance)
			return i;
	}
	return -1;
}

/*
 * maintenance_role
 *		The role a maintenance command runs code as: the owner of its one
 *		table, or InvalidOid when it has several or none (MaintenanceRole).
 */
static Oid
maintenance_role(int context)
{
	const TracelabFrameScope *scope = tracelab_frame_scope(context);
	TracelabRelation *rel;

	if (scope->ntargets != 1)
		return InvalidOid;
	rel = tracelab_describe_relation(scope->targets[0],
									 tracelab_stack[context].seq, context + 1);
	return (rel != NULL && rel->exists) ? rel->owner : InvalidOid;
}

/*
 * maintenance_link
 *		For a frame at index that runs restricted (or in the maintenance
 *		phase) under a maintenance command or process: the link saying that
 *		code from here on runs as the table's owner, a privilege switch,
 *		owned by the role the frame runs as (for a SECURITY DEFINER call,
 *		whose frame shows its definer, the role the maintenance switched
 *		to).
 */
static void
maintenance_link(int index, bool restricted, bool definer)
{
	TracelabChainEntry *link;
	int			context;

	if (!restricted || (context = maintenance_context(index)) < 0)
		return;
	link = chain_add(index, TL_POLICY_ENTRY_MAINTENANCE,
					 TL_POLICY_PHASE_MAINTENANCE,
					 definer ? maintenance_role(context) : GetUserId(), NULL);
	if (link == NULL)
		return;
	link->command = tracelab_frame_scope(context)->command;
	link->privilege_switch = true;
	tracelab_stack[index].maintained = true;
}

/*
 * is_maintenance_command
 *		The utility commands the replayer treats as maintenance: code they
 *		run, run as the table's owner.
 */
static bool
is_maintenance_command(CommandTag tag)
{
	return tag == CMDTAG_VACUUM || tag == CMDTAG_ANALYZE ||
		tag == CMDTAG_CLUSTER || tag == CMDTAG_REINDEX ||
		tag == CMDTAG_CREATE_INDEX ||
		tag == CMDTAG_REFRESH_MATERIALIZED_VIEW;
}

/*
 * keep_scope
 *		Note for the frame at index its command and which relations' stored
 *		code may run under it, of which kinds (UtilityScope, MaintenanceScope);
 *		false when memory ran out.
 */
static bool
keep_scope(int index, const char *command, List *targets, uint8 kinds)
{
	TracelabFrameScope *scope = scope_at(index);
	ListCell   *lc;

	if (scope == NULL)
		return false;
	scope->command = command;
	scope->code_kinds = kinds;
	scope->ntargets = (uint8) Min(list_length(targets), PG_UINT8_MAX);
	foreach(lc, targets)
	{
		int			i = foreach_current_index(lc);

		if (i >= TL_SCOPE_TARGETS)
			break;
		scope->targets[i] = lfirst_oid(lc);
	}
	return true;
}

/*
 * tracelab_chain_statement
 *		The links of a statement whose frame was just pushed at index.
 */
void
tracelab_chain_statement(int index, CommandTag tag, bool planned,
						 bool foreign_key,
						 const TracelabStatementExtras *extras)
{
	TracelabEntry *entry = &tracelab_stack[index];
	uint8		phase = planned ? TL_POLICY_PHASE_EXECUTION :
		TL_POLICY_PHASE_UTILITY;
	const char *command = GetCommandTagName(tag);
	TracelabChainEntry *link;

	if (!chain_begin(index))
		return;
	if (planned)
		(void) keep_scope(index, command, NIL, 0);
	else
		entry->maintenance =
			keep_scope(index, command, extras->targets,
					   is_maintenance_command(tag) ? TL_CODE_INDEX :
					   (extras->is_copy && !extras->copy_is_from) ?
					   TL_CODE_POLICIES : TL_CODE_WRITE) &&
			is_maintenance_command(tag);
	if (index == 0 && !foreign_key)
	{
		link = chain_add(index, TL_POLICY_ENTRY_STATEMENT, phase,
						 GetSessionUserId(), NULL);
		if (link != NULL)
			link->command = command;
		entry->issuer = GetSessionUserId();
	}
	else
	{
		/* a foreign-key check deferred to COMMIT runs with no statement */
		if (index == 0)
			(void) chain_add(index, TL_POLICY_ENTRY_STATEMENT,
							 TL_POLICY_PHASE_COMMIT, GetSessionUserId(),
							 "COMMIT");
		maintenance_link(index, InSecurityRestrictedOperation(), false);
		if (entry->maintained)
			entry->issuer = GetUserId();
		if (foreign_key)
		{
			link = chain_add(index, TL_POLICY_ENTRY_FOREIGN_KEY, phase,
							 GetUserId(),
							 (planned && tag == CMDTAG_SELECT) ?
							 "foreign key check" : "foreign key action");
			if (link != NULL)
				link->privilege_switch = true;
			entry->issuer = GetUserId();
		}
		link = chain_add(index, planned ? TL_POLICY_ENTRY_QUERY :
						 TL_POLICY_ENTRY_UTILITY, phase, entry->issuer, NULL);
		if (link != NULL)
			link->command = command;
	}

	if (extras->prepared_name != NULL && tag != CMDTAG_PREPARE &&
		extras->portal_name == NULL)
	{
		int			i;
		Oid			preparer;

		/* EXECUTE of a statement a frame below is already running: none */
		for (i = index - 1; i >= 0; i--)
		{
			if (tracelab_stack[i].kind == TL_ENTRY_FUNCTION)
				break;
			if (tracelab_stack[i].prepared != NULL &&
				strcmp(tracelab_stack[i].prepared, extras->prepared_name) == 0)
				return;
		}
		preparer = tracelab_prepared_preparer(extras->prepared_name);
		link = chain_add(index, TL_POLICY_ENTRY_PREPARED_STATEMENT,
						 TL_POLICY_PHASE_PREPARE, preparer,
						 extras->prepared_name);
		if (link != NULL)
		{
			link->seq = (int64) extras->prepare_seq;
			if (link->seq == 0)
				link->seq = (int64) entry->seq;
		}
		entry->issuer = preparer;
		entry->prepared = extras->prepared_name;
	}
}

/*
 * tracelab_chain_plan
 *		The links of a plan whose frame was just pushed at index.
 */
void
tracelab_chain_plan(int index, Query *parse)
{
	TracelabChainEntry *link;

	if (!chain_begin(index) || index > 0)
		return;
	link = chain_add(index, TL_POLICY_ENTRY_STATEMENT, TL_POLICY_PHASE_PLANNING,
					 GetSessionUserId(), NULL);
	if (link != NULL)
		link->command = GetCommandTagName(CreateCommandTag((Node *) parse));
}

/*
 * tracelab_chain_maintenance
 *		The root link of a background process's synthetic frame; relid is
 *		the relation an autovacuum worker processes, if known.
 */
void
tracelab_chain_maintenance(int index, const char *kind, Oid relid)
{
	TracelabEntry *entry = &tracelab_stack[index];
	TracelabChainEntry *link;

	if (!chain_begin(index))
		return;
	entry->maintenance =
		keep_scope(index, kind,
				   OidIsValid(relid) ? list_make1_oid(relid) : NIL,
				   MyBackendType == B_AUTOVAC_WORKER ? TL_CODE_INDEX :
				   TL_CODE_WRITE);
	link = chain_add(index, TL_POLICY_ENTRY_MAINTENANCE,
					 TL_POLICY_PHASE_MAINTENANCE, GetSessionUserId(), kind);
	if (link != NULL)
		link->command = kind;
}

/*
 * phase_root
 *		The made-up root of a call with no frame open, as the replayer's
 *		RootOf makes it.
 */
static void
phase_root(int index, uint8 phase)
{
	TracelabChainEntry *link;

	switch (phase)
	{
		case TL_POLICY_PHASE_PARSE:
			(void) chain_add(index, TL_POLICY_ENTRY_STATEMENT, phase,
							 GetSessionUserId(), "parse analysis");
			break;
		case TL_POLICY_PHASE_COMMIT:
			(void) chain_add(index, TL_POLICY_ENTRY_STATEMENT, phase,
							 GetSessionUserId(), "COMMIT");
			break;
		case TL_POLICY_PHASE_MAINTENANCE:
			link = chain_add(index, TL_POLICY_ENTRY_MAINTENANCE, phase,
							 GetSessionUserId(),
							 GetBackendTypeDesc(MyBackendType));
			if (link != NULL)
				link->command = GetBackendTypeDesc(MyBackendType);
			break;
		default:
			break;
	}
}

/*
 * via_link
 *		The operator, cast or aggregate a call went through; the traits of
 *		the function it adds (operator-family membership).
 */
static uint8
via_link(int index, const TracelabCall *call, uint8 phase,
		 const TracelabFunction *fn)
{
	TracelabChainEntry *link;
	Oid			owner = InvalidOid;
	uint8		traits = 0;

	if (call->via_kind == NULL)
		return 0;
	if (strcmp(call->via_kind, "operator") == 0)
	{
		if (!tracelab_operator_facts(call->via_oid, &owner, &traits))
			owner = InvalidOid;
		link = chain_add(index, TL_POLICY_ENTRY_OPERATOR, phase, owner, NULL);
		if (link != NULL)
		{
			link->object_oid = call->via_oid;
			link->traits = traits;
		}
		return traits & TL_POLICY_TRAIT_OPERATOR_CLASS;
	}
	if (strcmp(call->via_kind, "cast") == 0)
	{
		link = chain_add(index, TL_POLICY_ENTRY_CAST, phase,
						 fn != NULL ? fn->owner : InvalidOid, NULL);
		if (link != NULL)
		{
			link->traits = (fn != NULL ? fn->traits : 0) &
				TL_POLICY_TRAIT_EXTENSION_MEMBER;
			tracelab_chain_aux[tracelab_stack[index].chain_end - 1].oid1 =
				call->via_oid;
			tracelab_chain_aux[tracelab_stack[index].chain_end - 1].oid2 =
				call->via_oid2;
		}
		return 0;
	}
	if (strcmp(call->via_kind, "aggregate") == 0)
	{
		TracelabFunction *agg = tracelab_lookup_function(call->via_oid);

		link = chain_add(index, TL_POLICY_ENTRY_AGGREGATE, phase,
						 (agg != NULL && agg->known) ? agg->owner : InvalidOid,
						 NULL);
		if (link != NULL)
		{
			link->object_oid = call->via_oid;
			link->traits = (agg != NULL && agg->known ? agg->traits : 0) &
				TL_POLICY_TRAIT_EXTENSION_MEMBER;
		}
	}
	return 0;
}

/*
 * tracelab_chain_function
 *		The links of a function call whose frame is at index: what brought
 *		it, then the function.  fcinfo is set for calls seen by the
 *		trampoline (triggers); event trigger links are added by the caller
 *		before this (tracelab_chain_add).
 */
void
tracelab_chain_function(int index, const TracelabCall *call,
						FunctionCallInfo fcinfo, bool links_added)
{
	TracelabEntry *entry = &tracelab_stack[index];
	TracelabFunction *fn = tracelab_lookup_function(call->fnoid);
	uint8		phase = chain_phases[call->phase];
	uint8		traits = 0;
	TracelabChainEntry *link;

	if (fn != NULL && !fn->known)
		fn = NULL;
	if (!links_added)
	{
		if (!chain_begin(index))
			return;
		if (index == 0)
			phase_root(index, phase);
		maintenance_link(index,
						 phase == TL_POLICY_PHASE_MAINTENANCE ||
						 InSecurityRestrictedOperation(),
						 fn != NULL && fn->security_definer);
	}
	if (fcinfo != NULL && CALLED_AS_TRIGGER(fcinfo))
	{
		TriggerData *trigdata = (TriggerData *) fcinfo->context;
		TracelabRelation *rel =
		tracelab_describe_relation(RelationGetRelid(trigdata->tg_relation),
								   0, index);

		link = chain_add(index, TL_POLICY_ENTRY_TRIGGER, phase,
						 rel != NULL ? rel->owner : InvalidOid, NULL);
		if (link != NULL)
		{
			link->object_oid = trigdata->tg_trigger->tgoid;
			link->traits = rel != NULL ? rel->traits : 0;
			tracelab_chain_aux[entry->chain_end - 1].oid2 =
				RelationGetRelid(trigdata->tg_relation);
		}
	}
	else if (!links_added)
	{
		tracelab_chain_origin(index, call, phase);
		traits = via_link(index, call, phase, fn);
	}

	link = chain_add(index, TL_POLICY_ENTRY_FUNCTION, phase,
					 fn != NULL ? fn->owner : InvalidOid, NULL);
	if (link != NULL)
	{
		link->object_oid = call->fnoid;
		link->privilege_switch = fn != NULL && fn->security_definer;
		link->traits = (fn != NULL ? fn->traits : 0) | traits;
	}
	entry->issuer = fn != NULL ? fn->owner : InvalidOid;
}

/*
 * tracelab_chain_begin_function
 *		Start the links of a call whose frame is at index, for callers that
 *		add links before the function's own (event triggers).
 */
bool
tracelab_chain_begin_function(int index, TracelabPhase phase)
{
	if (!chain_begin(index))
		return false;
	if (index == 0)
		phase_root(index, chain_phases[phase]);
	return true;
}

/*
 * tracelab_chain_save
 *		Copy the links of the frame at index (a planned statement, which
 *		the executor pushes again for each run).
 */
void
tracelab_chain_save(int index, TracelabSavedLinks *saved)
{
	TracelabEntry *entry = &tracelab_stack[index];
	int			base = (index > 0) ? tracelab_stack[index - 1].chain_end : 0;
	int			n = entry->chained ? entry->chain_end - base : 0;

	saved->chained = entry->chained && n <= TL_SAVED_LINKS;
	saved->nlinks = saved->chained ? n : 0;
	saved->base = base;
	saved->writes = chain_writes;
	saved->issuer = entry->issuer;
	saved->current_user = entry->current_user;
	saved->prepared = entry->prepared;
	saved->command = tracelab_frame_scope(index)->command;
	saved->maintained = entry->maintained;
	if (saved->nlinks > 0)
	{
		memcpy(saved->links, &tracelab_chain[base],
			   n * sizeof(TracelabChainEntry));
		memcpy(saved->aux, &tracelab_chain_aux[base],
			   n * sizeof(TracelabChainAux));
	}
}

/*
 * tracelab_chain_restore
 *		Put back the saved links of a planned statement pushed again at index.
 */
void
tracelab_chain_restore(int index, const TracelabSavedLinks *saved)
{
	TracelabEntry *entry = &tracelab_stack[index];
	int			i;

	if (!saved->chained || !chain_begin(index))
	{
		entry->chained = false;
		return;
	}
	entry->issuer = saved->issuer;
	entry->current_user = saved->current_user;
	entry->prepared = saved->prepared;
	(void) keep_scope(index, saved->command, NIL, 0);
	entry->maintained = saved->maintained;
	if (saved->base == entry->chain_end && saved->writes == chain_writes)
	{
		/* nothing was written since: the links are still in place */
		entry->chain_end += saved->nlinks;
		return;
	}
	for (i = 0; i < saved->nlinks; i++)
	{
		TracelabChainEntry *link = chain_add(index, 0, 0, InvalidOid, NULL);

		if (link == NULL)
			return;
		*link = saved->links[i];
		tracelab_chain_aux[entry->chain_end - 1] = saved->aux[i];
	}
}
