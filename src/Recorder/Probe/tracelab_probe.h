/*-------------------------------------------------------------------------
 *
 * tracelab_probe.h
 *	  Declarations shared by the files of the TraceLab probe.
 *
 * The probe is split the way contrib/sepgsql is: probe.c installs the
 * hooks and dispatches to one file per concern, which turns what the hooks
 * see into frames:
 *
 *	settings.c	the settings (GUCs) and which sessions record
 *	stack.c		the frame stack, parents, statement texts, unreported role
 *				switches, closing frames at exit
 *	analyze.c	QueryAnalyzed: relations, views, aggregates, domains
 *	plan.c		PlanStarted/PlanFinished and the row-level security applied
 *	executor.c	planned statements (ExecutorStart ... ExecutorEnd)
 *	utility.c	utility statements, their targets, role switches
 *	prepared.c	the per-backend map of SQL prepared statements
 *	objaccess.c	ObjectChanged, from the object access hook
 *	function.c	FunctionEntered/Exited, the trampoline, phase and via
 *	plpgsql.c	the PL/pgSQL line and statement running a nested statement
 *	inline.c	SQL functions the planner inlines: kept inlined, recorded
 *	fmgrcaller.c	fmgr_info or the inliner asking needs_fmgr_hook
 *	callsite.c	whether a call's location is written in the statement
 *	xact.c		transactions, subtransactions, maintenance frames
 *
 * describe.c interns function descriptors (and holds what all descriptor
 * tables share), role.c role descriptors, relation.c relation descriptors
 * with their stored code (read by storedcode.c), typeop.c type and
 * operator descriptors; refs.c walks expression trees for the objects
 * they use.  frame.c writes frames into a per-backend buffer and decides
 * when it is written (msgpack.c encodes the fields); spool.c appends that
 * buffer to the session's spool file;
 * text.c writes statement texts as tracelab.capture_text asks; budget.c
 * keeps the spool directory within tracelab.spool_budget;
 * inspect.c is the SQL-callable frame counter.  The format of the spool
 * file is specified in FORMAT.md, next to this file.
 *
 * Live enforcement (ENFORCEMENT.md): enforce_settings.c holds the
 * settings and the policy in force, enforce_chain.c the chain links each
 * open frame adds, enforce.c the decisions at the operations a policy
 * judges, enforce_names.c the names messages use; the compiled policy
 * (policy.h) is read by policy_load.c, decided by policy_eval.c and
 * policy_commands.c and put into words by policy_message.c.
 *
 * Everything declared here is per backend: there is no shared memory, so
 * no locking is needed anywhere in the probe.
 *
 * src/Recorder/Probe/tracelab_probe.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef TRACELAB_PROBE_H
#define TRACELAB_PROBE_H

#include <signal.h>

#include "fmgr.h"
#include "catalog/objectaccess.h"
#include "catalog/pg_proc.h"
#include "executor/execdesc.h"
#include "nodes/params.h"
#include "nodes/parsenodes.h"
#include "nodes/pathnodes.h"
#include "nodes/plannodes.h"
#include "parser/parse_node.h"
#include "tcop/cmdtag.h"
#include "tcop/utility.h"
#include "utils/hsearch.h"

#if PG_VERSION_NUM < 150000
#error "tracelab_probe requires PostgreSQL 15 or later"
#endif

/*
 * Everything declared below is internal to the library.  PostgreSQL 15
 * builds extensions without -fvisibility=hidden (16 does), so without this
 * every call between the probe's files would go through the PLT and none
 * could be inlined: the hooks run for every statement, and those indirect
 * calls cost measurable CPU per statement.  Only _PG_init, the magic block
 * and the SQL-callable functions, declared by PostgreSQL's own macros, stay
 * exported.
 */
#pragma GCC visibility push(hidden)

#define TRACELAB_PROBE_VERSION		"0.7"	/* = the extension's version */
#define TRACELAB_FORMAT_VERSION		2	/* frame layout, see FORMAT.md */
#define TRACELAB_CONTAINER_VERSION	1	/* file header and block layout */

/* Frame types, the first element of every frame (FORMAT.md). */
typedef enum TracelabFrameType
{
	TL_SESSION_STARTED = 1,
	TL_SESSION_ENDED = 2,
	TL_ROLE_DESCRIBED = 3,
	TL_FUNCTION_DESCRIBED = 4,
	TL_RELATION_DESCRIBED = 5,
	TL_OPERATOR_DESCRIBED = 6,
	TL_TYPE_DESCRIBED = 7,
	TL_QUERY_ANALYZED = 10,
	TL_STATEMENT_STARTED = 11,
	TL_STATEMENT_FINISHED = 12,
	TL_PLAN_STARTED = 13,
	TL_PLAN_FINISHED = 14,
	TL_FUNCTION_ENTERED = 20,
	TL_FUNCTION_EXITED = 21,
	TL_ROLE_SWITCHED = 22,
	TL_OBJECT_CHANGED = 23,
	TL_MAINTENANCE_STARTED = 24,
	TL_MAINTENANCE_FINISHED = 25,
	TL_PRIVILEGES_CHANGED = 26,
	TL_POLICY_ENFORCED = 27,
	TL_ENFORCEMENT_IN_FORCE = 28,
	TL_TRANSACTION_ENDED = 30,
	TL_SUBXACT_STARTED = 31,
	TL_SUBXACT_ENDED = 32,
	TL_FRAMES_DROPPED = 90
} TracelabFrameType;

/* Frame types are below this bound (frame counters). */
#define TL_FRAME_TYPE_LIMIT	91

/* Number of elements in the common prefix of every frame. */
#define TL_PREFIX_FIELDS	8

/* Statement texts are cut to this many bytes (FORMAT.md). */
#define TL_TEXT_LIMIT		8192

/* How a function is called, which decides whether it needs the trampoline. */
typedef enum TracelabCallKind
{
	TL_CALL_PLAIN = 0,
	TL_CALL_TRIGGER,
	TL_CALL_EVENT_TRIGGER
} TracelabCallKind;

/* What the probe keeps per user function, interned in describe.c. */
typedef struct TracelabFunction
{
	Oid			oid;			/* hash key, must be first */
	bool		known;			/* catalog facts below were loaded */
	bool		described;		/* a current descriptor is in the stream */
	uint8		role_checks;	/* catalogs its role depends on, below */
	uint32		hashvalue;		/* PROCOID syscache hash, for invalidation */
	uint32		facts_crc;		/* CRC of the last descriptor's fields */
	Oid			owner;
	uint64		owner_generation;	/* tracelab_role_generation when the
									 * owner was last made sure of */
	NameData	name;			/* proname, for call sites */
	TracelabCallKind call_kind;
	Oid			single_aggregate;	/* the only aggregate it supports */
	int			nsupport;		/* an aggregate's user support functions */
	Oid			support[8];
	bool		security_definer;	/* prosecdef */
	uint8		traits;			/* TL_POLICY_TRAIT_ flags (policy.h) of the
								 * function itself */
	PGFunction	orig_addr;		/* last real fn_addr seen, for the
								 * trampoline */
	bool		body_known;		/* inlined SQL function: body is set */
	int			nbody;			/* functions its body may call */
	Oid		   *body;			/* malloc'd */
} TracelabFunction;

/* Bits of TracelabFunction.role_checks. */
#define TL_ROLE_CHECK_TYPE		0x01	/* could be a type I/O function */
#define TL_ROLE_CHECK_OPERATOR	0x02	/* could be a selectivity estimator */
#define TL_ROLE_CHECK_RANGE		0x04	/* could be a range subtype_diff */

/* A row-level-security policy of a relation, cached for PlanFinished. */
typedef struct TracelabRowPolicy
{
	Oid			oid;
	char		cmd;			/* polcmd: '*', 'r', 'a', 'w', 'd' */
	int			nroles;
	Oid		   *roles;			/* ACL_ID_PUBLIC (0) for PUBLIC */
	Oid		   *functions;		/* user functions of USING and WITH CHECK */
	int			nfunctions;
} TracelabRowPolicy;

/* A list of oids kept with a relation descriptor. */
typedef struct TracelabOids
{
	int			count;
	Oid		   *oids;
} TracelabOids;

/*
 * Kinds of a relation's stored code, as the replayer's CodeKinds: which of
 * them a statement may run is decided by the frame it runs under.
 */
#define TL_CODE_DEFAULTS			0x01
#define TL_CODE_CHECKS				0x02
#define TL_CODE_DOMAIN_COLUMNS		0x04
#define TL_CODE_RULES				0x08
#define TL_CODE_INDEX_EXPRESSIONS	0x10
#define TL_CODE_INDEX_PREDICATES	0x20
#define TL_CODE_POLICIES			0x40
#define TL_CODE_INDEX	(TL_CODE_INDEX_EXPRESSIONS | TL_CODE_INDEX_PREDICATES)
#define TL_CODE_WRITE	(TL_CODE_DEFAULTS | TL_CODE_CHECKS | \
						 TL_CODE_DOMAIN_COLUMNS | TL_CODE_INDEX)

/*
 * One piece of a relation's stored code that calls user functions, kept
 * for the live chain (enforce_chain.c), in the replayer's order: defaults
 * and generated columns, CHECK constraints, domain columns, rules, then
 * each index's expressions and predicate.
 */
typedef struct TracelabCodeItem
{
	uint8		code_kind;		/* one TL_CODE_ bit */
	uint8		entry_kind;		/* TL_POLICY_ENTRY_ of its link */
	Oid			oid;			/* constraint, rule or index; a default's
								 * attribute number; a column's domain */
	const char *event;			/* rules: INSERT, UPDATE, DELETE or SELECT */
	TracelabOids functions;		/* user functions it calls */
} TracelabCodeItem;

/* What the probe keeps per relation, interned in relation.c. */
typedef struct TracelabRelation
{
	Oid			oid;			/* hash key, must be first */
	bool		described;		/* a current descriptor is in the stream */
	bool		exists;			/* the catalog row was found */
	bool		row_security;	/* relrowsecurity */
	bool		domain_columns; /* has columns of a domain type */
	char		relkind;
	uint8		traits;			/* TL_POLICY_TRAIT_ flags (policy.h) */
	Oid			owner;
	uint64		owner_generation;	/* tracelab_role_generation when the
									 * owner was last made sure of */
	uint32		hashvalue;		/* RELOID syscache hash, for invalidation */
	uint32		facts_crc;		/* CRC of the last descriptor's fields */
	MemoryContext context;		/* owns the arrays below, or NULL */
	/* a view's own body */
	TracelabOids views;			/* views it references */
	TracelabOids functions;		/* user functions it calls */
	TracelabOids relations;		/* table-like relations it references */
	TracelabOids aggregates;	/* user aggregates it calls */
	TracelabOids domains;		/* domains it coerces to */
	Oid			base_relation;	/* its single FROM relation, or InvalidOid */
	/* a table's row-level-security policies */
	int			npolicies;
	TracelabRowPolicy *policies;
	/* stored code that calls user functions, for the live chain */
	int			ncode;
	TracelabCodeItem *code;
} TracelabRelation;

/* Objects an expression tree or query uses, collected by refs.c. */
typedef struct TracelabRefs
{
	Oid			self;			/* the view being walked, or InvalidOid */
	List	   *views;			/* views referenced */
	List	   *relations;		/* table-like relations referenced */
	List	   *targets;		/* result relations (tables or views) */
	List	   *functions;		/* user functions called */
	List	   *operators;		/* operators whose opfuncid is not set */
	List	   *input_types;	/* user types converted from text */
	List	   *output_types;	/* user types converted to text */
	List	   *aggregates;		/* user aggregates called */
	List	   *domains;		/* domains coerced to */
} TracelabRefs;

/* A column default or generated column that calls user functions. */
typedef struct TracelabStoredDefault
{
	int			attnum;
	char	   *column;
	bool		generated;
	List	   *functions;
} TracelabStoredDefault;

/* A CHECK constraint, index, rule or policy of a relation. */
typedef struct TracelabStoredObject
{
	Oid			oid;
	char	   *name;
	const char *kind;			/* rule event or policy command */
	char		cmd;			/* policy: polcmd */
	bool		permissive;
	List	   *roles;
	List	   *functions;
	List	   *functions2;		/* index predicate, policy WITH CHECK */
} TracelabStoredObject;

/* A live column of a relation. */
typedef struct TracelabColumn
{
	int			attnum;
	char	   *name;
	Oid			type;
	bool		has_default;
	bool		generated;
} TracelabColumn;

/* The stored code of a relation, read before its descriptor is sent. */
typedef struct TracelabStoredCode
{
	List	   *columns;		/* TracelabColumn */
	List	   *defaults;		/* TracelabStoredDefault */
	List	   *checks;			/* TracelabStoredObject */
	List	   *indexes;		/* TracelabStoredObject */
	List	   *rules;			/* TracelabStoredObject */
	List	   *policies;		/* TracelabStoredObject */
	List	   *domains;		/* pairs of attnum, type oid (as oids) */
	List	   *functions;		/* every user function above */
	List	   *roles;			/* every policy role */
	TracelabRefs body;			/* a view's own body */
	Oid			base_relation;	/* the body's single FROM relation */
} TracelabStoredCode;

/* A CHECK constraint of a domain (typeop.c). */
typedef struct TracelabDomainCheck
{
	Oid			oid;
	char	   *name;
	List	   *functions;		/* user functions it calls */
} TracelabDomainCheck;

/* What the live chain needs of a domain (tracelab_domain_facts). */
typedef struct TracelabDomainFacts
{
	char	   *name;			/* schema-qualified, quoted as needed */
	Oid			owner;
	uint8		traits;			/* TL_POLICY_TRAIT_EXTENSION_MEMBER or 0 */
	Oid			base_domain;	/* typbasetype: a domain, or not */
	List	   *checks;			/* TracelabDomainCheck */
} TracelabDomainFacts;

/* A view reached while expanding an analysed query (analyze.c). */
typedef struct TracelabExpandedView
{
	Oid			oid;
	int			parent;			/* index of the referencing view, or -1 */
	List	   *functions;		/* user function oids in its own body */
} TracelabExpandedView;

/* What an entry of the frame stack is. */
typedef enum TracelabEntryKind
{
	TL_ENTRY_PLANNED,			/* executor statement, pushed while it runs */
	TL_ENTRY_UTILITY,			/* utility statement */
	TL_ENTRY_PLAN,				/* planner run */
	TL_ENTRY_FUNCTION,			/* function call */
	TL_ENTRY_MAINTENANCE		/* synthetic root of a background process */
} TracelabEntryKind;

/* Phase of a function call (FunctionEntered.phase). */
typedef enum TracelabPhase
{
	TL_PHASE_PARSE,
	TL_PHASE_PLANNING,
	TL_PHASE_MAINTENANCE,
	TL_PHASE_COMMIT,
	TL_PHASE_UTILITY,
	TL_PHASE_EXECUTION
} TracelabPhase;

/* A function call as FunctionEntered describes it (function.c, inline.c). */
typedef struct TracelabCall
{
	Oid			fnoid;
	const char *reached_by;		/* call, operator, cast, ... */
	int			location;		/* in the enclosing text, -1, or -2 */
	TracelabPhase phase;
	const char *via_kind;		/* NULL: no via */
	Oid			via_oid;
	Oid			via_oid2;
	bool		inlined;		/* the planner inlined this call */
	List	   *body;			/* inlined: functions its body may call */
} TracelabCall;

/* One open frame. */
typedef struct TracelabEntry
{
	uint64		seq;			/* 0 while FunctionEntered is deferred */
	TracelabEntryKind kind;
	TracelabPhase phase;		/* functions: the phase of the call */
	bool		commits;		/* utility: DO or CALL, may COMMIT inside */
	int			text_offset;	/* statements and plans: start of the
								 * recorded text in the source, or -1 */
	const char *source;			/* statements and plans: the source string
								 * its text and locations are in */
	size_t		source_end;		/* planned statements and plans: where the
								 * statement ends in source, 0 unknown */
	size_t		text_len;		/* utility: length of its recorded text */
	FmgrInfo   *flinfo;			/* functions: the callee's FmgrInfo */
	PGFunction	orig_addr;		/* functions: real fn_addr while the
								 * trampoline is installed */
	/* plans: what a PlanStarted written later needs (plan.c) */
	uint64		query_id;		/* plans and planned statements */
	int			cursor_options;
	bool		bound_params;
	const char *text;
	/*
	 * plans: text, text_offset and source_end are worked out from these
	 * only when something needs them (tracelab_entry_text)
	 */
	bool		text_pending;
	int			stmt_location;
	int			stmt_len;
	/* enforcement (enforce_chain.c): this frame's links of the chain */
	bool		chained;		/* chain_end and issuer are set */
	bool		maintenance;	/* a maintenance command or process: code
								 * under it runs as the table's owner (its
								 * scope: tracelab_frame_scope) */
	bool		maintained;		/* its links have a maintenance link */
	int			chain_end;		/* tracelab_chain entries up to this frame's */
	Oid			issuer;			/* who issues statements nested here */
	Oid			current_user;	/* the effective user when it started */
	const char *prepared;		/* EXECUTE: the prepared statement it runs */
} TracelabEntry;

/* Optional StatementStarted fields appended in format version 2. */
typedef struct TracelabStatementExtras
{
	const char *prepared_name;	/* NULL: no prepared statement */
	uint64		prepare_seq;
	const char *portal_name;	/* NULL: no portal */
	bool		cached_plan;
	const char *origin;			/* "" or "foreign_key" */
	List	   *targets;		/* relation oids */
	bool		is_copy;
	bool		copy_is_from;
	bool		copy_is_program;
	const char *copy_target;
	int			plpgsql_line;	/* 0: not run by a PL/pgSQL statement */
	const char *plpgsql_statement;
} TracelabStatementExtras;

/* tracelab.capture_text: how much of a statement's text is recorded. */
typedef enum TracelabTextCapture
{
	TL_TEXT_FULL,
	TL_TEXT_NORMALIZED,
	TL_TEXT_NONE
} TracelabTextCapture;

/* settings.c: settings and the recording predicate */
extern bool tracelab_enabled;
extern char *tracelab_spool_directory;
extern int	tracelab_capture_text;
extern int	tracelab_spool_budget_mb;
extern bool tracelab_plpgsql_statements;
extern uint64 tracelab_settings_generation;
extern uint64 tracelab_stream_generation;
extern uint64 tracelab_recording_known;
extern void tracelab_define_settings(void);
extern bool tracelab_recording_decide(void);
extern void tracelab_enforce_changed(void);

/* probe.c: hooks */
extern const char *tracelab_hook_mode(void);

/* stack.c: the frame stack */
extern TracelabEntry *tracelab_stack;
extern int	tracelab_stack_height;
extern bool tracelab_session_registered;
extern bool tracelab_grow_array(void **array, int *capacity, int count,
								size_t elem_size);
extern bool tracelab_stack_reserve(void);
extern uint64 tracelab_parent_below(int height);
extern void tracelab_prepare_frame(bool can_describe, uint64 *parent,
								   int *depth);
extern void tracelab_statement_text(const char *source, int location,
									int length, const char **text,
									size_t *text_len, int *offset);
extern void tracelab_entry_text(int index);
extern bool tracelab_note_role_switch(const char *command, bool local);

/* enforce_settings.c: tracelab.enforce_policy and tracelab.enforce_mode */
typedef enum TracelabEnforceMode
{
	TL_ENFORCE_OFF,
	TL_ENFORCE_WARN,
	TL_ENFORCE_BLOCK
} TracelabEnforceMode;
extern int	tracelab_enforce_mode;
extern void tracelab_define_enforce_settings(void);
extern void tracelab_enforce_check_startup(void);
extern const struct TracelabPolicy *tracelab_enforce_policy(void);
extern uint32 tracelab_enforce_policy_checksum(void);
extern const char *tracelab_enforce_policy_path(void);
extern const char *tracelab_enforce_mode_name(int mode);

/* enforce_in_force.c: EnforcementInForce */
extern void tracelab_note_enforcement_in_force(uint64 parent, int depth);

/* enforce_chain.c, enforce.c: enforcement (the rest is in enforce.h) */
extern bool tracelab_enforcing(void);
extern void tracelab_enforce_pending(void);

/* privileges.c: the effect of GRANT and REVOKE */
extern void tracelab_note_privileges(Node *stmt);
extern void tracelab_close_entry(const TracelabEntry *entry);
extern void tracelab_unwind_at_exit(void);

/* frame.c: the per-backend frame buffer */
extern bool tracelab_session_ended;
extern bool tracelab_frames_lost;
extern bool tracelab_xact_has_frames;
extern uint64 tracelab_frame_counts[TL_FRAME_TYPE_LIMIT];
extern uint64 tracelab_frame_begin(TracelabFrameType type, int nfields,
								   uint64 parent, int depth);
extern void tracelab_frame_end(void);
extern bool tracelab_frame_end_if_changed(uint32 *facts_crc);
extern void tracelab_put_text(const char *value, size_t len, size_t limit);
extern void tracelab_put_sqlstate(int sqlerrcode);
extern void tracelab_put_patchable(void);
extern bool tracelab_frame_patch(uint8 value);
extern void tracelab_frame_flush(void);
extern void tracelab_frame_xact_end(void);
extern uint64 tracelab_frame_next_seq(void);
extern void tracelab_frame_session_end(uint64 parent, int depth);
extern void tracelab_frame_note_database(void);
extern int64 tracelab_unix_micros(TimestampTz ts);
extern bool tracelab_frames_discarded;
extern void tracelab_frame_set_discard(bool discard);

/* spool.c: the session's spool file */
#define TL_BLOCK_HEADER_SIZE	11
#define TL_FILE_HEADER_SIZE		17
#define TL_HEADROOM				(TL_FILE_HEADER_SIZE + TL_BLOCK_HEADER_SIZE)
extern bool tracelab_spool_write(char *buf, size_t payload_len,
								 uint32 nframes);
extern bool tracelab_spool_write_quietly(char *buf, size_t payload_len);
extern const char *tracelab_spool_failure;
extern volatile sig_atomic_t tracelab_spool_needs_attention;
extern void tracelab_spool_directory_path(char *path, size_t size);
extern void tracelab_spool_mark_server_start(void);

/* scratch.c: short-lived memory for one hook call */
extern MemoryContext tracelab_scratch_begin(void);
extern void tracelab_scratch_end(MemoryContext context);
extern void tracelab_scratch_reset(void);

/* text.c: statement texts as tracelab.capture_text asks */
extern void tracelab_put_statement_text(const char *text, size_t len);

/* budget.c: the spool directory's disk budget */
extern bool tracelab_budget_allows(size_t bytes, uint32 nframes);
extern bool tracelab_budget_allows_quietly(size_t bytes);
extern void tracelab_budget_wrote(size_t bytes);
extern bool tracelab_spool_has_data(void);
extern void tracelab_spool_close(void);

/* role.c: role descriptors interned per session */
extern uint64 tracelab_role_generation;
extern void tracelab_describe_role(Oid roleid, uint64 parent, int depth);
extern void tracelab_role_register_callbacks(void);
extern void tracelab_role_forget(void);

/* describe.c: function descriptors and the shared descriptor machinery */
extern uint64 tracelab_catalog_generation;
extern void tracelab_catalog_changed(void);
extern HTAB *tracelab_hash_create(const char *name, Size keysize,
								  Size entrysize, bool string_keys);
extern MemoryContext tracelab_work_context(void);
extern TracelabFunction *tracelab_describe_function(Oid fnoid,
													bool can_describe,
													uint64 parent,
													int depth);
extern void tracelab_describe_functions(List *fnoids, uint64 parent,
										int depth);
extern TracelabFunction *tracelab_lookup_function(Oid fnoid);
extern char *tracelab_function_arguments(Form_pg_proc proc);
extern const char *tracelab_extension_name(Oid classid, Oid objid);
extern void tracelab_describe_forget(void);
extern void tracelab_register_callbacks(void);

/* relation.c: relation descriptors and their stored code */
extern TracelabRelation *tracelab_describe_relation(Oid relid,
													uint64 parent,
													int depth);
extern void tracelab_relation_forget(void);
extern void tracelab_relation_register_callbacks(void);

/* storedcode.c: the code a relation stores */
extern void tracelab_stored_code_read(Oid relid, char relkind, int nchecks,
									  bool has_index, bool has_rules,
									  TracelabStoredCode *code);
extern void tracelab_stored_code_put(TracelabStoredCode *code);

/* typeop.c: type and operator descriptors */
extern bool tracelab_describe_type(Oid typid, uint64 parent, int depth);
extern void tracelab_describe_operator(Oid opno, uint64 parent, int depth);
extern const char *tracelab_operator_name(Oid opno);
extern bool tracelab_operator_facts(Oid opno, Oid *owner, uint8 *traits);
extern void tracelab_typeop_forget(void);
extern void tracelab_typeop_register_callbacks(void);

/* refs.c: the objects an expression tree uses */
extern void tracelab_refs_walk(Node *node, TracelabRefs *refs);
extern void tracelab_refs_resolve(TracelabRefs *refs);
extern List *tracelab_node_functions(const char *node_text);
extern void tracelab_copy_oids(MemoryContext context, List *list,
							   TracelabOids *oids);

/* analyze.c: parse analysis */
extern void tracelab_capture_analyzed(ParseState *pstate, Query *query);
extern List *tracelab_analysis_views(uint64 query_id);
extern List *tracelab_analysis_domains(uint64 query_id);
extern bool tracelab_analysis_scope(uint64 query_id, List **relations,
									List **targets, CommandTag *tag);
extern bool tracelab_plan_facts(uint64 query_id, List **applied,
								List **inlined);
extern bool tracelab_domain_facts(Oid typid, TracelabDomainFacts *facts);

/* plan.c: planning */
extern int	tracelab_capture_plan_start(Query *parse,
										const char *query_string,
										int cursorOptions,
										ParamListInfo boundParams,
										List **rls);
extern void tracelab_capture_plan_finish(Query *parse, int saved_height,
										 List *rls, bool failed);
extern uint64 tracelab_plan_materialize(int index);

/* executor.c: planned statements */
extern uint64 tracelab_emit_statement_started(uint64 parent, int depth,
											  uint64 query_id,
											  CommandTag tag, int kind,
											  int context,
											  const char *text,
											  size_t text_len,
											  const TracelabStatementExtras *x);
extern void tracelab_emit_statement_finished(uint64 statement_seq,
											 bool failed, int sqlerrcode,
											 uint64 rows, bool can_describe);
extern int	tracelab_capture_executor_start(QueryDesc *queryDesc, int eflags);
extern int	tracelab_capture_executor_enter(QueryDesc *queryDesc);
extern void tracelab_capture_executor_leave(int saved_height);
extern void tracelab_capture_executor_ran(QueryDesc *queryDesc,
										  int saved_height);
extern void tracelab_capture_executor_end(QueryDesc *queryDesc,
										  int saved_height);
extern void tracelab_capture_executor_failed(QueryDesc *queryDesc,
											 int saved_height);
extern void tracelab_executor_close(SubTransactionId subid, bool failed);
extern void tracelab_executor_close_seq(uint64 seq);
extern void tracelab_executor_handover(SubTransactionId subid,
									   SubTransactionId parent);

/* utility.c: utility statements */
extern int	tracelab_capture_utility_start(PlannedStmt *pstmt,
										   const char *queryString,
										   ProcessUtilityContext context,
										   uint64 *seq);
extern void tracelab_capture_utility_finish(PlannedStmt *pstmt, uint64 seq,
											int saved_height,
											QueryCompletion *qc,
											bool failed);

/* prepared.c: SQL prepared statements */
extern uint64 tracelab_prepared_lookup(const char *name);
extern void tracelab_prepared_store(const char *name, uint64 seq,
									Oid preparer);
extern void tracelab_prepared_remove(const char *name);
extern Oid	tracelab_prepared_preparer(const char *name);

/* objaccess.c: object access hook */
extern void tracelab_capture_object_access(ObjectAccessType access,
										   Oid classId, Oid objectId,
										   int subId, void *arg);

/* plpgsql.c: PL/pgSQL statement detail */
extern void tracelab_plpgsql_assign(bool newval, void *extra);
extern void tracelab_plpgsql_annotate(TracelabStatementExtras *extras);

/* fmgrcaller.c: fmgr_info or the inliner */
extern bool tracelab_fmgr_calibrating(void *caller);
extern bool tracelab_fmgr_hook_wanted(void *caller, Oid fnoid);

/* callsite.c: call sites written in the statement */
extern size_t tracelab_statement_end(const char *source, int location,
									 int length);
extern bool tracelab_call_written_at(const char *source, size_t source_end,
									 int loc, const char *reached_by,
									 Oid via_oid,
									 const TracelabFunction *fn);

/* inline.c: SQL-function inlining */
extern void tracelab_inline_note_considered(Oid fnoid);
extern void tracelab_inline_register_callbacks(void);
extern void tracelab_inline_plan_start(Query *parse, int index);
extern void tracelab_inline_final(PlannerInfo *root);
extern void tracelab_inline_plan_finish(Query *parse, bool failed);
extern void tracelab_inline_before_call(void);

/* function.c: function calls */
extern uint64 tracelab_emit_function_call(uint64 parent, int depth,
										  const TracelabCall *call);
extern void tracelab_capture_function_start(FmgrInfo *flinfo);
extern void tracelab_capture_function_end(FmgrInfo *flinfo, bool failed);
extern void tracelab_emit_function_exited(uint64 entered_seq, bool failed,
										  int sqlerrcode, bool can_describe);

/* xact.c: transactions and background processes */
extern void tracelab_open_maintenance(void);
extern void tracelab_capture_xact_end(int status);
extern void tracelab_capture_subxact_start(SubTransactionId subid,
										   SubTransactionId parent);
extern void tracelab_capture_subxact_abort(SubTransactionId subid);
extern void tracelab_capture_subxact_commit(SubTransactionId subid,
											SubTransactionId parent);

#pragma GCC visibility pop

/*
 * tracelab_recording
 *		Whether this process may open new frames now (settings.c).
 */
static inline bool
tracelab_recording(void)
{
	if (likely(tracelab_recording_known == tracelab_settings_generation) &&
		!tracelab_session_ended)
		return true;
	return tracelab_recording_decide();
}

/*
 * tracelab_stack_push
 *		Push an open frame; the caller reserved room first (stack.c).
 */
static inline TracelabEntry *
tracelab_stack_push(uint64 seq, TracelabEntryKind kind, int text_offset)
{
	TracelabEntry *entry = &tracelab_stack[tracelab_stack_height++];

	memset(entry, 0, sizeof(TracelabEntry));
	entry->seq = seq;
	entry->kind = kind;
	entry->phase = TL_PHASE_EXECUTION;
	entry->text_offset = text_offset;
	return entry;
}

/*
 * tracelab_stack_pop_to
 *		Cut the stack back to the given height.
 */
static inline void
tracelab_stack_pop_to(int height)
{
	if (height >= 0 && height < tracelab_stack_height)
		tracelab_stack_height = height;
}

/* the inline field writers (tracelab_put_uint, tracelab_put_str, ...) */
#include "frame_buffer.h"

#endif							/* TRACELAB_PROBE_H */
