/*-------------------------------------------------------------------------
 *
 * policy_message_detail.c
 *	  The DETAIL of a blocked or warned operation: the chain walked from the
 *	  code that issued the operation to the statement the session user
 *	  entered, the culprit marked (the C# ChainWalk.cs, sentence for
 *	  sentence).
 *
 * "Function mallory.f_evil(integer) owned by "mallory" was called from view
 * mallory.v owned by "mallory" (where "mallory" entered the chain),
 * referenced by the statement entered by session user "alice".": each entry
 * is a noun by its kind, each link a verb by the entry's kind, and on the
 * link to a statement the phase says what the statement was doing.
 * Statement texts stay out (they can be 8 kB and may be sensitive): nested
 * statements appear by tag.
 *
 * src/Recorder/Probe/policy_message_detail.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"

#include "policy_message.h"

/*
 * entered
 *		"where "mallory" entered the chain" for entry i.
 */
static char *
entered(const MessageContext *cxt, int i)
{
	return psprintf("where %s entered the chain",
					tracelab_message_quoted(&cxt->owners[i]));
}

/*
 * append_marks
 *		The marks after entry i's noun: candidate, where the culprit's owner
 *		entered the chain.
 */
static void
append_marks(StringInfo buf, const MessageContext *cxt, int i, bool culprit)
{
	bool		candidate = cxt->input->entries[i].candidate;

	if (candidate && culprit)
		appendStringInfo(buf, " (candidate; %s)", entered(cxt, i));
	else if (candidate)
		appendStringInfoString(buf, " (candidate)");
	else if (culprit)
		appendStringInfo(buf, " (%s)", entered(cxt, i));
}

/*
 * entry_noun
 *		Entry i as a noun phrase (ChainWalk.Noun): view mallory.v owned by
 *		"mallory".
 */
static char *
entry_noun(const MessageContext *cxt, int i)
{
	const TracelabChainEntry *entry = &cxt->input->entries[i];
	const char *name = entry->object_name;
	const char *command = entry->command;
	char	   *owner = tracelab_message_quoted(&cxt->owners[i]);

	if (entry->synthetic)
		return psprintf("%s owned by %s", name, owner);
	switch (entry->kind)
	{
		case TL_POLICY_ENTRY_STATEMENT:
			if (i != 0)
				break;
			return psprintf(entry->phase == TL_POLICY_PHASE_COMMIT ?
							"the COMMIT entered by session user %s" :
							"the statement entered by session user %s",
							owner);
		case TL_POLICY_ENTRY_MAINTENANCE:
			return psprintf(i == 0 ? "%s started by session user %s" :
							"%s running as %s",
							command ? command : "maintenance", owner);
		case TL_POLICY_ENTRY_VIEW:
			return psprintf("view %s owned by %s", name, owner);
		case TL_POLICY_ENTRY_FUNCTION:
			return psprintf("function %s owned by %s", name, owner);
		case TL_POLICY_ENTRY_TRIGGER:
			return psprintf("trigger %s owned by %s", name, owner);
		case TL_POLICY_ENTRY_EVENT_TRIGGER:
			return psprintf("event trigger %s owned by %s", name, owner);
		case TL_POLICY_ENTRY_QUERY:
		case TL_POLICY_ENTRY_UTILITY:
			return psprintf("nested %s issued by %s",
							command ? command : "statement", owner);
		case TL_POLICY_ENTRY_POLICY:
			return psprintf("row security %s owned by %s", name, owner);
		case TL_POLICY_ENTRY_INDEX_EXPRESSION:
			return psprintf("expression of %s owned by %s", name, owner);
		case TL_POLICY_ENTRY_INDEX_PREDICATE:
			return psprintf("predicate of %s owned by %s", name, owner);
		case TL_POLICY_ENTRY_AGGREGATE:
			return psprintf("aggregate %s owned by %s", name, owner);
		case TL_POLICY_ENTRY_OPERATOR:
			return psprintf("operator %s owned by %s", name, owner);
		case TL_POLICY_ENTRY_CAST:
			return psprintf("cast %s whose function is owned by %s",
							name, owner);
		case TL_POLICY_ENTRY_TYPE_IO:
			return psprintf("type %s owned by %s", name, owner);
		case TL_POLICY_ENTRY_FOREIGN_KEY:
			return psprintf("%s run as %s", name, owner);
		case TL_POLICY_ENTRY_PREPARED_STATEMENT:
			if (name[0] == '\0')
				return psprintf("the unnamed prepared statement prepared by %s",
								owner);
			return psprintf("prepared statement %s prepared by %s",
							name, owner);
	}
	/* rules, defaults, constraints, a statement below the root */
	return psprintf("%s owned by %s", name, owner);
}

/* what an entry of each kind was done, and to which parent (ChainWalk.Link) */
static const char *const link_words[][2] = {
	[TL_POLICY_ENTRY_VIEW] = {"referenced", "by"},
	[TL_POLICY_ENTRY_FUNCTION] = {"called", "from"},
	[TL_POLICY_ENTRY_TRIGGER] = {"fired", "by"},
	[TL_POLICY_ENTRY_EVENT_TRIGGER] = {"fired", "by"},
	[TL_POLICY_ENTRY_DEFAULT] = {"evaluated", "for"},
	[TL_POLICY_ENTRY_GENERATED_COLUMN] = {"evaluated", "for"},
	[TL_POLICY_ENTRY_INDEX_EXPRESSION] = {"evaluated", "for"},
	[TL_POLICY_ENTRY_INDEX_PREDICATE] = {"evaluated", "for"},
	[TL_POLICY_ENTRY_CHECK_CONSTRAINT] = {"checked", "for"},
	[TL_POLICY_ENTRY_DOMAIN_CONSTRAINT] = {"checked", "for"},
	[TL_POLICY_ENTRY_RULE] = {"applied", "to"},
	[TL_POLICY_ENTRY_POLICY] = {"applied", "to"},
	[TL_POLICY_ENTRY_OPERATOR] = {"used", "by"},
	[TL_POLICY_ENTRY_CAST] = {"used", "by"},
	[TL_POLICY_ENTRY_AGGREGATE] = {"used", "by"},
	[TL_POLICY_ENTRY_TYPE_IO] = {"used", "by"},
	[TL_POLICY_ENTRY_PREPARED_STATEMENT] = {"executed", "by"},
	[TL_POLICY_ENTRY_QUERY] = {"run", "by"},
	[TL_POLICY_ENTRY_UTILITY] = {"run", "by"},
	[TL_POLICY_ENTRY_FOREIGN_KEY] = {"run", "for"},
	[TL_POLICY_ENTRY_MAINTENANCE] = {"run", "for"},
};

/*
 * append_link
 *		How entry relates to parent (ChainWalk.Link): called from, fired by,
 *		called while planning...  Phases are named on the link to a
 *		statement, where they say what the session user's statement was
 *		doing.
 */
static void
append_link(StringInfo buf, const TracelabChainEntry *entry,
			const TracelabChainEntry *parent)
{
	const char *done = "reached";
	const char *preposition = "from";

	if (entry->kind == TL_POLICY_ENTRY_FUNCTION && entry->inlined)
	{
		done = "inlined";
		preposition = "into";
	}
	else if (entry->kind < lengthof(link_words) &&
			 link_words[entry->kind][0] != NULL)
	{
		done = link_words[entry->kind][0];
		preposition = link_words[entry->kind][1];
	}
	if (parent->kind != TL_POLICY_ENTRY_STATEMENT || parent->synthetic)
		appendStringInfo(buf, "%s %s", done, preposition);
	else if (entry->phase == TL_POLICY_PHASE_PLANNING ||
			 parent->phase == TL_POLICY_PHASE_PLANNING)
		appendStringInfo(buf, "%s while planning", done);
	else if (entry->phase == TL_POLICY_PHASE_PARSE ||
			 parent->phase == TL_POLICY_PHASE_PARSE)
		appendStringInfo(buf, "%s during parse analysis of", done);
	else if (entry->phase == TL_POLICY_PHASE_COMMIT ||
			 parent->phase == TL_POLICY_PHASE_COMMIT)
		appendStringInfo(buf, "%s at", done);
	else
		appendStringInfo(buf, "%s %s", done, preposition);
}

/*
 * append_root_alone
 *		The DETAIL of a chain that is its root alone (ChainWalk.RootAlone).
 */
static void
append_root_alone(StringInfo buf, const MessageContext *cxt, bool culprit)
{
	const TracelabChainEntry *root = &cxt->input->entries[0];
	char	   *owner = tracelab_message_quoted(&cxt->owners[0]);
	const char *mark = culprit ? psprintf(" (%s)", entered(cxt, 0)) : "";

	if (root->synthetic)
		appendStringInfo(buf,
						 "The chain starts at %s, whose owner the recording lacks%s.",
						 root->object_name, mark);
	else if (root->kind == TL_POLICY_ENTRY_MAINTENANCE)
		appendStringInfo(buf, "%s was started by session user %s%s.",
						 tracelab_message_capitalized(root->command ?
													  root->command :
													  "maintenance"),
						 owner, mark);
	else if (root->phase == TL_POLICY_PHASE_COMMIT)
		appendStringInfo(buf, "The COMMIT was entered by session user %s%s.",
						 owner, mark);
	else if (root->phase == TL_POLICY_PHASE_PLANNING)
		appendStringInfo(buf,
						 "The statement being planned was entered by session user %s%s.",
						 owner, mark);
	else if (root->phase == TL_POLICY_PHASE_PARSE)
		appendStringInfo(buf,
						 "The statement being analysed was entered by session user %s%s.",
						 owner, mark);
	else
		appendStringInfo(buf, "The statement was entered by session user %s%s.",
						 owner, mark);
}

/*
 * tracelab_message_detail
 *		The DETAIL (ChainWalk.Describe): the chain walked bottom-up from the
 *		code that issued the operation to the root, the culprit marked.  For
 *		a nested statement the walk starts at the entry above it (the
 *		message names the statement), unless it is the culprit itself.
 */
char *
tracelab_message_detail(const MessageContext *cxt, int culprit)
{
	const TracelabChainInput *input = cxt->input;
	const TracelabChainEntry *entries = input->entries;
	int			start = input->nentries - 1;
	StringInfoData buf;
	int			i;

	if (start > 0 && culprit != start &&
		(entries[start].kind == TL_POLICY_ENTRY_QUERY ||
		 entries[start].kind == TL_POLICY_ENTRY_UTILITY))
		start--;

	initStringInfo(&buf);
	if (start == 0)
		append_root_alone(&buf, cxt, culprit == 0);
	else
	{
		char	   *noun = entry_noun(cxt, start);

		appendStringInfoString(&buf, tracelab_message_capitalized(noun));
		append_marks(&buf, cxt, start, start == culprit);
		for (i = start; i > 0; i--)
		{
			if (entries[i].candidate && entries[i - 1].candidate)
			{
				/* alternatives the recording cannot tell apart */
				appendStringInfo(&buf, " or %s", entry_noun(cxt, i - 1));
				append_marks(&buf, cxt, i - 1, i - 1 == culprit);
				continue;
			}
			appendStringInfoString(&buf, i == start ? " was " : ", ");
			append_link(&buf, &entries[i], &entries[i - 1]);
			appendStringInfo(&buf, " %s", entry_noun(cxt, i - 1));
			append_marks(&buf, cxt, i - 1, i - 1 == culprit);
		}
		appendStringInfoChar(&buf, '.');
	}
	for (i = 0; i < input->nentries; i++)
	{
		if (entries[i].candidate)
		{
			appendStringInfoString(&buf, " Entries marked (candidate) are alternative sources of the same call; each of them must be trusted.");
			break;
		}
	}
	return buf.data;
}

