#include "postgres.h"
#include "policy.h"
void
tracelab_policy_render(const TracelabPolicy *policy, const TracelabChainInput *input,
					   const TracelabRoleFactsApi *facts, const TracelabDecision *decision,
					   char **message, char **detail, char **hint)
{
	const TracelabChainEntry *e = decision->culprit >= 0 ? &input->entries[decision->culprit] : NULL;
	*message = psprintf("STUB policy \"%s\" %s %s culprit %d (%s owner %u)", policy->name,
						decision->decision == 1 ? "blocks" : "warns", input->command, decision->culprit,
						e ? e->object_name : "-", e ? e->owner : 0);
	*detail = NULL; *hint = NULL;
}
