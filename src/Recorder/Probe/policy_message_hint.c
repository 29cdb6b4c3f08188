/*-------------------------------------------------------------------------
 *
 * policy_message_hint.c
 *	  The HINT of a blocked or warned operation: how to trust every owner the
 *	  deciding rule would have to trust, or which object to avoid as the
 *	  executing user (the C# TrustHint.cs and UntrustedOwners.cs).
 *
 * "Trust "mallory" and "bob" in the policy (trust: roles: {alice: [mallory,
 * bob]}), or do not use view mallory.v as "alice".": every owner is named,
 * so one change to the policy is enough, in the policy language, ready to
 * paste.  The owners are found by asking the rule itself, not by a second
 * copy of its trust logic: trust the culprit's owner, decide again with
 * tracelab_policy_decide under the rule alone, and repeat with the next
 * culprit until it allows.
 *
 * src/Recorder/Probe/policy_message_hint.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"

#include "policy_message.h"

/* the owners the HINT names, and whether they are all the rule needs */
typedef struct UntrustedOwners
{
	int			count;
	MessageRole *owners;
	bool		complete;
} UntrustedOwners;

/*
 * find_untrusted_owners
 *		Every owner the rule would have to trust before it allowed the
 *		operation, from the culprit's on (UntrustedOwners.Find): trust the
 *		culprit's owner as the HINT suggests (trust: roles: {executor:
 *		[owner]}), decide again under the rule alone, and repeat with the next
 *		culprit until it allows.  It stops, incomplete, at an owner nobody
 *		can name: a frame the recording lacks, an unknown role, a name
 *		already trusted to no effect.
 */
static UntrustedOwners
find_untrusted_owners(const MessageContext *cxt,
					  const TracelabPolicyRule *rule, int culprit)
{
	const TracelabChainInput *input = cxt->input;
	const char *key = cxt->executor.name != NULL ? cxt->executor.name : "*";
	TracelabEntryScratch *scratch;
	TracelabPolicyRule alone = *rule;
	TracelabPolicy policy;
	TracelabPolicyList *trusted;
	const char **items;
	int			base;
	int			keyed = -1;
	UntrustedOwners result;
	int			i;

	/* the rule alone, with room for the owners in key's list of roles */
	alone.roles = palloc(sizeof(TracelabPolicyRoles) * (rule->nroles + 1));
	for (i = 0; i < rule->nroles; i++)
	{
		alone.roles[i] = rule->roles[i];
		if (keyed < 0 && strcmp(rule->roles[i].executor, key) == 0)
			keyed = i;
	}
	if (keyed < 0)
	{
		keyed = alone.nroles++;
		alone.roles[keyed].executor = key;
		alone.roles[keyed].trusted.count = 0;
		alone.roles[keyed].trusted.items = NULL;
	}
	trusted = &alone.roles[keyed].trusted;
	base = Max(trusted->count, 0);
	items = palloc(sizeof(char *) * (base + input->nentries));
	if (base > 0)
		memcpy(items, trusted->items, sizeof(char *) * base);
	trusted->items = items;
	policy = *cxt->policy;
	policy.default_action = TL_POLICY_ACTION_ALLOW;
	policy.nrules = 1;
	policy.rules = &alone;
	scratch = palloc(sizeof(TracelabEntryScratch) * input->nentries);

	result.count = 0;
	result.owners = palloc(sizeof(MessageRole) * input->nentries);
	result.complete = false;
	i = culprit;
	for (;;)
	{
		const MessageRole *owner = &cxt->owners[i];
		TracelabDecision next;
		int			k;

		if (input->entries[i].synthetic || owner->name == NULL)
			break;
		for (k = 0; k < result.count; k++)
			if (strcmp(result.owners[k].name, owner->name) == 0)
				break;
		if (k < result.count)
			break;
		result.owners[result.count++] = *owner;
		items[base + result.count - 1] = owner->name;
		trusted->count = base + result.count;
		tracelab_policy_decide(&policy, input, cxt->api, scratch, &next);
		if (next.decision == TL_POLICY_DECISION_ALLOWED || next.culprit < 0)
		{
			result.complete = true;
			break;
		}
		i = next.culprit;
	}
	return result;
}

/*
 * yaml_scalar
 *		A role name as a YAML scalar (TrustHint.Yaml): bare when it is a
 *		plain lower-case word, double-quoted otherwise.
 */
static char *
yaml_scalar(const char *name)
{
	size_t		len = strlen(name);
	bool		plain;
	size_t		i;
	StringInfoData buf;

	/* C#'s ^[a-z_][a-z0-9_]*$, whose $ also matches before a final \n */
	if (len > 0 && name[len - 1] == '\n')
		len--;
	plain = len > 0 && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
	for (i = 1; plain && i < len; i++)
		plain = (name[i] >= 'a' && name[i] <= 'z') ||
			(name[i] >= '0' && name[i] <= '9') || name[i] == '_';
	if (plain)
		return pstrdup(name);

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '"');
	for (; *name; name++)
	{
		if (*name == '\\' || *name == '"')
			appendStringInfoChar(&buf, '\\');
		appendStringInfoChar(&buf, *name);
	}
	appendStringInfoChar(&buf, '"');
	return buf.data;
}

/*
 * trust_text
 *		How to trust every owner in the policy (TrustHint.Trust): by name,
 *		ready to paste, or by inherited membership for the roles the executor
 *		is a member of.
 */
static char *
trust_text(const MessageContext *cxt, const UntrustedOwners *untrusted)
{
	const MessageRole *executor = &cxt->executor;
	char	   *who = tracelab_message_quoted(executor);
	bool	   *member = palloc0(sizeof(bool) * Max(untrusted->count, 1));
	int			members = 0;
	int			others;
	int			seen;
	int			k;
	StringInfoData buf;

	for (k = 0; k < untrusted->count; k++)
	{
		Oid			owner = untrusted->owners[k].oid;

		/* the callbacks are asked about two different non-zero oids only */
		member[k] = executor->oid != InvalidOid && owner != InvalidOid &&
			owner != executor->oid &&
			cxt->api->is_member(cxt->api->arg, executor->oid, owner, false);
		members += member[k] ? 1 : 0;
	}
	others = untrusted->count - members;
	if (others == 0)
		return psprintf("Trust the roles %s is a member of in the policy (trust: membership: inherited)",
						who);

	initStringInfo(&buf);
	appendStringInfoString(&buf, "Trust ");
	for (k = 0, seen = 0; k < untrusted->count; k++)
	{
		if (member[k])
			continue;
		/* "a", "a" and "b", "a", "b" and "c" */
		if (seen > 0)
			appendStringInfoString(&buf, seen == others - 1 ? " and " : ", ");
		appendStringInfoString(&buf,
							   tracelab_message_quoted(&untrusted->owners[k]));
		seen++;
	}
	appendStringInfo(&buf, " in the policy (trust: roles: {%s: [",
					 executor->name != NULL ? yaml_scalar(executor->name) :
					 "\"*\"");
	for (k = 0, seen = 0; k < untrusted->count; k++)
	{
		if (member[k])
			continue;
		if (seen++ > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfoString(&buf, yaml_scalar(untrusted->owners[k].name));
	}
	appendStringInfoString(&buf, "]})");
	if (members > 0)
		appendStringInfo(&buf, " and the roles %s is a member of (trust: membership: inherited)",
						 who);
	return buf.data;
}

/*
 * domain_of
 *		domain mallory.positive_int out of domain mallory.positive_int check
 *		positive_int_check (TrustHint.Domain).
 */
static char *
domain_of(const char *name)
{
	const char *last = NULL;
	const char *at = name;

	while ((at = strstr(at, " check ")) != NULL)
		last = at++;
	if (last == NULL || last == name)
		return pstrdup(name);
	return pnstrdup(name, last - name);
}

/*
 * avoidance
 *		What not to do as the executor to keep away from the culprit
 *		(TrustHint.Avoid): do not use view mallory.v as "alice".
 */
static char *
avoidance(const MessageContext *cxt, int culprit)
{
	const TracelabChainEntry *entry = &cxt->input->entries[culprit];
	const char *name = entry->object_name;
	const char *command = entry->command;
	char	   *executor = tracelab_message_quoted(&cxt->executor);

	switch (entry->kind)
	{
		case TL_POLICY_ENTRY_STATEMENT:
			return psprintf("do not let %s run statements with the privileges of %s",
							tracelab_message_quoted(&cxt->owners[culprit]),
							executor);
		case TL_POLICY_ENTRY_VIEW:
			return psprintf("do not use view %s as %s", name, executor);
		case TL_POLICY_ENTRY_FUNCTION:
			return psprintf("do not call function %s as %s", name, executor);
		case TL_POLICY_ENTRY_TRIGGER:
			return psprintf("do not modify the table of trigger %s as %s",
							name, executor);
		case TL_POLICY_ENTRY_EVENT_TRIGGER:
			return psprintf("do not run the commands event trigger %s fires on as %s",
							name, executor);
		case TL_POLICY_ENTRY_RULE:
			return psprintf("do not modify the table of %s as %s",
							name, executor);
		case TL_POLICY_ENTRY_POLICY:
			return psprintf("do not use the table of row security %s as %s",
							name, executor);
		case TL_POLICY_ENTRY_DEFAULT:
		case TL_POLICY_ENTRY_GENERATED_COLUMN:
			return psprintf("do not write rows that need the %s as %s",
							name, executor);
		case TL_POLICY_ENTRY_CHECK_CONSTRAINT:
			return psprintf("do not write rows checked by %s as %s",
							name, executor);
		case TL_POLICY_ENTRY_DOMAIN_CONSTRAINT:
			return psprintf("do not use %s as %s", domain_of(name), executor);
		case TL_POLICY_ENTRY_INDEX_EXPRESSION:
		case TL_POLICY_ENTRY_INDEX_PREDICATE:
			return psprintf("do not write to or maintain the table of %s as %s",
							name, executor);
		case TL_POLICY_ENTRY_AGGREGATE:
			return psprintf("do not use aggregate %s as %s", name, executor);
		case TL_POLICY_ENTRY_OPERATOR:
			return psprintf("do not use operator %s as %s (an operator's owner need not own its function)",
							name, executor);
		case TL_POLICY_ENTRY_CAST:
			return psprintf("do not use cast %s as %s", name, executor);
		case TL_POLICY_ENTRY_TYPE_IO:
			return psprintf("do not convert values of type %s as %s",
							name, executor);
		case TL_POLICY_ENTRY_FOREIGN_KEY:
			return psprintf("do not modify the tables of the foreign key as %s",
							executor);
		case TL_POLICY_ENTRY_PREPARED_STATEMENT:
			if (name[0] == '\0')
				return psprintf("do not execute the unnamed prepared statement as %s",
								executor);
			return psprintf("do not execute prepared statement %s as %s",
							name, executor);
		case TL_POLICY_ENTRY_QUERY:
		case TL_POLICY_ENTRY_UTILITY:
			return psprintf("do not run the code that issues the nested %s as %s",
							command ? command : "statement", executor);
		case TL_POLICY_ENTRY_MAINTENANCE:
			if (culprit == 0)
				return psprintf("do not run the code of %s with the privileges of %s",
								command ? command : "the maintenance",
								executor);
			return psprintf("do not run %s as %s",
							command ? command : "the maintenance command",
							executor);
	}
	return psprintf("do not use %s as %s", name, executor);
}

/*
 * infrastructure_text
 *		The infrastructure setting that would trust the culprit, or NULL.
 */
static const char *
infrastructure_text(uint8 traits)
{
	if (traits & TL_POLICY_TRAIT_TYPE_OUTPUT_FUNCTION)
		return "It is a type output function, which \"trust: infrastructure: [type-output-functions]\" would trust.";
	if (traits & TL_POLICY_TRAIT_OPERATOR_CLASS)
		return "It belongs to an operator family, which \"trust: infrastructure: [operator-classes]\" would trust.";
	if (traits & TL_POLICY_TRAIT_EXTENSION_MEMBER)
		return "It belongs to an extension, which \"trust: infrastructure: [extension-members]\" would trust.";
	return NULL;
}

/*
 * tracelab_message_hint
 *		The HINT (TrustHint.Describe): how to trust every owner the rule
 *		would have to trust, or which object to avoid as the executor.
 */
char *
tracelab_message_hint(const MessageContext *cxt,
					  const TracelabPolicyRule *rule, int culprit)
{
	const TracelabChainEntry *entry = &cxt->input->entries[culprit];
	const MessageRole *owner = &cxt->owners[culprit];
	const char *infrastructure;
	char	   *avoid;
	char	   *hint;

	if (entry->synthetic)
		return psprintf("The recording lacks frame " INT64_FORMAT ", so the chain cannot be verified; record the session again without dropped frames.",
						entry->seq);

	avoid = avoidance(cxt, culprit);
	if (owner->name == NULL)
		hint = psprintf("%s; its owner, %s, is not described in the recording, so no trust setting can name it.",
						tracelab_message_capitalized(avoid),
						tracelab_message_quoted(owner));
	else
	{
		UntrustedOwners untrusted = find_untrusted_owners(cxt, rule, culprit);

		hint = psprintf("%s, or %s.%s", trust_text(cxt, &untrusted), avoid,
						untrusted.complete ? "" :
						" The chain has another owner the recording does not describe, which no trust setting can name.");
	}
	infrastructure = infrastructure_text(entry->traits);
	return infrastructure ? psprintf("%s %s", hint, infrastructure) : hint;
}

