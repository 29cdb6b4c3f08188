/*-------------------------------------------------------------------------
 *
 * enforce.c
 *	  Live enforcement: the policy in force judges each operation.
 *
 * The operations are the replayer's: every statement (planned or utility,
 * top level or nested) when it starts, every function call when it is
 * entered and every role switch.  Each is judged with the chain its frame
 * has (enforce_chain.c) by the evaluator the differential test holds to
 * the C# one (policy_eval.c), with role facts as they are at that moment:
 * superuser status and names from pg_authid, memberships from
 * pg_auth_members.  A decision that blocks raises, in block mode, an
 * ERROR with SQLSTATE 42501 and the replayer's message, DETAIL and HINT
 * (policy_message.c); a decision that warns, or any decision in warn mode,
 * raises a WARNING with the same text, and the operation runs.
 *
 * The statement and function hooks call this inside their PG_TRY, so an
 * ERROR raised here closes the operation's frame as failed with 42501,
 * which is what the recording then shows.
 *
 * src/Recorder/Probe/enforce.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_auth_members.h"
#include "catalog/pg_authid.h"
#include "miscadmin.h"
#include "utils/catcache.h"
#include "utils/syscache.h"

#include "tracelab_probe.h"
#include "enforce.h"

/* per-entry scratch for the evaluator, grown with the longest chain */
static TracelabEntryScratch *scratch = NULL;
static int	scratch_capacity = 0;

/*
 * describe_role
 *		TracelabRoleFactsApi.describe from pg_authid, as it is now.
 */
static void
describe_role(void *arg, Oid role, TracelabRoleFacts *facts)
{
	HeapTuple	tuple;

	facts->known = false;
	facts->superuser = false;
	facts->name = NULL;
	if (!OidIsValid(role))
		return;
	tuple = SearchSysCache1(AUTHOID, ObjectIdGetDatum(role));
	if (!HeapTupleIsValid(tuple))
		return;
	facts->known = true;
	facts->superuser = ((Form_pg_authid) GETSTRUCT(tuple))->rolsuper;
	facts->name = pstrdup(NameStr(((Form_pg_authid) GETSTRUCT(tuple))->rolname));
	ReleaseSysCache(tuple);
}

/*
 * role_inherits
 *		rolinherit of a role; false for a role that does not exist.
 */
static bool
role_inherits(Oid role)
{
	HeapTuple	tuple = SearchSysCache1(AUTHOID, ObjectIdGetDatum(role));
	bool		inherit;

	if (!HeapTupleIsValid(tuple))
		return false;
	inherit = ((Form_pg_authid) GETSTRUCT(tuple))->rolinherit;
	ReleaseSysCache(tuple);
	return inherit;
}

/*
 * is_member
 *		TracelabRoleFactsApi.is_member from pg_auth_members.
 *
 * Inherited membership follows grants from member outwards through roles
 * that have INHERIT, member included, like roles_is_member_of with
 * ROLERECURSE_PRIVS but without its superuser shortcut: whether
 * superusers are trusted is the policy's business.
 */
static bool
is_member(void *arg, Oid member, Oid role, bool direct)
{
	List	   *seen;
	ListCell   *lc;

	if (direct)
		return SearchSysCacheExists2(AUTHMEMMEMROLE, ObjectIdGetDatum(role),
									 ObjectIdGetDatum(member));
	seen = list_make1_oid(member);
	foreach(lc, seen)
	{
		Oid			current = lfirst_oid(lc);
		CatCList   *grants;
		int			i;

		if (!role_inherits(current))
			continue;
		grants = SearchSysCacheList1(AUTHMEMMEMROLE,
									 ObjectIdGetDatum(current));
		for (i = 0; i < grants->n_members; i++)
		{
			Form_pg_auth_members grant = (Form_pg_auth_members)
			GETSTRUCT(&grants->members[i]->tuple);

			if (grant->roleid == role)
			{
				ReleaseSysCacheList(grants);
				return true;
			}
			seen = list_append_unique_oid(seen, grant->roleid);
		}
		ReleaseSysCacheList(grants);
	}
	return false;
}

static const TracelabRoleFactsApi live_roles = {NULL, describe_role, is_member};

/*
 * policy_names_objects
 *		Whether a rule of the policy matches objects (only then are the
 *		operation's objects worth naming).
 */
static bool
policy_names_objects(const TracelabPolicy *policy)
{
	int			i;

	for (i = 0; i < policy->nrules; i++)
	{
		if (policy->rules[i].objects.count >= 0)
			return true;
	}
	return false;
}

/*
 * What a policy can guard, worked out once per policy: most operations are
 * of a kind no rule of the enforced policy lists (SELECTs and function
 * calls under ddl-needs-trusted-chain), and are allowed without building
 * an input or walking the chain.
 */
static const TracelabPolicy *summarized = NULL;
static uint32 summary_operations;	/* union of the rules' operations */
static bool summary_decides_all;	/* a rule matches by command or object,
									 * guards any operation, or the default
									 * does not allow */

/* guarded operations of each command tag (COPY depends on its details) */
static uint32 tag_operations[COMMAND_TAG_NEXTTAG];
static bool tag_known[COMMAND_TAG_NEXTTAG];

/*
 * may_decide
 *		Whether the policy could do anything but allow an operation of this
 *		kind and tag; false is certain, true means "evaluate".
 */
static bool
may_decide(const TracelabPolicy *policy, uint8 kind, CommandTag tag,
		   const TracelabChainInput *input)
{
	uint32		operations;

	if (policy != summarized)
	{
		int			i;

		summary_operations = 0;
		summary_decides_all = policy->default_action != TL_POLICY_ACTION_ALLOW;
		for (i = 0; i < policy->nrules; i++)
		{
			const TracelabPolicyRule *rule = &policy->rules[i];

			summary_operations |= rule->operations;
			if (rule->commands.count >= 0 || rule->objects.count >= 0 ||
				(rule->operations & TL_POLICY_OP_ANY) != 0)
				summary_decides_all = true;
		}
		summarized = policy;
	}
	if (summary_decides_all)
		return true;
	if (kind == TL_POLICY_OPERATION_KIND_PLANNED_STATEMENT ||
		kind == TL_POLICY_OPERATION_KIND_UTILITY_COMMAND)
	{
		if (input->copy_known || tag < 0 || tag >= COMMAND_TAG_NEXTTAG)
			operations = tracelab_policy_guarded_operations(input);
		else
		{
			if (!tag_known[tag])
			{
				tag_operations[tag] = tracelab_policy_guarded_operations(input);
				tag_known[tag] = true;
			}
			operations = tag_operations[tag];
		}
	}
	else
		operations = tracelab_policy_guarded_operations(input);
	return (operations & summary_operations) != 0;
}

/*
 * judge
 *		Decide the operation whose chain is the first nentries links, and
 *		act on the decision.  With unwind, called before the ERROR is
 *		raised (a function call, whose hook has no PG_TRY of its own).
 */
/*
 * record_decision
 *		Write PolicyEnforced under the operation's frame, when recording.
 */
static void
record_decision(const TracelabPolicy *policy, const TracelabDecision *decision,
				bool error, uint64 operation_seq, int depth,
				const char *message, const char *detail, const char *hint)
{
	if (operation_seq == 0 || !tracelab_recording())
		return;
	tracelab_note_enforcement_in_force(operation_seq, depth);
	if (tracelab_frame_begin(TL_POLICY_ENFORCED, 10, operation_seq,
							 depth) == 0)
		return;
	tracelab_put_uint(operation_seq);
	tracelab_put_str(policy->name);
	tracelab_put_str(tracelab_enforce_mode == TL_ENFORCE_BLOCK ? "block" :
					 "warn");
	tracelab_put_uint(decision->decision);
	tracelab_put_str(error ? "ERROR" : "WARNING");
	tracelab_put_int(decision->culprit);
	tracelab_put_str(decision->rule >= 0 ?
					 policy->rules[decision->rule].name : "");
	tracelab_put_str(message);
	tracelab_put_str(detail != NULL ? detail : "");
	tracelab_put_str(hint != NULL ? hint : "");
	tracelab_frame_end();
}

static bool
judge(int nentries, TracelabChainInput *input, void (*unwind) (int),
	  int unwind_arg, uint64 operation_seq, int depth)
{
	const TracelabPolicy *policy = tracelab_enforce_policy();
	TracelabDecision decision;
	char	   *message;
	char	   *detail;
	char	   *hint;
	bool		error;

	if (policy == NULL || nentries <= 0)
		return false;
	if (!tracelab_grow_array((void **) &scratch, &scratch_capacity,
							 nentries, sizeof(TracelabEntryScratch)))
		return false;
	memset(scratch, 0, sizeof(TracelabEntryScratch) * nentries);
	input->nentries = nentries;
	input->entries = tracelab_chain;
	tracelab_policy_decide(policy, input, &live_roles, scratch, &decision);
	if (decision.decision == TL_POLICY_DECISION_ALLOWED)
		return false;

	tracelab_chain_names(nentries);
	tracelab_policy_render(policy, input, &live_roles, &decision,
						   &message, &detail, &hint);
	error = decision.decision == TL_POLICY_DECISION_BLOCKED &&
		tracelab_enforce_mode == TL_ENFORCE_BLOCK;
	record_decision(policy, &decision, error, operation_seq, depth, message,
					detail, hint);
	if (error && unwind != NULL)
		unwind(unwind_arg);
	ereport(error ? ERROR : WARNING,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg_internal("%s", message),
			 detail != NULL ? errdetail_internal("%s", detail) : 0,
			 hint != NULL ? errhint("%s", hint) : 0));
	return true;
}

/*
 * A statement judged by its hook inside the hook's PG_TRY, so that the
 * ERROR closes its frame: the capture function leaves it here.
 */
typedef struct PendingStatement
{
	bool		set;
	int			index;
	uint64		seq;
	CommandTag	tag;
	bool		planned;
	bool		copy_known;
	bool		copy_from;
	bool		copy_program;
	int			ntargets;
	Oid		   *targets;		/* malloc'd, grown as needed */
	int			targets_capacity;
} PendingStatement;

static PendingStatement pending = {0};

/*
 * tracelab_enforce_defer_statement
 *		Leave a statement whose frame was just pushed at index to be judged
 *		by tracelab_enforce_pending.
 */
void
tracelab_enforce_defer_statement(int index, CommandTag tag, bool planned,
								 const TracelabStatementExtras *extras,
								 List *targets)
{
	ListCell   *lc;

	pending.set = false;
	if (!tracelab_stack[index].chained)
		return;
	pending.index = index;
	pending.seq = tracelab_stack[index].seq;
	pending.tag = tag;
	pending.planned = planned;
	pending.copy_known = extras->is_copy;
	pending.copy_from = extras->copy_is_from;
	pending.copy_program = extras->copy_is_program;
	pending.ntargets = 0;
	foreach(lc, targets)
	{
		if (!tracelab_grow_array((void **) &pending.targets,
								 &pending.targets_capacity, pending.ntargets,
								 sizeof(Oid)))
			break;
		pending.targets[pending.ntargets++] = lfirst_oid(lc);
	}
	pending.set = true;
}

/*
 * tracelab_enforce_pending
 *		Judge the statement left by tracelab_enforce_defer_statement, if it
 *		is still the top frame.
 */
void
tracelab_enforce_pending(void)
{
	TracelabChainInput input;
	const char **objects = NULL;
	int			i;

	if (!pending.set)
		return;
	pending.set = false;
	if (tracelab_stack_height != pending.index + 1 ||
		tracelab_stack[pending.index].seq != pending.seq ||
		!tracelab_stack[pending.index].chained)
		return;
	memset(&input, 0, sizeof(input));
	input.kind = pending.planned ? TL_POLICY_OPERATION_KIND_PLANNED_STATEMENT :
		TL_POLICY_OPERATION_KIND_UTILITY_COMMAND;
	input.command = GetCommandTagName(pending.tag);
	input.copy_known = pending.copy_known;
	input.copy_from = pending.copy_from;
	input.copy_program = pending.copy_program;
	input.executor = tracelab_stack[pending.index].current_user;
	if (!may_decide(tracelab_enforce_policy(), input.kind, pending.tag, &input))
		return;
	if (pending.ntargets > 0 &&
		policy_names_objects(tracelab_enforce_policy()))
	{
		objects = palloc(sizeof(char *) * pending.ntargets);
		for (i = 0; i < pending.ntargets; i++)
			objects[i] = tracelab_relation_display(pending.targets[i]);
		input.nobjects = pending.ntargets;
	}
	input.objects = objects;
	(void) judge(tracelab_chain_length(pending.index), &input, NULL, 0,
				 pending.seq, pending.index + 1);
}

/*
 * tracelab_enforce_function
 *		Judge a function call whose frame is at index.  With unwind, the
 *		frame is closed (unwind_function) before an ERROR is raised.
 */
bool
tracelab_enforce_function(int index, Oid fnoid, void (*unwind) (int))
{
	TracelabChainInput input;
	const char *object;

	if (!tracelab_stack[index].chained)
		return false;
	memset(&input, 0, sizeof(input));
	input.kind = TL_POLICY_OPERATION_KIND_FUNCTION_CALL;
	input.command = "EXECUTE FUNCTION";
	input.executor = GetUserId();
	if (!may_decide(tracelab_enforce_policy(), input.kind, CMDTAG_UNKNOWN,
					&input))
		return false;
	if (policy_names_objects(tracelab_enforce_policy()))
	{
		object = tracelab_function_object(fnoid);
		input.nobjects = 1;
		input.objects = &object;
	}
	return judge(tracelab_chain_length(index), &input, unwind, index,
				 tracelab_stack[index].seq, index + 1);
}

/*
 * tracelab_enforce_role_switch
 *		Judge a role switch made by the statement whose chain is the first
 *		nentries links (its frame already closed).  The switch has happened:
 *		an ERROR aborts the transaction, which undoes it.
 */
void
tracelab_enforce_role_switch(const char *command, int nentries, Oid executor,
							 uint64 switch_seq, int depth)
{
	TracelabChainInput input;

	memset(&input, 0, sizeof(input));
	input.kind = TL_POLICY_OPERATION_KIND_ROLE_SWITCH;
	input.command = command;
	input.executor = executor;
	if (!may_decide(tracelab_enforce_policy(), input.kind, CMDTAG_UNKNOWN,
					&input))
		return;
	(void) judge(nentries, &input, NULL, 0, switch_seq, depth);
}
