/*-------------------------------------------------------------------------
 *
 * policy_message.h
 *	  What the three parts of the renderer share: the message
 *	  (policy_message.c), the DETAIL (policy_message_detail.c) and the HINT
 *	  (policy_message_hint.c), as the C# TrustMessage, ChainWalk and
 *	  TrustHint are three files.
 *
 * src/Recorder/Probe/policy_message.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef TRACELAB_POLICY_MESSAGE_H
#define TRACELAB_POLICY_MESSAGE_H

#include "policy.h"

/* a role as the text names it: RoleFacts' Name, or none when unknown */
typedef struct MessageRole
{
	Oid			oid;
	const char *name;			/* NULL when the role is unknown */
} MessageRole;

/* what one rendering works from */
typedef struct MessageContext
{
	const TracelabPolicy *policy;
	const TracelabChainInput *input;
	const TracelabRoleFactsApi *api;
	MessageRole executor;
	MessageRole *owners;		/* the owner of each chain entry */
} MessageContext;

extern char *tracelab_message_quoted(const MessageRole *role);
extern char *tracelab_message_capitalized(const char *text);
extern char *tracelab_message_detail(const MessageContext *cxt, int culprit);
extern char *tracelab_message_hint(const MessageContext *cxt,
								   const TracelabPolicyRule *rule,
								   int culprit);

#endif							/* TRACELAB_POLICY_MESSAGE_H */
