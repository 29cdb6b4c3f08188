/*-------------------------------------------------------------------------
 *
 * policy_eval.c
 *	  Decide an operation under a compiled policy: the C twin of the C#
 *	  evaluator (src/Policies/Evaluation/CompiledPolicy.cs, CompiledRule.cs).
 *
 * The rules are tried in order.  A rule applies when it guards the
 * operation (its operation kinds, commands and objects) and its "when"
 * conditions hold on the part of the chain its scope selects; the first rule
 * that applies decides: its action at the first entry of that part whose
 * owner is not trusted (the culprit), or allowed when every entry is
 * trusted.  When no rule applies the policy's default decides, with no
 * culprit and no rule.  LANGUAGE.md states the semantics; the differential
 * test (PolicyEvaluatorAgreementTests) holds this file to the C# code on
 * hundreds of thousands of random chains and policies.
 *
 * Live enforcement will run this for every operation of every backend, so
 * the evaluator allocates nothing (the caller hands it one scratch slot per
 * chain entry, where the facts about each owner are kept once asked for),
 * never raises an ERROR, and asks about roles only through the callbacks of
 * TracelabRoleFactsApi, and only when a rule needs the answer: the catalogs
 * answer them in a live server, the input in the test function.
 *
 * src/Recorder/Probe/policy_eval.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "policy.h"

/* bits of TracelabEntryScratch.asked and .facts */
#define FACT_DESCRIBED		0x01	/* facts: known, superuser; name set */
#define FACT_KNOWN			0x02
#define FACT_SUPERUSER		0x04
#define FACT_DIRECT			0x08	/* executor is a direct member */
#define FACT_INHERITED		0x10	/* executor inherits the owner's privileges */

/* what a decision needs about the executing user, asked once */
typedef struct DecisionContext
{
	const TracelabChainInput *input;
	const TracelabRoleFactsApi *api;
	TracelabEntryScratch *scratch;
	TracelabRoleFacts executor;
} DecisionContext;

/*
 * any_matches
 *		Whether text matches one of the patterns of list.
 */
static bool
any_matches(const TracelabPolicyList *list, const char *text, bool ignore_case)
{
	int			i;

	for (i = 0; i < list->count; i++)
		if (tracelab_policy_wildcard_matches(list->items[i], text, ignore_case))
			return true;
	return false;
}

/*
 * rule_guards
 *		Whether the rule guards the operation (CompiledRule.Guards): one of
 *		its kinds, one of its commands (case ignored) and, when it lists
 *		objects, one of the operation's objects (compared exactly).
 */
static bool
rule_guards(const TracelabPolicyRule *rule, uint32 guarded,
			const TracelabChainInput *input)
{
	int			i;

	if ((rule->operations & TL_POLICY_OP_ANY) == 0 &&
		(rule->operations & guarded) == 0)
		return false;
	if (rule->commands.count >= 0 &&
		!any_matches(&rule->commands, input->command, true))
		return false;
	if (rule->objects.count < 0)
		return true;
	for (i = 0; i < input->nobjects; i++)
		if (any_matches(&rule->objects, input->objects[i], false))
			return true;
	return false;
}

/*
 * owner_facts
 *		The facts about entry i's owner, asked of the callbacks once per
 *		decision; membership (FACT_DIRECT or FACT_INHERITED) only when want
 *		names it.
 */
static uint8
owner_facts(DecisionContext *cxt, int i, uint8 want)
{
	TracelabEntryScratch *slot = &cxt->scratch[i];
	Oid			owner = cxt->input->entries[i].owner;
	Oid			executor = cxt->input->executor;

	if ((slot->asked & FACT_DESCRIBED) == 0)
	{
		TracelabRoleFacts facts = {false, false, NULL};

		cxt->api->describe(cxt->api->arg, owner, &facts);
		slot->asked |= FACT_DESCRIBED;
		if (facts.known)
		{
			slot->facts |= FACT_KNOWN | (facts.superuser ? FACT_SUPERUSER : 0);
			slot->name = facts.name;
		}
	}
	/* as ShapeKey: membership is asked about other roles only, never oid 0 */
	if ((want & FACT_DIRECT) && (slot->asked & FACT_DIRECT) == 0)
	{
		slot->asked |= FACT_DIRECT;
		if (owner != InvalidOid && owner != executor &&
			cxt->api->is_member(cxt->api->arg, executor, owner, true))
			slot->facts |= FACT_DIRECT;
	}
	if ((want & FACT_INHERITED) && (slot->asked & FACT_INHERITED) == 0)
	{
		slot->asked |= FACT_INHERITED;
		if (owner != InvalidOid && owner != executor &&
			cxt->api->is_member(cxt->api->arg, executor, owner, false))
			slot->facts |= FACT_INHERITED;
	}
	return slot->facts;
}

/*
 * list_contains
 *		Whether name is one of list's items.
 */
static bool
list_contains(const TracelabPolicyList *list, const char *name)
{
	int			i;

	for (i = 0; i < list->count; i++)
		if (strcmp(list->items[i], name) == 0)
			return true;
	return false;
}

/*
 * trusted_by_name
 *		Whether the rule's "roles" trust owner for the executing user: listed
 *		for "*" or for the executor's name, names compared exactly.  "*" is
 *		everyone as an executing role only: in a list of trusted roles it
 *		names nobody, not even a role called "*" (as in CompiledRule, where
 *		"*" gets no name index).
 */
static bool
trusted_by_name(const TracelabPolicyRule *rule, const char *owner,
				const char *executor)
{
	int			i;

	if (owner == NULL || strcmp(owner, "*") == 0)
		return false;
	for (i = 0; i < rule->nroles; i++)
	{
		const char *key = rule->roles[i].executor;

		if ((strcmp(key, "*") == 0 ||
			 (executor != NULL && strcmp(key, executor) == 0)) &&
			list_contains(&rule->roles[i].trusted, owner))
			return true;
	}
	return false;
}

/*
 * trusted_infrastructure
 *		Whether entry is infrastructure the rule trusts whoever owns it.
 */
static bool
trusted_infrastructure(const TracelabPolicyRule *rule,
					   const TracelabChainEntry *entry, uint8 facts)
{
	uint32		infra = rule->infrastructure;
	bool		superuser_owned = (facts & (FACT_KNOWN | FACT_SUPERUSER)) ==
		(FACT_KNOWN | FACT_SUPERUSER);

	if ((infra & TL_POLICY_INFRA_TYPE_OUTPUT_FUNCTIONS) &&
		(entry->traits & TL_POLICY_TRAIT_TYPE_OUTPUT_FUNCTION))
		return true;
	if ((infra & TL_POLICY_INFRA_OPERATOR_CLASSES) &&
		(entry->traits & TL_POLICY_TRAIT_OPERATOR_CLASS))
		return true;
	if ((infra & TL_POLICY_INFRA_EXTENSION_MEMBERS) &&
		(entry->traits & TL_POLICY_TRAIT_EXTENSION_MEMBER) && superuser_owned)
		return true;
	/* the root and nested statements stand for a person, not an object */
	return (infra & TL_POLICY_INFRA_SUPERUSER_OWNED) && superuser_owned &&
		entry->kind != TL_POLICY_ENTRY_STATEMENT &&
		entry->kind != TL_POLICY_ENTRY_QUERY &&
		entry->kind != TL_POLICY_ENTRY_UTILITY;
}

/*
 * entry_trusted
 *		Whether the rule trusts entry i (CompiledRule.Trusted).
 */
static bool
entry_trusted(DecisionContext *cxt, const TracelabPolicyRule *rule, int i)
{
	const TracelabChainEntry *entry = &cxt->input->entries[i];
	uint8		want = 0;
	uint8		facts;

	if (rule->trust_self && entry->owner != InvalidOid &&
		entry->owner == cxt->input->executor)
		return true;
	if (rule->membership == TL_POLICY_MEMBERSHIP_DIRECT)
		want = FACT_DIRECT;
	else if (rule->membership == TL_POLICY_MEMBERSHIP_INHERITED)
		want = FACT_INHERITED;
	facts = owner_facts(cxt, i, want);
	if (rule->trust_superusers &&
		(facts & (FACT_KNOWN | FACT_SUPERUSER)) == (FACT_KNOWN | FACT_SUPERUSER))
		return true;
	if (facts & want)
		return true;
	if ((facts & FACT_KNOWN) &&
		trusted_by_name(rule, cxt->scratch[i].name, cxt->executor.name))
		return true;
	return trusted_infrastructure(rule, entry, facts);
}

/*
 * scope_start
 *		The first entry the rule's scope counts.
 */
static int
scope_start(const TracelabPolicyRule *rule, const TracelabChainInput *input)
{
	int			i;

	if (rule->scope == TL_POLICY_SCOPE_IMMEDIATE_CALLER)
		return input->nentries - 1;
	if (rule->scope == TL_POLICY_SCOPE_SINCE_LAST_SWITCH)
		for (i = input->nentries - 1; i >= 0; i--)
			if (input->entries[i].privilege_switch)
				return i;
	return 0;
}

/*
 * conditions_hold
 *		Whether the rule's "when" holds on entries start.. of the chain: an
 *		entry of a listed kind (or of the planning phase, for "planner"), an
 *		entry of a listed phase, the executor's superuser status.
 */
static bool
conditions_hold(const TracelabPolicyRule *rule, const DecisionContext *cxt,
				int start)
{
	const TracelabChainInput *input = cxt->input;
	bool		kind_found = !rule->has_entry_kinds;
	bool		phase_found = !rule->has_phases;
	int			i;

	if (rule->executor_is_superuser >= 0 &&
		rule->executor_is_superuser !=
		((cxt->executor.known && cxt->executor.superuser) ? 1 : 0))
		return false;
	for (i = start; i < input->nentries && !(kind_found && phase_found); i++)
	{
		const TracelabChainEntry *entry = &input->entries[i];

		/* kinds beyond the mask's 64 bits are in no list */
		if (!kind_found &&
			((entry->kind < 64 &&
			  (rule->entry_kinds & (UINT64CONST(1) << entry->kind))) ||
			 (rule->planner && entry->phase == TL_POLICY_PHASE_PLANNING)))
			kind_found = true;
		if (!phase_found && entry->phase < 32 &&
			(rule->phases & ((uint32) 1 << entry->phase)))
			phase_found = true;
	}
	return kind_found && phase_found;
}

/*
 * default_decision
 *		The policy's default: no culprit, no rule.
 */
static void
default_decision(const TracelabPolicy *policy, TracelabDecision *result)
{
	if (policy->default_action == TL_POLICY_ACTION_BLOCK)
		result->decision = TL_POLICY_DECISION_BLOCKED;
	else if (policy->default_action == TL_POLICY_ACTION_WARN)
		result->decision = TL_POLICY_DECISION_WARNED;
	else
		result->decision = TL_POLICY_DECISION_ALLOWED;
	result->culprit = -1;
	result->rule = -1;
}

/*
 * tracelab_policy_decide
 *		The decision, culprit and rule of policy for the operation input
 *		(CompiledPolicy.Decide).  scratch has input->nentries slots; role
 *		facts come from the callbacks of facts.
 */
void
tracelab_policy_decide(const TracelabPolicy *policy,
					   const TracelabChainInput *input,
					   const TracelabRoleFactsApi *facts,
					   TracelabEntryScratch *scratch,
					   TracelabDecision *result)
{
	DecisionContext cxt;
	uint32		guarded = tracelab_policy_guarded_operations(input);
	bool		described = false;
	int			r;
	int			i;

	cxt.input = input;
	cxt.api = facts;
	cxt.scratch = scratch;
	for (i = 0; i < input->nentries; i++)
	{
		scratch[i].asked = 0;
		scratch[i].facts = 0;
		scratch[i].name = NULL;
	}

	for (r = 0; r < policy->nrules; r++)
	{
		const TracelabPolicyRule *rule = &policy->rules[r];
		int			start;

		if (!rule_guards(rule, guarded, input))
			continue;
		if (!described)
		{
			cxt.executor.known = false;
			cxt.executor.superuser = false;
			cxt.executor.name = NULL;
			facts->describe(facts->arg, input->executor, &cxt.executor);
			if (!cxt.executor.known)
				cxt.executor.name = NULL;
			described = true;
		}
		start = scope_start(rule, input);
		if (!conditions_hold(rule, &cxt, start))
			continue;

		result->rule = r;
		for (i = start; i < input->nentries; i++)
		{
			if (!entry_trusted(&cxt, rule, i))
			{
				result->decision = rule->action == TL_POLICY_ACTION_WARN ?
					TL_POLICY_DECISION_WARNED : TL_POLICY_DECISION_BLOCKED;
				result->culprit = i;
				return;
			}
		}
		result->decision = TL_POLICY_DECISION_ALLOWED;
		result->culprit = -1;
		return;
	}
	default_decision(policy, result);
}
