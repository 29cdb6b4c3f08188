/*-------------------------------------------------------------------------
 *
 * policy_describe.c
 *	  tracelab_policy_describe(bytea): the canonical dump of a compiled
 *	  policy, for tests.
 *
 * The C# side writes the same dump from the policy it compiled
 * (src/Policies/Compiled/PolicyDump.cs), so comparing the two texts shows
 * that the probe reads every field exactly as it was written.  Enums are
 * printed as numbers and sets as hexadecimal masks, so no word of the
 * policy language is spelled a second time here; strings are quoted with
 * every byte outside printable ASCII escaped, so the text does not depend
 * on the server's encoding.  Bytes that are not a compiled policy raise an
 * ERROR with the loader's reason.  The function only reads its argument:
 * it is superuser-only because compiled policies are configuration, and the
 * script revokes EXECUTE from PUBLIC as well.
 *
 * src/Recorder/Probe/policy_describe.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "policy.h"

PG_FUNCTION_INFO_V1(tracelab_policy_describe);

/*
 * append_quoted
 *		s in double quotes, bytes outside 0x20..0x7e and " and \ as \xNN.
 */
static void
append_quoted(StringInfo buf, const char *s)
{
	const unsigned char *p;

	appendStringInfoChar(buf, '"');
	for (p = (const unsigned char *) s; *p; p++)
	{
		if (*p >= 0x20 && *p <= 0x7e && *p != '"' && *p != '\\')
			appendStringInfoChar(buf, (char) *p);
		else
			appendStringInfo(buf, "\\x%02x", *p);
	}
	appendStringInfoChar(buf, '"');
}

/*
 * append_list
 *		"-" for an absent list, else the count and the quoted items.
 */
static void
append_list(StringInfo buf, const TracelabPolicyList *list)
{
	int			i;

	if (list->count < 0)
	{
		appendStringInfoChar(buf, '-');
		return;
	}
	appendStringInfo(buf, "%d", list->count);
	for (i = 0; i < list->count; i++)
	{
		appendStringInfoChar(buf, ' ');
		append_quoted(buf, list->items[i]);
	}
}

/*
 * tracelab_policy_describe_text
 *		The canonical dump of policy (POLICY_FORMAT.md, "Canonical dump").
 */
char *
tracelab_policy_describe_text(const TracelabPolicy *policy)
{
	StringInfoData buf;
	int			i;
	int			j;

	initStringInfo(&buf);
	appendStringInfo(&buf, "format %d\n", TL_POLICY_FORMAT_VERSION);
	appendStringInfoString(&buf, "policy ");
	append_quoted(&buf, policy->name);
	appendStringInfoString(&buf, "\ndescription ");
	append_quoted(&buf, policy->description);
	appendStringInfo(&buf, "\ndefault %u\nrules %d\n",
					 policy->default_action, policy->nrules);
	for (i = 0; i < policy->nrules; i++)
	{
		const TracelabPolicyRule *rule = &policy->rules[i];

		appendStringInfoString(&buf, "rule ");
		append_quoted(&buf, rule->name);
		appendStringInfo(&buf, "\n  operations 0x%x\n  commands ",
						 rule->operations);
		append_list(&buf, &rule->commands);
		appendStringInfoString(&buf, "\n  objects ");
		append_list(&buf, &rule->objects);
		appendStringInfo(&buf,
						 "\n  trust self %d superusers %d membership %u infrastructure 0x%x\n  roles %d\n",
						 rule->trust_self ? 1 : 0,
						 rule->trust_superusers ? 1 : 0,
						 rule->membership, rule->infrastructure,
						 rule->nroles);
		for (j = 0; j < rule->nroles; j++)
		{
			appendStringInfoString(&buf, "    role ");
			append_quoted(&buf, rule->roles[j].executor);
			appendStringInfoString(&buf, " trusts ");
			append_list(&buf, &rule->roles[j].trusted);
			appendStringInfoChar(&buf, '\n');
		}
		appendStringInfo(&buf, "  scope %u\n  when entry-kinds ", rule->scope);
		if (rule->has_entry_kinds)
			appendStringInfo(&buf, "0x%llx",
							 (unsigned long long) rule->entry_kinds);
		else
			appendStringInfoChar(&buf, '-');
		appendStringInfo(&buf, " planner %d phases ", rule->planner ? 1 : 0);
		if (rule->has_phases)
			appendStringInfo(&buf, "0x%x", rule->phases);
		else
			appendStringInfoChar(&buf, '-');
		appendStringInfoString(&buf, " executor-is-superuser ");
		if (rule->executor_is_superuser < 0)
			appendStringInfoChar(&buf, '-');
		else
			appendStringInfo(&buf, "%d", rule->executor_is_superuser);
		appendStringInfo(&buf, "\n  action %u\n  message ", rule->action);
		if (rule->message)
			append_quoted(&buf, rule->message);
		else
			appendStringInfoChar(&buf, '-');
		appendStringInfoChar(&buf, '\n');
	}
	return buf.data;
}

/*
 * tracelab_policy_describe
 *		SQL function: the canonical dump of a compiled policy, or an ERROR
 *		saying why the bytes are not one.
 */
Datum
tracelab_policy_describe(PG_FUNCTION_ARGS)
{
	bytea	   *data;
	TracelabPolicy *policy;
	char	   *reason;
	text	   *result;

	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be superuser to describe a compiled policy")));

	data = PG_GETARG_BYTEA_PP(0);
	policy = tracelab_policy_load(VARDATA_ANY(data), VARSIZE_ANY_EXHDR(data),
								  CurrentMemoryContext, &reason);
	if (policy == NULL)
	{
		/* the reason is a fragment; a DETAIL is a sentence */
		reason[0] = pg_ascii_toupper((unsigned char) reason[0]);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid compiled policy"),
				 errdetail("%s.", reason),
				 errhint("Compile the policy again with \"tracelab policies compile\".")));
	}
	result = cstring_to_text(tracelab_policy_describe_text(policy));
	MemoryContextDelete(GetMemoryChunkContext(policy));
	PG_RETURN_TEXT_P(result);
}
