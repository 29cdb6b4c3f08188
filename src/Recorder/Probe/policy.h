/*-------------------------------------------------------------------------
 *
 * policy.h
 *	  The compiled policy form (POLICY_FORMAT.md) as the probe reads it.
 *
 * "tracelab policies compile" (C#) writes a policy in a versioned binary
 * form; policy_load.c parses it into the structures below.  Every number
 * the form carries is the value of a C# enum (src/Policies/Model and
 * src/Policies/Language); the numbers are repeated here, once, and a C#
 * unit test parses this header and checks that they agree.  The TL_POLICY_
 * prefixes map to the C# enums as follows:
 *
 *	TL_POLICY_ACTION_	PolicyAction
 *	TL_POLICY_SCOPE_	TrustScope
 *	TL_POLICY_MEMBERSHIP_	MembershipTrust
 *	TL_POLICY_INFRA_	TrustedInfrastructure (flags)
 *	TL_POLICY_OP_		GuardedOperations (flags)
 *	TL_POLICY_ENTRY_	ChainEntryKind (a bit 1 << value in a mask)
 *	TL_POLICY_PHASE_	ChainPhase (a bit 1 << value in a mask)
 *
 * The evaluator (policy_eval.c) adds the numbers of its input and output,
 * with the same rule: the value of the C# enum, spelled once here.
 *
 *	TL_POLICY_DECISION_	Decision
 *	TL_POLICY_OPERATION_KIND_	OperationKind
 *	TL_POLICY_TRAIT_	EntryTraits (flags)
 *	TL_POLICY_CATEGORY_	CommandCategory
 *
 * Live enforcement (enforce*.c) and the test-only SQL functions in
 * policy_describe.c, policy_decide_batch.c and policy_render_batch.c use
 * it.  The renderer (policy_message.c) writes the message, DETAIL and HINT
 * of a blocked or warned operation, the C# text byte for byte.
 *
 * src/Recorder/Probe/policy.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef TRACELAB_POLICY_H
#define TRACELAB_POLICY_H

#include "utils/palloc.h"

/* the header: magic, version, flags, length, CRC-32C of the rest */
#define TL_POLICY_MAGIC				"TLPOLICY"
#define TL_POLICY_MAGIC_LEN			8
#define TL_POLICY_FORMAT_VERSION	1
#define TL_POLICY_HEADER_BYTES		20
#define TL_POLICY_CHECKSUM_OFFSET	16
#define TL_POLICY_MAX_BYTES			(16 * 1024 * 1024)
#define TL_POLICY_ABSENT			0xFFFFFFFF

/* trust flags byte */
#define TL_POLICY_TRUST_SELF		0x01
#define TL_POLICY_TRUST_SUPERUSERS	0x02

/* when flags byte */
#define TL_POLICY_WHEN_ENTRY_KINDS	0x01
#define TL_POLICY_WHEN_PLANNER		0x02
#define TL_POLICY_WHEN_PHASES		0x04
#define TL_POLICY_WHEN_EXECUTOR_CONDITION	0x08
#define TL_POLICY_WHEN_EXECUTOR_IS_SUPERUSER	0x10

/* PolicyAction */
#define TL_POLICY_ACTION_ALLOW		0
#define TL_POLICY_ACTION_WARN		1
#define TL_POLICY_ACTION_BLOCK		2

/* TrustScope */
#define TL_POLICY_SCOPE_WHOLE_CHAIN	0
#define TL_POLICY_SCOPE_SINCE_LAST_SWITCH	1
#define TL_POLICY_SCOPE_IMMEDIATE_CALLER	2

/* MembershipTrust */
#define TL_POLICY_MEMBERSHIP_NONE	0
#define TL_POLICY_MEMBERSHIP_DIRECT	1
#define TL_POLICY_MEMBERSHIP_INHERITED	2

/* TrustedInfrastructure (flags) */
#define TL_POLICY_INFRA_TYPE_OUTPUT_FUNCTIONS	0x1
#define TL_POLICY_INFRA_OPERATOR_CLASSES	0x2
#define TL_POLICY_INFRA_SUPERUSER_OWNED	0x4
#define TL_POLICY_INFRA_EXTENSION_MEMBERS	0x8

/* GuardedOperations (flags) */
#define TL_POLICY_OP_FUNCTION_EXECUTION	0x1
#define TL_POLICY_OP_DDL			0x2
#define TL_POLICY_OP_ROLE			0x4
#define TL_POLICY_OP_GRANT			0x8
#define TL_POLICY_OP_DML_WRITE		0x10
#define TL_POLICY_OP_DML_READ		0x20
#define TL_POLICY_OP_ROLE_SWITCH	0x40
#define TL_POLICY_OP_COPY_PROGRAM	0x80
#define TL_POLICY_OP_MAINTENANCE	0x100
#define TL_POLICY_OP_ANY			0x40000000

/* ChainEntryKind */
#define TL_POLICY_ENTRY_STATEMENT	0
#define TL_POLICY_ENTRY_VIEW		1
#define TL_POLICY_ENTRY_FUNCTION	2
#define TL_POLICY_ENTRY_TRIGGER		3
#define TL_POLICY_ENTRY_QUERY		4
#define TL_POLICY_ENTRY_UTILITY		5
#define TL_POLICY_ENTRY_RULE		6
#define TL_POLICY_ENTRY_POLICY		7
#define TL_POLICY_ENTRY_DEFAULT		8
#define TL_POLICY_ENTRY_GENERATED_COLUMN	9
#define TL_POLICY_ENTRY_CHECK_CONSTRAINT	10
#define TL_POLICY_ENTRY_DOMAIN_CONSTRAINT	11
#define TL_POLICY_ENTRY_INDEX_EXPRESSION	12
#define TL_POLICY_ENTRY_INDEX_PREDICATE	13
#define TL_POLICY_ENTRY_AGGREGATE	14
#define TL_POLICY_ENTRY_OPERATOR	15
#define TL_POLICY_ENTRY_CAST		16
#define TL_POLICY_ENTRY_TYPE_IO		17
#define TL_POLICY_ENTRY_EVENT_TRIGGER	18
#define TL_POLICY_ENTRY_FOREIGN_KEY	19
#define TL_POLICY_ENTRY_PREPARED_STATEMENT	20
#define TL_POLICY_ENTRY_MAINTENANCE	21

/* ChainPhase */
#define TL_POLICY_PHASE_UNKNOWN		0
#define TL_POLICY_PHASE_REWRITE		1
#define TL_POLICY_PHASE_PREPARE		2
#define TL_POLICY_PHASE_PARSE		3
#define TL_POLICY_PHASE_PLANNING	4
#define TL_POLICY_PHASE_EXECUTION	5
#define TL_POLICY_PHASE_UTILITY		6
#define TL_POLICY_PHASE_MAINTENANCE	7
#define TL_POLICY_PHASE_COMMIT		8

/* what a file may hold: the values the policy language can express */
#define TL_POLICY_VALID_OPERATIONS	(0x1FF | TL_POLICY_OP_ANY)
#define TL_POLICY_VALID_INFRA		0xF
/* every entry kind but the root statement */
#define TL_POLICY_VALID_ENTRY_KINDS	UINT64CONST(0x3FFFFE)
/* every phase but unknown */
#define TL_POLICY_VALID_PHASES		0x1FE

/* a list of strings; count -1 when the list is absent (no limit) */
typedef struct TracelabPolicyList
{
	int			count;
	const char **items;
} TracelabPolicyList;

/* one entry of trust: roles: an executing role (or "*") and whom it trusts */
typedef struct TracelabPolicyRoles
{
	const char *executor;
	TracelabPolicyList trusted;
} TracelabPolicyRoles;

typedef struct TracelabPolicyRule
{
	const char *name;
	uint32		operations;		/* TL_POLICY_OP_ flags */
	TracelabPolicyList commands;	/* count -1: every command */
	TracelabPolicyList objects; /* count -1: every object */
	bool		trust_self;
	bool		trust_superusers;
	uint8		membership;		/* TL_POLICY_MEMBERSHIP_ */
	uint32		infrastructure; /* TL_POLICY_INFRA_ flags */
	int			nroles;
	TracelabPolicyRoles *roles;
	uint8		scope;			/* TL_POLICY_SCOPE_ */
	bool		has_entry_kinds;
	bool		planner;
	uint64		entry_kinds;	/* bits 1 << TL_POLICY_ENTRY_ */
	bool		has_phases;
	uint32		phases;			/* bits 1 << TL_POLICY_PHASE_ */
	int			executor_is_superuser;	/* -1 no condition, else 0 or 1 */
	uint8		action;			/* TL_POLICY_ACTION_WARN or _BLOCK */
	const char *message;		/* NULL: the standard message */
} TracelabPolicyRule;

typedef struct TracelabPolicy
{
	const char *name;
	const char *description;
	uint8		default_action; /* TL_POLICY_ACTION_ */
	int			nrules;
	TracelabPolicyRule *rules;
} TracelabPolicy;

/*
 * Parse a compiled policy.  The result and everything it points to live in a
 * new child context of cxt (delete it with GetMemoryChunkContext(result));
 * on failure, NULL and *reason, allocated in the caller's context.
 */
extern TracelabPolicy *tracelab_policy_load(const char *data, Size len,
											MemoryContext cxt,
											char **reason);
extern char *tracelab_policy_describe_text(const TracelabPolicy *policy);

/* Decision */
#define TL_POLICY_DECISION_ALLOWED	0
#define TL_POLICY_DECISION_BLOCKED	1
#define TL_POLICY_DECISION_WARNED	2

/* OperationKind */
#define TL_POLICY_OPERATION_KIND_PLANNED_STATEMENT	0
#define TL_POLICY_OPERATION_KIND_UTILITY_COMMAND	1
#define TL_POLICY_OPERATION_KIND_FUNCTION_CALL	2
#define TL_POLICY_OPERATION_KIND_ROLE_SWITCH	3

/* EntryTraits (flags) */
#define TL_POLICY_TRAIT_TYPE_OUTPUT_FUNCTION	0x1
#define TL_POLICY_TRAIT_OPERATOR_CLASS	0x2
#define TL_POLICY_TRAIT_EXTENSION_MEMBER	0x4

/* CommandCategory (the categories a command tag can have) */
#define TL_POLICY_CATEGORY_OTHER	0
#define TL_POLICY_CATEGORY_DDL		1
#define TL_POLICY_CATEGORY_ROLE		2
#define TL_POLICY_CATEGORY_GRANT	3
#define TL_POLICY_CATEGORY_TRANSACTION_CONTROL	4
#define TL_POLICY_CATEGORY_SESSION	5
#define TL_POLICY_CATEGORY_CURSOR_OR_PREPARED	6
#define TL_POLICY_CATEGORY_MAINTENANCE	7
#define TL_POLICY_CATEGORY_COPY		8
#define TL_POLICY_CATEGORY_PROCEDURAL	9
#define TL_POLICY_CATEGORY_DML_READ	10
#define TL_POLICY_CATEGORY_DML_WRITE	11
#define TL_POLICY_CATEGORY_FUNCTION_CALL	12
/* a role switch operation's category (its operation kind says so), never a tag's */
#define TL_POLICY_CATEGORY_ROLE_SWITCH	13

/*
 * The facts about a role the evaluator needs, as they are at the moment of
 * the operation.  known is false for a role that does not exist (or, in a
 * replay, was never described, and for oid 0): such a role has no name, is
 * not a superuser and trusts or is trusted through nothing but its oid.
 */
typedef struct TracelabRoleFacts
{
	bool		known;
	bool		superuser;
	const char *name;			/* NULL when !known; valid until the decision
								 * returns */
} TracelabRoleFacts;

/*
 * How the evaluator asks about roles.  Live enforcement answers from the
 * catalogs (superuser_arg, GetUserNameFromId, pg_auth_members); the test
 * function answers from the catalogue its input carries.  The callbacks
 * must not raise an ERROR.
 *
 * describe: the facts of role (known false when there is none).
 * is_member: whether member is a member of role.  With direct, whether
 * pg_auth_members has a row granting role to member; otherwise whether
 * member has role's privileges without SET ROLE: a chain of grants in which
 * every role whose memberships are followed, member included, has INHERIT.
 * Never the superuser shortcut of has_privs_of_role: whether superusers
 * count is for the policy to say.  Only asked for two different non-zero
 * oids.
 */
typedef struct TracelabRoleFactsApi
{
	void	   *arg;
	void		(*describe) (void *arg, Oid role, TracelabRoleFacts *facts);
	bool		(*is_member) (void *arg, Oid member, Oid role, bool direct);
} TracelabRoleFactsApi;

/* one link of a chain, root first */
typedef struct TracelabChainEntry
{
	uint8		kind;			/* TL_POLICY_ENTRY_ */
	uint8		phase;			/* TL_POLICY_PHASE_ */
	uint8		traits;			/* TL_POLICY_TRAIT_ flags */
	bool		candidate;
	bool		privilege_switch;
	bool		synthetic;
	Oid			owner;			/* 0: an owner nobody could establish */
	/* what only messages need (ChainEntry's ObjectName, Command, Seq, ...) */
	const char *object_name;	/* never NULL */
	const char *command;		/* NULL: none */
	int64		seq;			/* the frame that recorded the link */
	Oid			object_oid;		/* 0: none */
	bool		inlined;
} TracelabChainEntry;

/* the operation a policy judges, with its chain */
typedef struct TracelabChainInput
{
	uint8		kind;			/* TL_POLICY_OPERATION_KIND_ */
	const char *command;		/* the command tag (text, not a CommandTag:
								 * the C# side has text too) */
	bool		copy_known;		/* a COPY's direction is known */
	bool		copy_from;
	bool		copy_program;
	int			nobjects;
	const char *const *objects; /* the operation's own objects */
	Oid			executor;		/* whose privileges it runs with */
	int			nentries;		/* at least 1 */
	const TracelabChainEntry *entries;
} TracelabChainInput;

/*
 * Per-entry facts the evaluator works out at most once per decision; the
 * caller provides one per chain entry (no allocation in the evaluator).
 */
typedef struct TracelabEntryScratch
{
	uint8		asked;			/* which of the facts below are filled */
	uint8		facts;
	const char *name;
} TracelabEntryScratch;

/* what a policy decided: CompiledPolicy.Decide's Outcome */
typedef struct TracelabDecision
{
	uint8		decision;		/* TL_POLICY_DECISION_ */
	int			culprit;		/* entry index, or -1 */
	int			rule;			/* deciding rule's index, or -1: the default */
} TracelabDecision;

extern int	tracelab_policy_command_category(const char *command);
extern uint32 tracelab_policy_guarded_operations(const TracelabChainInput *input);
extern bool tracelab_policy_wildcard_matches(const char *pattern,
											 const char *text,
											 bool ignore_case);
extern void tracelab_policy_decide(const TracelabPolicy *policy,
								   const TracelabChainInput *input,
								   const TracelabRoleFactsApi *facts,
								   TracelabEntryScratch *scratch,
								   TracelabDecision *result);

/*
 * The message, DETAIL and HINT of a decision, exactly as the replayer
 * prints them (src/Policies/Messages); palloc'd in CurrentMemoryContext.
 * All three are NULL for an allowed operation, detail and hint NULL where
 * the C# text has none.  Role facts come from the callbacks of facts (names,
 * superuser, inherited membership).  Raises no ERROR but out of memory.
 */
extern void tracelab_policy_render(const TracelabPolicy *policy,
								   const TracelabChainInput *input,
								   const TracelabRoleFactsApi *facts,
								   const TracelabDecision *decision,
								   char **message, char **detail,
								   char **hint);

#endif							/* TRACELAB_POLICY_H */
