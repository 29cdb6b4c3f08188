/*-------------------------------------------------------------------------
 *
 * function.c
 *	  Function calls: FunctionEntered/Exited, their phase and what led there.
 *
 * Function calls come from fmgr_hook, which does not see fcinfo.  For
 * trigger and event trigger functions the probe needs fcinfo->context, so
 * at FHET_START it swaps the callee's fn_addr for a one-hop trampoline that
 * reads the context, puts the original address back and calls it.  The
 * original address is kept in the stack entry and in the per-function
 * cache, which lives as long as the process, so the trampoline always finds
 * it; FHET_END and FHET_ABORT put it back too if the trampoline never ran.
 *
 * Each call is given a phase from the frames around it (FORMAT.md): the
 * innermost open frame says planning, utility or execution, a
 * security-restricted operation says maintenance, a trigger with no
 * statement that fires triggers around it was fired by COMMIT, and no
 * frame at all in a client backend means parse analysis or Bind.  A call
 * nested directly in another call (PL/pgSQL evaluating a simple
 * expression) inherits that call's phase.  The calling expression in
 * fn_expr says how the call was reached and through which operator, cast
 * or aggregate; aggregate support functions are recognised by the
 * placeholder arguments nodeAgg gives their expressions (PARAM_EXEC with
 * paramid -1, from parse_agg.c's make_agg_arg).
 *
 * Catalog access (describing the function, the operator or cast types of
 * the call, the event triggers of an event) happens only at FHET_START
 * inside a transaction and in the trampoline, which both run where the
 * server itself is about to run user code; never at FHET_ABORT.
 *
 * src/Recorder/Probe/function.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/pg_event_trigger.h"
#include "commands/event_trigger.h"
#include "commands/trigger.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/rel.h"

#include "tracelab_probe.h"
#include "enforce.h"

/* An event trigger that uses the called function. */
typedef struct EventTriggerRef
{
	Oid			oid;
	char	   *name;
	Oid			owner;
} EventTriggerRef;

static const char *const phase_names[] = {
	"parse", "planning", "maintenance", "commit", "utility", "execution"
};

static Datum tracelab_trampoline(PG_FUNCTION_ARGS);

/*
 * call_phase
 *		The phase of a call whose stack entry would sit at height.
 */
static TracelabPhase
call_phase(int height, bool is_trigger)
{
	TracelabEntry *below = (height > 0) ? &tracelab_stack[height - 1] : NULL;
	Oid			userid;
	int			sec_context;

	if (below != NULL && below->kind == TL_ENTRY_PLAN)
		return TL_PHASE_PLANNING;
	GetUserIdAndSecContext(&userid, &sec_context);
	if ((sec_context & SECURITY_RESTRICTED_OPERATION) != 0)
		return TL_PHASE_MAINTENANCE;
	if (is_trigger &&
		(below == NULL || below->kind == TL_ENTRY_FUNCTION ||
		 (below->kind == TL_ENTRY_UTILITY && below->commits)))
		return TL_PHASE_COMMIT;
	if (below == NULL)
		return (MyBackendType == B_BACKEND) ? TL_PHASE_PARSE :
			TL_PHASE_MAINTENANCE;
	switch (below->kind)
	{
		case TL_ENTRY_FUNCTION:
			return below->phase;
		case TL_ENTRY_MAINTENANCE:
			return TL_PHASE_MAINTENANCE;
		case TL_ENTRY_UTILITY:
			return TL_PHASE_UTILITY;
		default:
			return TL_PHASE_EXECUTION;
	}
}

/*
 * aggregate_support_call
 *		Whether a FuncExpr is nodeAgg's expression for a support function.
 */
static bool
aggregate_support_call(FuncExpr *expr)
{
	Param	   *param;

	if (expr->funcformat != COERCE_EXPLICIT_CALL || expr->args == NIL ||
		!IsA(linitial(expr->args), Param))
		return false;
	param = (Param *) linitial(expr->args);
	return param->paramkind == PARAM_EXEC && param->paramid == -1;
}

/*
 * call_site
 *		How a call was reached, where, in which phase, and through what.
 *
 * The location is made relative to the text of the statement or plan
 * that is running, when the call sits directly under one.  With
 * can_describe the operator or the cast's types are described.
 */
static void
call_site(FmgrInfo *flinfo, TracelabFunction *fn, int height,
		  bool can_describe, uint64 parent, int depth, TracelabCall *site)
{
	Node	   *expr = flinfo->fn_expr;
	int			loc;

	site->fnoid = flinfo->fn_oid;
	site->inlined = false;
	site->body = NIL;
	site->phase = call_phase(height, false);
	site->via_kind = NULL;
	site->via_oid = InvalidOid;
	site->via_oid2 = InvalidOid;
	if (expr == NULL)
	{
		site->reached_by = "other";
		site->location = -2;
		return;
	}
	site->reached_by = "other";
	switch (nodeTag(expr))
	{
		case T_FuncExpr:
			{
				FuncExpr   *func = (FuncExpr *) expr;

				if (func->funcformat == COERCE_EXPLICIT_CAST ||
					func->funcformat == COERCE_IMPLICIT_CAST)
				{
					site->reached_by = "cast";
					if (func->args != NIL)
					{
						site->via_kind = "cast";
						site->via_oid = exprType(linitial(func->args));
						site->via_oid2 = func->funcresulttype;
					}
				}
				else if (aggregate_support_call(func))
				{
					site->reached_by = "aggregate";
					if (fn != NULL && OidIsValid(fn->single_aggregate))
					{
						site->via_kind = "aggregate";
						site->via_oid = fn->single_aggregate;
					}
				}
				else
					site->reached_by = "call";
				break;
			}
		case T_OpExpr:
		case T_DistinctExpr:
		case T_NullIfExpr:
			site->reached_by = "operator";
			site->via_kind = "operator";
			site->via_oid = ((OpExpr *) expr)->opno;
			break;
		case T_ScalarArrayOpExpr:
			site->reached_by = "operator";
			site->via_kind = "operator";
			site->via_oid = ((ScalarArrayOpExpr *) expr)->opno;
			break;
		case T_CoerceViaIO:
			site->reached_by = "cast";
			site->via_kind = "cast";
			site->via_oid = exprType((Node *) ((CoerceViaIO *) expr)->arg);
			site->via_oid2 = ((CoerceViaIO *) expr)->resulttype;
			break;
		case T_Aggref:
			site->reached_by = "aggregate";
			break;
		case T_WindowFunc:
			site->reached_by = "window";
			break;
		default:
			break;
	}

	if (site->via_kind != NULL)
	{
		if (!can_describe)
			site->via_kind = NULL;
		else if (strcmp(site->via_kind, "operator") == 0)
			tracelab_describe_operator(site->via_oid, parent, depth);
		else if (strcmp(site->via_kind, "cast") == 0)
		{
			(void) tracelab_describe_type(site->via_oid, parent, depth);
			(void) tracelab_describe_type(site->via_oid2, parent, depth);
		}
	}

	loc = exprLocation(expr);
	if (loc >= 0 && height > 0 &&
		tracelab_stack[height - 1].kind != TL_ENTRY_FUNCTION)
	{
		TracelabEntry *below = &tracelab_stack[height - 1];

		tracelab_entry_text(height - 1);
		if (below->source != NULL &&
			!tracelab_call_written_at(below->source, below->source_end, loc,
									  site->reached_by, site->via_oid, fn))
			loc = -1;
		else if (below->text_offset > 0)
		{
			loc -= below->text_offset;
			if (loc < 0)
				loc = -1;
		}
	}
	site->location = loc;
}

/*
 * put_call_tail
 *		Append FunctionEntered's phase, via and inlined.
 */
static void
put_call_tail(const TracelabCall *site)
{
	tracelab_put_str(phase_names[site->phase]);
	if (site->via_kind == NULL)
		tracelab_put_nil();
	else
	{
		tracelab_put_array(3);
		tracelab_put_str(site->via_kind);
		tracelab_put_uint(site->via_oid);
		tracelab_put_uint(site->via_oid2);
	}
	if (site->inlined)
		tracelab_put_oid_list(site->body);
	else
		tracelab_put_nil();
}

/*
 * tracelab_emit_function_call
 *		Write FunctionEntered without trigger context and return its seq.
 */
uint64
tracelab_emit_function_call(uint64 parent, int depth,
							const TracelabCall *call)
{
	uint64		seq;

	seq = tracelab_frame_begin(TL_FUNCTION_ENTERED, 8, parent, depth);
	if (seq == 0 || tracelab_frames_discarded)
		return seq;				/* nothing to write: only the seq counts */
	tracelab_put_uint(call->fnoid);
	tracelab_put_str(call->reached_by);
	tracelab_put_int(call->location);
	tracelab_put_nil();
	tracelab_put_nil();
	put_call_tail(call);
	tracelab_frame_end();
	return seq;
}

/*
 * tracelab_emit_function_exited
 *		Write FunctionExited; sqlerrcode 0 writes an empty SQLSTATE.
 */
void
tracelab_emit_function_exited(uint64 entered_seq, bool failed,
							  int sqlerrcode, bool can_describe)
{
	uint64		parent;
	int			depth;

	tracelab_prepare_frame(can_describe, &parent, &depth);
	if (tracelab_frame_begin(TL_FUNCTION_EXITED, 3, parent, depth) == 0 ||
		tracelab_frames_discarded)
		return;
	tracelab_put_uint(entered_seq);
	tracelab_put_uint(failed ? 1 : 0);
	if (sqlerrcode != 0)
		tracelab_put_sqlstate(sqlerrcode);
	else
		tracelab_put_str("");
	tracelab_frame_end();
}

/*
 * original_address
 *		The real fn_addr of a function whose FmgrInfo holds the trampoline.
 */
static PGFunction
original_address(FmgrInfo *flinfo)
{
	TracelabFunction *fn;
	int			i;

	for (i = tracelab_stack_height - 1; i >= 0; i--)
	{
		if (tracelab_stack[i].kind == TL_ENTRY_FUNCTION &&
			tracelab_stack[i].flinfo == flinfo &&
			tracelab_stack[i].orig_addr != NULL)
			return tracelab_stack[i].orig_addr;
	}
	fn = tracelab_lookup_function(flinfo->fn_oid);
	if (fn != NULL && fn->orig_addr != NULL &&
		fn->orig_addr != tracelab_trampoline)
		return fn->orig_addr;
	return NULL;
}

/*
 * unwind_blocked_call
 *		Close the frame of a call enforcement is about to refuse at
 *		FHET_START, where fmgr_security_definer's PG_TRY does not reach yet
 *		(FHET_ABORT will not be called).
 */
static void
unwind_blocked_call(int index)
{
	TracelabEntry entry = tracelab_stack[index];

	tracelab_stack_pop_to(index);
	if (entry.seq != 0)
		tracelab_emit_function_exited(entry.seq, true,
									  ERRCODE_INSUFFICIENT_PRIVILEGE, false);
}

/*
 * tracelab_capture_function_start
 *		fmgr_hook FHET_START: write FunctionEntered or install the trampoline.
 *
 * This runs after a SECURITY DEFINER switch, so GetUserId() is the role the
 * body runs as.  In a background process, a call with no frame open gets a
 * synthetic maintenance frame as its root first.
 */
void
tracelab_capture_function_start(FmgrInfo *flinfo)
{
	TracelabFunction *fn;
	TracelabEntry *entry;
	bool		can_describe;
	uint64		parent;
	int			depth;
	TracelabCall	site;
	uint64		seq;

	/* an FmgrInfo left with the trampoline: repair it first */
	if (flinfo->fn_addr == tracelab_trampoline)
	{
		PGFunction	orig = original_address(flinfo);

		if (orig != NULL)
			flinfo->fn_addr = orig;
	}

	if (flinfo->fn_oid < FirstNormalObjectId || !tracelab_recording())
		return;

	can_describe = IsTransactionState();
	if (tracelab_stack_height == 0 && MyBackendType != B_BACKEND &&
		can_describe)
		tracelab_open_maintenance();
	if (!tracelab_stack_reserve())
		return;

	/* planning code running inside an inlined body: that inlining first */
	if (can_describe && tracelab_stack_height > 0 &&
		tracelab_stack[tracelab_stack_height - 1].kind == TL_ENTRY_PLAN)
		tracelab_inline_before_call();

	tracelab_prepare_frame(can_describe, &parent, &depth);
	fn = tracelab_describe_function(flinfo->fn_oid, can_describe,
									parent, depth);

	if (fn != NULL && fn->known && fn->call_kind != TL_CALL_PLAIN &&
		flinfo->fn_addr != tracelab_trampoline)
	{
		/* defer FunctionEntered until the trampoline sees fcinfo */
		fn->orig_addr = flinfo->fn_addr;
		entry = tracelab_stack_push(0, TL_ENTRY_FUNCTION, -1);
		entry->flinfo = flinfo;
		entry->orig_addr = flinfo->fn_addr;
		flinfo->fn_addr = tracelab_trampoline;
		return;
	}

	call_site(flinfo, fn, tracelab_stack_height, can_describe, parent, depth,
			  &site);
	seq = tracelab_emit_function_call(parent, depth, &site);
	entry = tracelab_stack_push(seq, TL_ENTRY_FUNCTION, -1);
	entry->flinfo = flinfo;
	entry->phase = site.phase;
	if (tracelab_enforcing() && can_describe)
	{
		tracelab_chain_function(tracelab_stack_height - 1, &site, NULL,
								false);
		(void) tracelab_enforce_function(tracelab_stack_height - 1,
										 flinfo->fn_oid, unwind_blocked_call);
	}
}

/*
 * tracelab_capture_function_end
 *		fmgr_hook FHET_END or FHET_ABORT: write FunctionExited.
 *
 * FHET_ABORT is only called from PG_CATCH in fmgr_security_definer, so
 * geterrcode() is valid when failed is set, and no catalog access is
 * allowed then.  FHET_END is a normal return: a function body may have run
 * SET ROLE, so the users are described there.
 */
void
tracelab_capture_function_end(FmgrInfo *flinfo, bool failed)
{
	TracelabEntry entry;
	int			i;

	/*
	 * fmgr_security_definer passes the same FmgrInfo to every event of one
	 * call, so it identifies the frame exactly; a call whose start was not
	 * recorded has no entry and must not close an outer call of the same
	 * function.
	 */
	for (i = tracelab_stack_height - 1; i >= 0; i--)
	{
		if (tracelab_stack[i].kind == TL_ENTRY_FUNCTION &&
			tracelab_stack[i].flinfo == flinfo)
			break;
	}
	if (flinfo->fn_addr == tracelab_trampoline)
	{
		/* the trampoline never ran: put the real function back */
		PGFunction	orig = original_address(flinfo);

		if (orig != NULL)
			flinfo->fn_addr = orig;
	}
	if (i < 0)
		return;

	entry = tracelab_stack[i];
	tracelab_stack_pop_to(i);
	if (entry.seq == 0)
		return;					/* deferred FunctionEntered never written */
	tracelab_emit_function_exited(entry.seq, failed,
								  failed ? geterrcode() : 0, !failed);
}

/*
 * trigger_letter
 *		One letter for a trigger's timing, level or event (FORMAT.md).
 */
static const char *
trigger_letter(TriggerEvent event, int what)
{
	switch (what)
	{
		case 0:
			if (TRIGGER_FIRED_BEFORE(event))
				return "B";
			if (TRIGGER_FIRED_AFTER(event))
				return "A";
			return "I";
		case 1:
			return TRIGGER_FIRED_FOR_ROW(event) ? "R" : "S";
		default:
			if (TRIGGER_FIRED_BY_INSERT(event))
				return "I";
			if (TRIGGER_FIRED_BY_UPDATE(event))
				return "U";
			if (TRIGGER_FIRED_BY_DELETE(event))
				return "D";
			return "T";
	}
}

/*
 * event_trigger_enabled
 *		Whether an event trigger fires in this session (evtenabled).
 */
static bool
event_trigger_enabled(char evtenabled)
{
	if (evtenabled == TRIGGER_DISABLED)
		return false;
	if (SessionReplicationRole == SESSION_REPLICATION_ROLE_REPLICA)
		return evtenabled != TRIGGER_FIRES_ON_ORIGIN;
	return evtenabled != TRIGGER_FIRES_ON_REPLICA;
}

/*
 * event_trigger_has_tag
 *		Whether an event trigger's tag filter (evttags) admits the tag.
 */
static bool
event_trigger_has_tag(HeapTuple tuple, TupleDesc tupdesc, const char *tag)
{
	Datum		datum;
	bool		isnull;
	Datum	   *elems;
	int			nelems;
	int			i;

	datum = heap_getattr(tuple, Anum_pg_event_trigger_evttags, tupdesc,
						 &isnull);
	if (isnull)
		return true;
	deconstruct_array(DatumGetArrayTypeP(datum), TEXTOID, -1, false,
					  TYPALIGN_INT, &elems, NULL, &nelems);
	for (i = 0; i < nelems; i++)
	{
		if (pg_strcasecmp(TextDatumGetCString(elems[i]), tag) == 0)
			return true;
	}
	return false;
}

/*
 * event_triggers_of
 *		The enabled event triggers that call a function for an event.
 *
 * pg_event_trigger is tiny and has no index on the function, so it is
 * scanned; this runs in the trampoline, right before the server calls the
 * event trigger function, where catalog access is normal.
 */
static List *
event_triggers_of(Oid fnoid, const char *event, const char *tag)
{
	Relation	rel;
	SysScanDesc scan;
	HeapTuple	tuple;
	List	   *result = NIL;

	rel = table_open(EventTriggerRelationId, AccessShareLock);
	scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_event_trigger evt = (Form_pg_event_trigger) GETSTRUCT(tuple);
		EventTriggerRef *ref;

		if (evt->evtfoid != fnoid ||
			strcmp(NameStr(evt->evtevent), event) != 0 ||
			!event_trigger_enabled(evt->evtenabled) ||
			!event_trigger_has_tag(tuple, RelationGetDescr(rel), tag))
			continue;
		ref = palloc(sizeof(EventTriggerRef));
		ref->oid = evt->oid;
		ref->name = pstrdup(NameStr(evt->evtname));
		ref->owner = evt->evtowner;
		result = lappend(result, ref);
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return result;
}

/*
 * emit_trigger_entry
 *		Write FunctionEntered for a trigger function.
 */
static uint64
emit_trigger_entry(FunctionCallInfo fcinfo, int index, uint64 parent,
				   TracelabCall *site)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TriggerEvent event = trigdata->tg_event;
	uint64		seq;

	(void) tracelab_describe_relation(RelationGetRelid(trigdata->tg_relation),
									  parent, index);
	site->phase = call_phase(index, true);
	seq = tracelab_frame_begin(TL_FUNCTION_ENTERED, 8, parent, index);
	tracelab_put_uint(fcinfo->flinfo->fn_oid);
	tracelab_put_str("trigger");
	tracelab_put_int(-2);
	tracelab_put_array(6);
	tracelab_put_uint(trigdata->tg_trigger->tgoid);
	tracelab_put_str(trigdata->tg_trigger->tgname);
	tracelab_put_uint(RelationGetRelid(trigdata->tg_relation));
	tracelab_put_str(trigger_letter(event, 0));
	tracelab_put_str(trigger_letter(event, 1));
	tracelab_put_str(trigger_letter(event, 2));
	tracelab_put_nil();
	put_call_tail(site);
	tracelab_frame_end();
	return seq;
}

/*
 * emit_event_trigger_entry
 *		Write FunctionEntered for an event trigger function.
 */
static uint64
emit_event_trigger_entry(FunctionCallInfo fcinfo, int index, uint64 parent,
						 TracelabCall *site)
{
	EventTriggerData *evtdata = (EventTriggerData *) fcinfo->context;
	const char *tag = GetCommandTagName(evtdata->tag);
	List	   *triggers;
	ListCell   *lc;
	uint64		seq;

	triggers = event_triggers_of(fcinfo->flinfo->fn_oid, evtdata->event, tag);
	foreach(lc, triggers)
		tracelab_describe_role(((EventTriggerRef *) lfirst(lc))->owner,
							   parent, index);
	site->phase = call_phase(index, false);
	if (tracelab_enforcing() &&
		tracelab_chain_begin_function(index, site->phase))
	{
		foreach(lc, triggers)
		{
			EventTriggerRef *ref = (EventTriggerRef *) lfirst(lc);
			TracelabChainEntry *link;

			link = tracelab_chain_add(index, TL_POLICY_ENTRY_EVENT_TRIGGER,
									  tracelab_chain_phase(site->phase),
									  ref->owner, evtdata->event);
			if (link != NULL)
			{
				link->object_oid = ref->oid;
				link->candidate = list_length(triggers) > 1;
			}
		}
	}
	seq = tracelab_frame_begin(TL_FUNCTION_ENTERED, 8, parent, index);
	tracelab_put_uint(fcinfo->flinfo->fn_oid);
	tracelab_put_str("event_trigger");
	tracelab_put_int(-2);
	tracelab_put_nil();
	tracelab_put_array(3);
	tracelab_put_str(evtdata->event);
	tracelab_put_str(tag);
	tracelab_put_array(list_length(triggers));
	foreach(lc, triggers)
	{
		EventTriggerRef *ref = (EventTriggerRef *) lfirst(lc);

		tracelab_put_array(3);
		tracelab_put_uint(ref->oid);
		tracelab_put_str(ref->name);
		tracelab_put_uint(ref->owner);
	}
	put_call_tail(site);
	tracelab_frame_end();
	return seq;
}

/*
 * emit_deferred_entry
 *		Write the FunctionEntered deferred to the trampoline.
 *
 * index is the function's stack entry; its parent is the frame below it.
 */
static uint64
emit_deferred_entry(FunctionCallInfo fcinfo, int index)
{
	uint64		parent = tracelab_parent_below(index);
	TracelabCall	site;
	uint64		seq;

	memset(&site, 0, sizeof(site));
	site.fnoid = fcinfo->flinfo->fn_oid;
	if (CALLED_AS_TRIGGER(fcinfo))
		seq = emit_trigger_entry(fcinfo, index, parent, &site);
	else if (CALLED_AS_EVENT_TRIGGER(fcinfo))
		seq = emit_event_trigger_entry(fcinfo, index, parent, &site);
	else
	{
		TracelabFunction *fn = tracelab_lookup_function(fcinfo->flinfo->fn_oid);

		call_site(fcinfo->flinfo, fn, index, IsTransactionState(), parent,
				  index, &site);
		seq = tracelab_emit_function_call(parent, index, &site);
	}
	tracelab_stack[index].phase = site.phase;
	tracelab_stack[index].seq = seq;
	if (tracelab_enforcing() && IsTransactionState())
		tracelab_chain_function(index, &site,
								CALLED_AS_TRIGGER(fcinfo) ? fcinfo : NULL,
								CALLED_AS_EVENT_TRIGGER(fcinfo) &&
								tracelab_stack[index].chained);
	return seq;
}

/*
 * tracelab_trampoline
 *		Stand-in for a trigger function: record its context, then call it.
 *
 * fmgr_security_definer calls this right after FHET_START with the fcinfo
 * of the real call.  The real address goes back into the FmgrInfo before
 * anything else, so later calls never come through here again.
 */
static Datum
tracelab_trampoline(PG_FUNCTION_ARGS)
{
	FmgrInfo   *flinfo = fcinfo->flinfo;
	PGFunction	orig = original_address(flinfo);
	int			i;

	if (orig == NULL)
		elog(ERROR, "tracelab_probe lost the address of function %u",
			 flinfo->fn_oid);
	flinfo->fn_addr = orig;

	for (i = tracelab_stack_height - 1; i >= 0; i--)
	{
		if (tracelab_stack[i].kind == TL_ENTRY_FUNCTION &&
			tracelab_stack[i].flinfo == flinfo &&
			tracelab_stack[i].seq == 0)
		{
			tracelab_stack[i].orig_addr = NULL;
			tracelab_stack[i].seq = emit_deferred_entry(fcinfo, i);
			/* inside fmgr_security_definer's PG_TRY: FHET_ABORT closes it */
			if (tracelab_enforcing() && IsTransactionState())
				(void) tracelab_enforce_function(i, flinfo->fn_oid, NULL);
			break;
		}
	}
	return (*orig) (fcinfo);
}
