/*-------------------------------------------------------------------------
 *
 * capture.c
 *	  Hook bodies: what the probe records about statements and calls.
 *
 * probe.c calls in here from each hook; this file decides which frames to
 * write and keeps the nesting that gives every frame its parent and depth.
 *
 * Nesting is a stack of open frames: utility statements and function calls
 * are strictly LIFO and are pushed for their whole duration.  Executor
 * statements are not LIFO across portals (a cursor starts at DECLARE or
 * Bind, runs at each FETCH or Execute and ends at CLOSE or commit), so they
 * live in a small map from QueryDesc to statement and are pushed only while
 * ExecutorStart, ExecutorRun, ExecutorFinish or ExecutorEnd runs.  probe.c
 * wraps every frame-opening hook in PG_TRY, so on ERROR the stack is cut
 * back to where that hook found it and a finish frame with status 1 is
 * written; the transaction callbacks never reset the stack, because
 * procedures COMMIT and ROLLBACK with frames still open.  Only when the
 * backend exits (FATAL skips PG_CATCH) are the frames left open closed.
 *
 * Function calls come from fmgr_hook, which does not see fcinfo.  For
 * trigger and event trigger functions the probe needs fcinfo->context, so
 * at FHET_START it swaps the callee's fn_addr for a one-hop trampoline that
 * reads the context, puts the original address back and calls it.  The
 * original address is kept in the stack entry and in the per-function
 * cache, which lives as long as the process, so the trampoline always finds
 * it; FHET_END and FHET_ABORT put it back too if the trampoline never ran.
 *
 * The probe never fails a query on purpose: frame writing cannot throw, and
 * catalog access (describe.c, the view walk) happens only in start paths
 * and on normal returns inside a transaction, where the server itself does
 * the same kind of work, never in error, abort or exit paths.
 *
 * src/Recorder/Probe/capture.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <stdlib.h>

#include "access/relation.h"
#include "access/xact.h"
#include "catalog/pg_class.h"
#include "commands/event_trigger.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "parser/scansup.h"
#include "rewrite/rewriteHandler.h"
#include "storage/ipc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"

#include "tracelab_probe.h"

/* Statement texts are cut to this many bytes (FORMAT.md). */
#define TL_TEXT_LIMIT		8192

/* Bounds of the view expansion done at parse analysis. */
#define TL_MAX_VIEW_DEPTH	32
#define TL_MAX_VIEWS		1000

/* What an entry of the frame stack is. */
typedef enum EntryKind
{
	TL_ENTRY_PLANNED,			/* executor statement, pushed while it runs */
	TL_ENTRY_UTILITY,			/* utility statement */
	TL_ENTRY_FUNCTION			/* function call */
} EntryKind;

/* One open frame. */
typedef struct StackEntry
{
	uint64		seq;			/* 0 while FunctionEntered is deferred */
	EntryKind	kind;
	int			text_offset;	/* statements: start of the recorded text in
								 * the source string, or -1 */
	Oid			fn_oid;			/* functions: the callee */
	FmgrInfo   *flinfo;			/* functions: the callee's FmgrInfo */
	PGFunction	orig_addr;		/* functions: real fn_addr while the
								 * trampoline is installed */
} StackEntry;

/* An executor statement between ExecutorStart and ExecutorEnd. */
typedef struct ExecEntry
{
	QueryDesc  *query_desc;
	uint64		seq;
	SubTransactionId subid;		/* subtransaction that started it */
	int			text_offset;
	uint64		rows;			/* rows processed by all its runs so far */
} ExecEntry;

/* A view reached while expanding an analysed query. */
typedef struct ExpandedView
{
	Oid			oid;
	int			parent;			/* index of the referencing view, or -1 */
	List	   *functions;		/* user function oids in its own body */
} ExpandedView;

/* State of a walk over one query or view body. */
typedef struct BodyWalk
{
	Oid			self;			/* the view being walked, or InvalidOid */
	bool		collect_functions;
	List	   *views;			/* views referenced */
	List	   *functions;		/* user functions called */
	List	   *operators;		/* operators whose opfuncid is not set */
} BodyWalk;

static StackEntry *stack = NULL;
static int	stack_height = 0;
static int	stack_capacity = 0;

static ExecEntry *execs = NULL;
static int	exec_count = 0;
static int	exec_capacity = 0;

static bool session_registered = false;

static Datum tracelab_trampoline(PG_FUNCTION_ARGS);
static void emit_function_exited(uint64 entered_seq, bool failed,
								 int sqlerrcode, bool can_describe);
static void unwind_at_exit(void);

/*
 * grow_array
 *		Make room for one more element in a malloc'd array.
 */
static bool
grow_array(void **array, int *capacity, int count, size_t elem_size)
{
	int			newcap;
	void	   *newarray;

	if (count < *capacity)
		return true;
	newcap = (*capacity == 0) ? 16 : *capacity * 2;
	newarray = realloc(*array, newcap * elem_size);
	if (newarray == NULL)
		return false;
	*array = newarray;
	*capacity = newcap;
	return true;
}

/*
 * push_entry
 *		Push an open frame; the caller reserved room with grow_array.
 */
static void
push_entry(uint64 seq, EntryKind kind, int text_offset, Oid fn_oid,
		   FmgrInfo *flinfo, PGFunction orig_addr)
{
	StackEntry *entry = &stack[stack_height++];

	entry->seq = seq;
	entry->kind = kind;
	entry->text_offset = text_offset;
	entry->fn_oid = fn_oid;
	entry->flinfo = flinfo;
	entry->orig_addr = orig_addr;
}

/*
 * reserve_stack
 *		Make sure one more entry can be pushed without allocating later.
 */
static bool
reserve_stack(void)
{
	return grow_array((void **) &stack, &stack_capacity, stack_height,
					  sizeof(StackEntry));
}

/*
 * pop_to
 *		Cut the stack back to the given height.
 */
static void
pop_to(int height)
{
	if (height >= 0 && height < stack_height)
		stack_height = height;
}

/*
 * parent_below
 *		Seq of the innermost written frame below the given stack height.
 */
static uint64
parent_below(int height)
{
	int			i;

	for (i = Min(height, stack_height) - 1; i >= 0; i--)
	{
		if (stack[i].seq != 0)
			return stack[i].seq;
	}
	return 0;
}

/*
 * session_exit
 *		on_proc_exit callback: close the session's stream.
 */
static void
session_exit(int code, Datum arg)
{
	if (!tracelab_session_ended)
		unwind_at_exit();
	tracelab_frame_session_end(0, 0);
}

/*
 * prepare_frame
 *		Parent and depth of a new frame, and the roles its prefix names.
 *
 * With can_describe the current, outer and session users are described
 * first; that reads the catalog, so it is only done in start paths and on
 * normal returns inside a transaction, never in error, abort or exit paths.
 */
static void
prepare_frame(bool can_describe, uint64 *parent, int *depth)
{
	*parent = parent_below(stack_height);
	*depth = stack_height;

	if (!session_registered)
	{
		on_proc_exit(session_exit, (Datum) 0);
		session_registered = true;
	}
	if (can_describe && IsTransactionState())
	{
		tracelab_frame_note_database();
		tracelab_describe_role(GetUserId(), *parent, *depth);
		tracelab_describe_role(GetOuterUserId(), *parent, *depth);
		tracelab_describe_role(GetSessionUserId(), *parent, *depth);
	}
}

/*
 * statement_text
 *		Locate one statement's own text inside its source string.
 *
 * The text is cut with stmt_location/stmt_len (a multi-statement string
 * holds several statements) and trimmed of surrounding white space.  When
 * the statement runs to the end of the string (stmt_len 0), no more than
 * TL_TEXT_LIMIT + 1 bytes are looked at, since longer texts are cut
 * anyway.  *offset is where the text starts in source, so that expression
 * locations can be made relative to it.
 */
static void
statement_text(const char *source, int location, int length,
			   const char **text, size_t *text_len, int *offset)
{
	size_t		start = (location > 0) ? (size_t) location : 0;
	size_t		len;

	if (source == NULL)
	{
		*text = "";
		*text_len = 0;
		*offset = -1;
		return;
	}
	if (location >= 0 && length > 0)
		len = strnlen(source + start, (size_t) length);
	else
	{
		while (scanner_isspace(source[start]))
			start++;
		len = strnlen(source + start, TL_TEXT_LIMIT + 1);
	}

	while (len > 0 && scanner_isspace(source[start]))
	{
		start++;
		len--;
	}
	/* a longer text is cut, so its end does not matter */
	while (len > 0 && len <= TL_TEXT_LIMIT &&
		   scanner_isspace(source[start + len - 1]))
		len--;

	*text = source + start;
	*text_len = len;
	*offset = (int) start;
}

/*
 * emit_statement_started
 *		Write StatementStarted and return its seq.
 */
static uint64
emit_statement_started(uint64 parent, int depth, uint64 query_id,
					   CommandTag tag, int kind, int context,
					   const char *text, size_t text_len)
{
	uint64		seq;

	seq = tracelab_frame_begin(TL_STATEMENT_STARTED, 5, parent, depth);
	tracelab_put_int((int64) query_id);
	tracelab_put_str(GetCommandTagName(tag));
	tracelab_put_uint(kind);
	tracelab_put_uint(context);
	tracelab_put_text(text, text_len, TL_TEXT_LIMIT);
	tracelab_frame_end();
	return seq;
}

/*
 * emit_statement_finished
 *		Write StatementFinished; sqlerrcode 0 writes an empty SQLSTATE.
 *
 * can_describe is false in error and abort paths, where no catalog access
 * is allowed; on normal returns the statement may have changed the current
 * user (SET ROLE), who is then described first.
 */
static void
emit_statement_finished(uint64 statement_seq, bool failed, int sqlerrcode,
						uint64 rows, bool can_describe)
{
	uint64		parent;
	int			depth;

	if (statement_seq == 0)
		return;
	prepare_frame(can_describe, &parent, &depth);
	if (tracelab_frame_begin(TL_STATEMENT_FINISHED, 4, parent, depth) == 0)
		return;
	tracelab_put_uint(statement_seq);
	tracelab_put_uint(failed ? 1 : 0);
	if (sqlerrcode != 0)
		tracelab_put_sqlstate(sqlerrcode);
	else
		tracelab_put_str("");
	tracelab_put_uint(rows);
	tracelab_frame_end();
}

/*
 * find_exec
 *		Index of a QueryDesc in the executor map, or -1.
 */
static int
find_exec(QueryDesc *queryDesc)
{
	int			i;

	for (i = exec_count - 1; i >= 0; i--)
	{
		if (execs[i].query_desc == queryDesc)
			return i;
	}
	return -1;
}

/*
 * remove_exec
 *		Drop an entry from the executor map, keeping the order.
 */
static void
remove_exec(int index)
{
	memmove(&execs[index], &execs[index + 1],
			(exec_count - index - 1) * sizeof(ExecEntry));
	exec_count--;
}

/*
 * tracelab_capture_executor_start
 *		ExecutorStart: write StatementStarted and push the statement.
 *
 * Returns the stack height to restore afterwards, or -1 when nothing was
 * recorded.  EXPLAIN without ANALYZE starts plans it never runs; those are
 * not statements that ran and are not recorded.
 */
int
tracelab_capture_executor_start(QueryDesc *queryDesc, int eflags)
{
	PlannedStmt *pstmt = queryDesc->plannedstmt;
	const char *text;
	size_t		text_len;
	int			offset;
	uint64		parent;
	int			depth;
	uint64		seq;
	int			saved;

	if (!tracelab_recording() || (eflags & EXEC_FLAG_EXPLAIN_ONLY) != 0)
		return -1;
	if (!reserve_stack() ||
		!grow_array((void **) &execs, &exec_capacity, exec_count,
					sizeof(ExecEntry)))
		return -1;

	prepare_frame(true, &parent, &depth);
	statement_text(queryDesc->sourceText, pstmt->stmt_location,
				   pstmt->stmt_len, &text, &text_len, &offset);
	seq = emit_statement_started(parent, depth, pstmt->queryId,
								 CreateCommandTag((Node *) pstmt),
								 0, depth == 0 ? 0 : 1, text, text_len);

	execs[exec_count].query_desc = queryDesc;
	execs[exec_count].seq = seq;
	execs[exec_count].subid = GetCurrentSubTransactionId();
	execs[exec_count].text_offset = offset;
	execs[exec_count].rows = 0;
	exec_count++;

	saved = stack_height;
	push_entry(seq, TL_ENTRY_PLANNED, offset, InvalidOid, NULL, NULL);
	return saved;
}

/*
 * tracelab_capture_executor_enter
 *		ExecutorRun/Finish/End: push the statement while the executor runs.
 *
 * Returns the stack height to restore, or -1 for an unrecorded statement.
 */
int
tracelab_capture_executor_enter(QueryDesc *queryDesc)
{
	int			index = find_exec(queryDesc);
	int			saved;

	if (index < 0 || !reserve_stack())
		return -1;
	saved = stack_height;
	push_entry(execs[index].seq, TL_ENTRY_PLANNED, execs[index].text_offset,
			   InvalidOid, NULL, NULL);
	return saved;
}

/*
 * tracelab_capture_executor_leave
 *		Pop the statement pushed by start or enter.
 */
void
tracelab_capture_executor_leave(int saved_height)
{
	pop_to(saved_height);
}

/*
 * tracelab_capture_executor_ran
 *		ExecutorRun returned: count its rows and pop the statement.
 *
 * A cursor runs once per FETCH and the executor counts each run from
 * zero, so the statement's rows are summed here.
 */
void
tracelab_capture_executor_ran(QueryDesc *queryDesc, int saved_height)
{
	int			index;

	pop_to(saved_height);
	index = find_exec(queryDesc);
	if (index >= 0 && queryDesc->estate != NULL)
		execs[index].rows += queryDesc->estate->es_processed;
}

/*
 * tracelab_capture_executor_end
 *		ExecutorEnd returned: write StatementFinished.
 */
void
tracelab_capture_executor_end(QueryDesc *queryDesc, int saved_height)
{
	int			index;
	uint64		seq;
	uint64		rows;

	pop_to(saved_height);
	index = find_exec(queryDesc);
	if (index < 0)
		return;
	seq = execs[index].seq;
	rows = execs[index].rows;
	remove_exec(index);
	emit_statement_finished(seq, false, 0, rows, true);
}

/*
 * tracelab_capture_executor_failed
 *		An executor hook is unwinding an ERROR: close the statement.
 *
 * Called from PG_CATCH, so geterrcode() is valid; no catalog access.
 */
void
tracelab_capture_executor_failed(QueryDesc *queryDesc, int saved_height)
{
	int			index;
	uint64		seq;

	pop_to(saved_height);
	index = find_exec(queryDesc);
	if (index < 0)
		return;
	seq = execs[index].seq;
	remove_exec(index);
	emit_statement_finished(seq, true, geterrcode(), 0, false);
}

/*
 * close_execs
 *		Close executor statements whose portals die with a (sub)transaction.
 *
 * Statements started in subtransaction subid or later ones are closed;
 * InvalidSubTransactionId closes all of them.
 */
static void
close_execs(SubTransactionId subid, bool failed)
{
	int			i = 0;

	while (i < exec_count)
	{
		if (subid == InvalidSubTransactionId || execs[i].subid >= subid)
		{
			uint64		seq = execs[i].seq;

			remove_exec(i);
			emit_statement_finished(seq, failed, 0, 0, false);
		}
		else
			i++;
	}
}

/*
 * unwind_at_exit
 *		Close every open frame, innermost first: the backend is exiting.
 *
 * A FATAL error (for example pg_terminate_backend) leaves the process
 * without unwinding through PG_CATCH, so the frames still open are closed
 * here with status 1 and an unknown SQLSTATE.  This is the only place the
 * stack is cut without the hooks: nothing can resume on it any more.
 */
static void
unwind_at_exit(void)
{
	while (stack_height > 0)
	{
		StackEntry	entry = stack[--stack_height];
		int			index;

		if (entry.seq == 0)
			continue;
		if (entry.kind == TL_ENTRY_FUNCTION)
			emit_function_exited(entry.seq, true, 0, false);
		else if (entry.kind == TL_ENTRY_UTILITY)
			emit_statement_finished(entry.seq, true, 0, 0, false);
		else
		{
			for (index = exec_count - 1; index >= 0; index--)
			{
				if (execs[index].seq == entry.seq)
				{
					remove_exec(index);
					emit_statement_finished(entry.seq, true, 0, 0, false);
					break;
				}
			}
		}
	}
	close_execs(InvalidSubTransactionId, true);
}

/*
 * tracelab_capture_utility_start
 *		ProcessUtility: write StatementStarted and push the statement.
 *
 * Returns the stack height to restore, or -1 when nothing was recorded.
 */
int
tracelab_capture_utility_start(PlannedStmt *pstmt, const char *queryString,
							   ProcessUtilityContext context, uint64 *seq)
{
	const char *text;
	size_t		text_len;
	int			offset;
	uint64		parent;
	int			depth;
	int			saved;

	if (!tracelab_recording() || !reserve_stack())
		return -1;

	prepare_frame(true, &parent, &depth);
	statement_text(queryString, pstmt->stmt_location, pstmt->stmt_len,
				   &text, &text_len, &offset);
	*seq = emit_statement_started(parent, depth, pstmt->queryId,
								  CreateCommandTag(pstmt->utilityStmt),
								  1, (int) context, text, text_len);
	saved = stack_height;
	push_entry(*seq, TL_ENTRY_UTILITY, offset, InvalidOid, NULL, NULL);
	return saved;
}

/*
 * tracelab_capture_utility_finish
 *		ProcessUtility returned or is unwinding an ERROR.
 *
 * With failed set this runs in PG_CATCH: geterrcode() is valid there.
 */
void
tracelab_capture_utility_finish(uint64 seq, int saved_height,
								QueryCompletion *qc, bool failed)
{
	pop_to(saved_height);
	if (failed)
		emit_statement_finished(seq, true, geterrcode(), 0, false);
	else
		emit_statement_finished(seq, false, 0, qc ? qc->nprocessed : 0,
								true);
}

/*
 * call_site
 *		How a call was reached and where, from the calling expression.
 *
 * The location is made relative to the text of the statement that is
 * running, when the call sits directly under one (the stack entry just
 * below height).
 */
static void
call_site(FmgrInfo *flinfo, int height, const char **reached_by,
		  int *location)
{
	Node	   *expr = flinfo->fn_expr;
	int			loc;

	if (expr == NULL)
	{
		*reached_by = "other";
		*location = -2;
		return;
	}
	switch (nodeTag(expr))
	{
		case T_FuncExpr:
			{
				CoercionForm format = ((FuncExpr *) expr)->funcformat;

				if (format == COERCE_EXPLICIT_CAST ||
					format == COERCE_IMPLICIT_CAST)
					*reached_by = "cast";
				else
					*reached_by = "call";
				break;
			}
		case T_OpExpr:
		case T_DistinctExpr:
		case T_NullIfExpr:
		case T_ScalarArrayOpExpr:
			*reached_by = "operator";
			break;
		case T_Aggref:
			*reached_by = "aggregate";
			break;
		case T_WindowFunc:
			*reached_by = "window";
			break;
		default:
			*reached_by = "other";
			break;
	}

	loc = exprLocation(expr);
	if (loc >= 0 && height > 0 &&
		stack[height - 1].kind != TL_ENTRY_FUNCTION &&
		stack[height - 1].text_offset > 0)
	{
		loc -= stack[height - 1].text_offset;
		if (loc < 0)
			loc = -1;
	}
	*location = loc;
}

/*
 * emit_function_entered
 *		Write FunctionEntered without trigger context.
 */
static uint64
emit_function_entered(uint64 parent, int depth, Oid fn_oid,
					  const char *reached_by, int location)
{
	uint64		seq;

	seq = tracelab_frame_begin(TL_FUNCTION_ENTERED, 5, parent, depth);
	tracelab_put_uint(fn_oid);
	tracelab_put_str(reached_by);
	tracelab_put_int(location);
	tracelab_put_nil();
	tracelab_put_nil();
	tracelab_frame_end();
	return seq;
}

/*
 * emit_function_exited
 *		Write FunctionExited; sqlerrcode 0 writes an empty SQLSTATE.
 */
static void
emit_function_exited(uint64 entered_seq, bool failed, int sqlerrcode,
					 bool can_describe)
{
	uint64		parent;
	int			depth;

	prepare_frame(can_describe, &parent, &depth);
	if (tracelab_frame_begin(TL_FUNCTION_EXITED, 3, parent, depth) == 0)
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

	for (i = stack_height - 1; i >= 0; i--)
	{
		if (stack[i].kind == TL_ENTRY_FUNCTION &&
			stack[i].flinfo == flinfo &&
			stack[i].orig_addr != NULL)
			return stack[i].orig_addr;
	}
	fn = tracelab_lookup_function(flinfo->fn_oid);
	if (fn != NULL && fn->orig_addr != NULL &&
		fn->orig_addr != tracelab_trampoline)
		return fn->orig_addr;
	return NULL;
}

/*
 * tracelab_capture_function_start
 *		fmgr_hook FHET_START: write FunctionEntered or install the trampoline.
 *
 * This runs after a SECURITY DEFINER switch, so GetUserId() is the role the
 * body runs as.
 */
void
tracelab_capture_function_start(FmgrInfo *flinfo)
{
	TracelabFunction *fn;
	bool		can_describe;
	uint64		parent;
	int			depth;
	const char *reached_by;
	int			location;
	uint64		seq;

	/* an FmgrInfo left with the trampoline: repair it first */
	if (flinfo->fn_addr == tracelab_trampoline)
	{
		PGFunction	orig = original_address(flinfo);

		if (orig != NULL)
			flinfo->fn_addr = orig;
	}

	if (flinfo->fn_oid < FirstNormalObjectId || !tracelab_recording() ||
		!reserve_stack())
		return;

	can_describe = IsTransactionState();
	prepare_frame(can_describe, &parent, &depth);
	fn = tracelab_describe_function(flinfo->fn_oid, can_describe,
									parent, depth);

	if (fn != NULL && fn->known && fn->call_kind != TL_CALL_PLAIN &&
		flinfo->fn_addr != tracelab_trampoline)
	{
		/* defer FunctionEntered until the trampoline sees fcinfo */
		fn->orig_addr = flinfo->fn_addr;
		push_entry(0, TL_ENTRY_FUNCTION, -1, flinfo->fn_oid, flinfo,
				   flinfo->fn_addr);
		flinfo->fn_addr = tracelab_trampoline;
		return;
	}

	call_site(flinfo, stack_height, &reached_by, &location);
	seq = emit_function_entered(parent, depth, flinfo->fn_oid, reached_by,
								location);
	push_entry(seq, TL_ENTRY_FUNCTION, -1, flinfo->fn_oid, flinfo, NULL);
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
	StackEntry	entry;
	int			i;

	/*
	 * fmgr_security_definer passes the same FmgrInfo to every event of one
	 * call, so it identifies the frame exactly; a call whose start was not
	 * recorded has no entry and must not close an outer call of the same
	 * function.
	 */
	for (i = stack_height - 1; i >= 0; i--)
	{
		if (stack[i].kind == TL_ENTRY_FUNCTION && stack[i].flinfo == flinfo)
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

	entry = stack[i];
	pop_to(i);
	if (entry.seq == 0)
		return;					/* deferred FunctionEntered never written */
	emit_function_exited(entry.seq, failed, failed ? geterrcode() : 0,
						 !failed);
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
 * emit_deferred_entry
 *		Write the FunctionEntered deferred to the trampoline.
 *
 * index is the function's stack entry; its parent is the frame below it.
 */
static uint64
emit_deferred_entry(FunctionCallInfo fcinfo, int index)
{
	uint64		parent = parent_below(index);
	int			depth = index;
	Oid			fn_oid = fcinfo->flinfo->fn_oid;
	uint64		seq;

	if (CALLED_AS_TRIGGER(fcinfo))
	{
		TriggerData *trigdata = (TriggerData *) fcinfo->context;
		TriggerEvent event = trigdata->tg_event;

		tracelab_describe_relation(trigdata->tg_relation, parent, depth);
		seq = tracelab_frame_begin(TL_FUNCTION_ENTERED, 5, parent, depth);
		tracelab_put_uint(fn_oid);
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
		tracelab_frame_end();
	}
	else if (CALLED_AS_EVENT_TRIGGER(fcinfo))
	{
		EventTriggerData *evtdata = (EventTriggerData *) fcinfo->context;

		seq = tracelab_frame_begin(TL_FUNCTION_ENTERED, 5, parent, depth);
		tracelab_put_uint(fn_oid);
		tracelab_put_str("event_trigger");
		tracelab_put_int(-2);
		tracelab_put_nil();
		tracelab_put_array(2);
		tracelab_put_str(evtdata->event);
		tracelab_put_str(GetCommandTagName(evtdata->tag));
		tracelab_frame_end();
	}
	else
	{
		const char *reached_by;
		int			location;

		call_site(fcinfo->flinfo, index, &reached_by, &location);
		seq = emit_function_entered(parent, depth, fn_oid, reached_by,
									location);
	}
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

	for (i = stack_height - 1; i >= 0; i--)
	{
		if (stack[i].kind == TL_ENTRY_FUNCTION && stack[i].flinfo == flinfo &&
			stack[i].seq == 0)
		{
			stack[i].orig_addr = NULL;
			stack[i].seq = emit_deferred_entry(fcinfo, i);
			break;
		}
	}
	return (*orig) (fcinfo);
}

/*
 * body_walker
 *		Collect the views and user functions a query or view body refers to.
 *
 * Only reads the tree, which may belong to the relcache; never modifies it
 * and does no catalog access (operators without opfuncid are resolved
 * after the walk).
 */
static bool
body_walker(Node *node, BodyWalk *walk)
{
	if (node == NULL)
		return false;

	if (IsA(node, RangeTblEntry))
	{
		RangeTblEntry *rte = (RangeTblEntry *) node;

		if (rte->rtekind == RTE_RELATION && rte->relkind == RELKIND_VIEW)
		{
#if PG_VERSION_NUM < 160000
			/* PG15 view queries start with OLD/NEW RTEs naming the view */
			if (rte->relid == walk->self)
				return false;
#endif
			if (list_length(walk->views) < TL_MAX_VIEWS)
				walk->views = list_append_unique_oid(walk->views, rte->relid);
		}
		return false;			/* range_table_walker goes on inside */
	}
	if (IsA(node, Query))
		return query_tree_walker((Query *) node, body_walker, walk,
								 QTW_EXAMINE_RTES_BEFORE);

	if (walk->collect_functions)
	{
		Oid			fn_oid = InvalidOid;
		Oid			opno = InvalidOid;

		switch (nodeTag(node))
		{
			case T_FuncExpr:
				fn_oid = ((FuncExpr *) node)->funcid;
				break;
			case T_OpExpr:
			case T_DistinctExpr:
			case T_NullIfExpr:
				fn_oid = ((OpExpr *) node)->opfuncid;
				opno = ((OpExpr *) node)->opno;
				break;
			case T_ScalarArrayOpExpr:
				fn_oid = ((ScalarArrayOpExpr *) node)->opfuncid;
				opno = ((ScalarArrayOpExpr *) node)->opno;
				break;
			case T_Aggref:
				fn_oid = ((Aggref *) node)->aggfnoid;
				break;
			case T_WindowFunc:
				fn_oid = ((WindowFunc *) node)->winfnoid;
				break;
			default:
				break;
		}
		/* never fill in opfuncid here: the tree may be the relcache's */
		if (!OidIsValid(fn_oid) && OidIsValid(opno))
			walk->operators = list_append_unique_oid(walk->operators, opno);
		if (fn_oid >= FirstNormalObjectId)
			walk->functions = list_append_unique_oid(walk->functions, fn_oid);
	}
	return expression_tree_walker(node, body_walker, walk);
}

/*
 * expand_view
 *		Add a view and, recursively, the views its body refers to.
 *
 * The view is opened with AccessShareLock, which the rewriter takes
 * anyway; its body is walked before anything else touches the catalog,
 * because catalog access may process invalidations that rebuild the
 * relcache entry the body belongs to.
 */
static void
expand_view(List **views, Oid viewoid, int parent, int level,
			List *ancestors, uint64 parent_seq, int depth)
{
	ExpandedView *view;
	Relation	rel;
	BodyWalk	walk;
	ListCell   *lc;
	int			index = list_length(*views);

	if (index >= TL_MAX_VIEWS)
		return;
	view = palloc0(sizeof(ExpandedView));
	view->oid = viewoid;
	view->parent = parent;
	*views = lappend(*views, view);

	rel = try_relation_open(viewoid, AccessShareLock);
	if (rel == NULL)
		return;
	if (rel->rd_rel->relkind != RELKIND_VIEW || rel->rd_rules == NULL)
	{
		relation_close(rel, NoLock);
		return;
	}

	memset(&walk, 0, sizeof(walk));
	walk.self = viewoid;
	walk.collect_functions = true;
	(void) body_walker((Node *) get_view_query(rel), &walk);

	tracelab_describe_relation(rel, parent_seq, depth);
	relation_close(rel, NoLock);

	foreach(lc, walk.operators)
	{
		Oid			fn_oid = get_opcode(lfirst_oid(lc));

		if (fn_oid >= FirstNormalObjectId)
			walk.functions = list_append_unique_oid(walk.functions, fn_oid);
	}
	view->functions = walk.functions;

	if (level >= TL_MAX_VIEW_DEPTH)
		return;
	ancestors = lappend_oid(list_copy(ancestors), viewoid);
	foreach(lc, walk.views)
	{
		Oid			nested = lfirst_oid(lc);

		if (!list_member_oid(ancestors, nested))
			expand_view(views, nested, index, level + 1, ancestors,
						parent_seq, depth);
	}
}

/*
 * analyzed_body
 *		The query to walk: the inner query of DECLARE CURSOR and CTAS.
 *
 * EXPLAIN is not unwrapped: ExplainQuery calls post_parse_analyze_hook for
 * its inner query itself (PostgreSQL 14 and later).
 */
static Query *
analyzed_body(Query *query)
{
	while (query != NULL && query->commandType == CMD_UTILITY)
	{
		Node	   *stmt = query->utilityStmt;
		Node	   *inner = NULL;

		if (stmt == NULL)
			return NULL;
		if (IsA(stmt, DeclareCursorStmt))
			inner = ((DeclareCursorStmt *) stmt)->query;
		else if (IsA(stmt, CreateTableAsStmt))
			inner = ((CreateTableAsStmt *) stmt)->query;
		if (inner == NULL || !IsA(inner, Query))
			return NULL;
		query = (Query *) inner;
	}
	return query;
}

/*
 * tracelab_capture_analyzed
 *		post_parse_analyze: write QueryAnalyzed when the query uses views.
 */
void
tracelab_capture_analyzed(Query *query)
{
	Query	   *body;
	BodyWalk	walk;
	MemoryContext context;
	MemoryContext oldcontext;
	List	   *top_views;
	List	   *views = NIL;
	ListCell   *lc;
	uint64		parent;
	int			depth;

	if (!tracelab_recording() || !IsTransactionState())
		return;
	body = analyzed_body(query);
	if (body == NULL)
		return;

	/* the walk allocates nothing unless it finds a view */
	memset(&walk, 0, sizeof(walk));
	(void) body_walker((Node *) body, &walk);
	if (walk.views == NIL)
		return;

	context = AllocSetContextCreate(CurrentMemoryContext,
									"TraceLab analysis",
									ALLOCSET_SMALL_SIZES);
	oldcontext = MemoryContextSwitchTo(context);
	top_views = list_copy(walk.views);
	list_free(walk.views);

	prepare_frame(true, &parent, &depth);
	foreach(lc, top_views)
		expand_view(&views, lfirst_oid(lc), -1, 1, NIL, parent, depth);

	foreach(lc, views)
	{
		ExpandedView *view = (ExpandedView *) lfirst(lc);
		ListCell   *fc;

		foreach(fc, view->functions)
			(void) tracelab_describe_function(lfirst_oid(fc), true,
											  parent, depth);
	}

	if (tracelab_frame_begin(TL_QUERY_ANALYZED, 3, parent, depth) != 0)
	{
		tracelab_put_int((int64) query->queryId);
		tracelab_put_str(GetCommandTagName(CreateCommandTag((Node *) query)));
		tracelab_put_array(list_length(views));
		foreach(lc, views)
		{
			ExpandedView *view = (ExpandedView *) lfirst(lc);
			ListCell   *fc;

			tracelab_put_array(3);
			tracelab_put_uint(view->oid);
			tracelab_put_int(view->parent);
			tracelab_put_array(list_length(view->functions));
			foreach(fc, view->functions)
				tracelab_put_uint(lfirst_oid(fc));
		}
		tracelab_frame_end();
	}

	MemoryContextSwitchTo(oldcontext);
	MemoryContextDelete(context);
}

/*
 * tracelab_capture_xact_end
 *		Transaction callback: close dead portals, write TransactionEnded.
 *
 * status is 0 commit, 1 abort, 2 prepare.  The frame stack is left alone:
 * procedures commit and roll back with frames open.  No catalog access.
 */
void
tracelab_capture_xact_end(int status)
{
	if (!session_registered || tracelab_session_ended)
		return;
	if (proc_exit_inprogress)
		unwind_at_exit();
	close_execs(InvalidSubTransactionId, status == 1);
	if (tracelab_xact_has_frames)
	{
		uint64		parent;
		int			depth;

		prepare_frame(false, &parent, &depth);
		if (tracelab_frame_begin(TL_TRANSACTION_ENDED, 1, parent, depth) != 0)
		{
			tracelab_put_uint(status);
			tracelab_frame_end();
		}
		tracelab_xact_has_frames = false;
	}
	tracelab_frame_flush();
}

/*
 * tracelab_capture_subxact_abort
 *		Close executor statements whose portals die with a subtransaction.
 */
void
tracelab_capture_subxact_abort(SubTransactionId subid)
{
	if (!session_registered || tracelab_session_ended)
		return;
	close_execs(subid, true);
}

/*
 * tracelab_capture_subxact_commit
 *		Hand the statements of a committed subtransaction to its parent.
 */
void
tracelab_capture_subxact_commit(SubTransactionId subid,
								SubTransactionId parent)
{
	int			i;

	for (i = 0; i < exec_count; i++)
	{
		if (execs[i].subid == subid)
			execs[i].subid = parent;
	}
}
