/*-------------------------------------------------------------------------
 *
 * executor.c
 *	  Planned statements: StatementStarted/Finished from the executor hooks.
 *
 * A planned statement starts at ExecutorStart and finishes at ExecutorEnd,
 * but a cursor runs in between at every FETCH or Execute, at whatever
 * nesting those have, and may finish at CLOSE or commit.  So the statement
 * lives in a small malloc'd map from QueryDesc to its frame and is pushed
 * on the frame stack only while one of its executor hooks runs; that is
 * what makes it the parent of the functions and triggers it calls.
 * Statements whose portals die with a (sub)transaction are closed from the
 * transaction callbacks, which must not read the catalog.
 *
 * Two facts are read from the surroundings at ExecutorStart.  A top-level
 * statement run through the extended protocol has an ActivePortal that
 * came from a cached plan or a named prepared statement.  A query run by a
 * foreign-key constraint is recognised by how ri_triggers.c runs it: it
 * switches to the owner of the table with SECURITY_LOCAL_USERID_CHANGE |
 * SECURITY_NOFORCE_RLS (nothing else in PostgreSQL sets NOFORCE_RLS) and
 * the RI trigger is a built-in function, so no frame of ours separates the
 * query from the statement or commit that fired the trigger.  A user
 * function running inside such a query (a user equality operator, a
 * trigger fired by a cascade) inherits the bits, but its own queries have
 * its function frame innermost and are not foreign-key queries.
 *
 * src/Recorder/Probe/executor.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "executor/executor.h"
#include "parser/parsetree.h"
#include "miscadmin.h"
#include "tcop/pquery.h"
#include "utils/portal.h"

#include "tracelab_probe.h"
#include "enforce.h"

/* An executor statement between ExecutorStart and ExecutorEnd. */
typedef struct ExecEntry
{
	QueryDesc  *query_desc;
	uint64		seq;
	SubTransactionId subid;		/* subtransaction that started it */
	int			text_offset;
	const char *source;			/* queryDesc->sourceText */
	size_t		source_end;		/* where the statement ends in it */
	uint64		rows;			/* rows processed by all its runs so far */
	TracelabSavedLinks links;	/* enforcement: its chain links */
} ExecEntry;

static ExecEntry *execs = NULL;
static int	exec_count = 0;
static int	exec_capacity = 0;

/*
 * tracelab_emit_statement_started
 *		Write StatementStarted and return its seq.
 */
uint64
tracelab_emit_statement_started(uint64 parent, int depth, uint64 query_id,
								CommandTag tag, int kind, int context,
								const char *text, size_t text_len,
								const TracelabStatementExtras *extras)
{
	uint64		seq;

	tracelab_note_enforcement_in_force(parent, depth);
	seq = tracelab_frame_begin(TL_STATEMENT_STARTED, 11, parent, depth);
	if (seq == 0 || tracelab_frames_discarded)
		return seq;				/* nothing to write: only the seq counts */
	tracelab_put_int((int64) query_id);
	tracelab_put_str(GetCommandTagName(tag));
	tracelab_put_uint(kind);
	tracelab_put_uint(context);
	tracelab_put_statement_text(text, text_len);
	if (extras->prepared_name != NULL)
	{
		tracelab_put_array(2);
		tracelab_put_str(extras->prepared_name);
		tracelab_put_uint(extras->prepare_seq);
	}
	else
		tracelab_put_nil();
	if (extras->portal_name != NULL)
	{
		tracelab_put_array(2);
		tracelab_put_str(extras->portal_name);
		tracelab_put_bool(extras->cached_plan);
	}
	else
		tracelab_put_nil();
	tracelab_put_str(extras->origin);
	tracelab_put_oid_list(extras->targets);
	if (extras->is_copy)
	{
		tracelab_put_array(3);
		tracelab_put_bool(extras->copy_is_from);
		tracelab_put_bool(extras->copy_is_program);
		tracelab_put_str(extras->copy_target);
	}
	else
		tracelab_put_nil();
	if (extras->plpgsql_line > 0)
	{
		tracelab_put_array(2);
		tracelab_put_uint(extras->plpgsql_line);
		tracelab_put_str(extras->plpgsql_statement);
	}
	else
		tracelab_put_nil();
	tracelab_frame_end();
	return seq;
}

/*
 * tracelab_emit_statement_finished
 *		Write StatementFinished; sqlerrcode 0 writes an empty SQLSTATE.
 *
 * can_describe is false in error and abort paths, where no catalog access
 * is allowed; on normal returns the statement may have changed the current
 * user (SET ROLE), who is then described first.
 */
void
tracelab_emit_statement_finished(uint64 statement_seq, bool failed,
								 int sqlerrcode, uint64 rows,
								 bool can_describe)
{
	uint64		parent;
	int			depth;

	if (statement_seq == 0)
		return;
	tracelab_prepare_frame(can_describe, &parent, &depth);
	if (tracelab_frame_begin(TL_STATEMENT_FINISHED, 5, parent, depth) == 0 ||
		tracelab_frames_discarded)
		return;
	tracelab_put_uint(statement_seq);
	tracelab_put_uint(failed ? 1 : 0);
	if (sqlerrcode != 0)
		tracelab_put_sqlstate(sqlerrcode);
	else
		tracelab_put_str("");
	tracelab_put_uint(rows);
	/* transaction_ended: filled in if the transaction ends right after */
	if (depth == 0)
		tracelab_put_patchable();
	else
		tracelab_put_nil();
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
	if (index < exec_count - 1)
		memmove(&execs[index], &execs[index + 1],
				(exec_count - index - 1) * sizeof(ExecEntry));
	exec_count--;
}

/*
 * foreign_key_query
 *		Whether the statement starting now is run by a foreign-key trigger.
 *
 * See the file header: both security-context bits set by ri_triggers.c,
 * and no function frame between the query and what fired the trigger.
 */
static bool
foreign_key_query(void)
{
	const int	ri_bits = SECURITY_LOCAL_USERID_CHANGE | SECURITY_NOFORCE_RLS;
	Oid			userid;
	int			sec_context;

	GetUserIdAndSecContext(&userid, &sec_context);
	if ((sec_context & ri_bits) != ri_bits)
		return false;
	return tracelab_stack_height == 0 ||
		tracelab_stack[tracelab_stack_height - 1].kind != TL_ENTRY_FUNCTION;
}

/*
 * statement_tag
 *		The command tag of a planned statement.
 *
 * A plain SELECT (no DECLARE, no FOR UPDATE/SHARE) is by far the most
 * common statement and needs no call; the rest is CreateCommandTag's.
 */
static inline CommandTag
statement_tag(PlannedStmt *pstmt)
{
	if (pstmt->commandType == CMD_SELECT && pstmt->utilityStmt == NULL &&
		pstmt->rowMarks == NIL)
		return CMDTAG_SELECT;
	return CreateCommandTag((Node *) pstmt);
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
	TracelabStatementExtras extras;
	const char *text;
	size_t		text_len;
	int			offset;
	uint64		parent;
	int			depth;
	uint64		seq;
	int			saved;
	TracelabEntry *entry;

	if (!tracelab_recording() || (eflags & EXEC_FLAG_EXPLAIN_ONLY) != 0)
		return -1;
	if (!tracelab_stack_reserve() ||
		!tracelab_grow_array((void **) &execs, &exec_capacity, exec_count,
							 sizeof(ExecEntry)))
		return -1;

	memset(&extras, 0, sizeof(extras));
	extras.origin = foreign_key_query() ? "foreign_key" : "";
	tracelab_plpgsql_annotate(&extras);

	tracelab_prepare_frame(true, &parent, &depth);
	if (depth == 0 && ActivePortal != NULL &&
		(ActivePortal->cplan != NULL || ActivePortal->prepStmtName != NULL))
	{
		/* a portal of the extended protocol */
		extras.portal_name = ActivePortal->name;
		extras.cached_plan = ActivePortal->cplan != NULL;
		extras.prepared_name = ActivePortal->prepStmtName ?
			ActivePortal->prepStmtName : "";
		extras.prepare_seq = 0;
	}

	tracelab_statement_text(queryDesc->sourceText, pstmt->stmt_location,
							pstmt->stmt_len, &text, &text_len, &offset);
	seq = tracelab_emit_statement_started(parent, depth, pstmt->queryId,
										  statement_tag(pstmt),
										  0, depth == 0 ? 0 : 1,
										  text, text_len, &extras);

	execs[exec_count].query_desc = queryDesc;
	execs[exec_count].seq = seq;
	execs[exec_count].subid = GetCurrentSubTransactionId();
	execs[exec_count].text_offset = offset;
	execs[exec_count].source = queryDesc->sourceText;
	execs[exec_count].source_end =
		tracelab_statement_end(queryDesc->sourceText, pstmt->stmt_location,
							   pstmt->stmt_len);
	execs[exec_count].rows = 0;
	exec_count++;

	saved = tracelab_stack_height;
	entry = tracelab_stack_push(seq, TL_ENTRY_PLANNED, offset);
	entry->query_id = pstmt->queryId;
	entry->source = queryDesc->sourceText;
	entry->source_end = execs[exec_count - 1].source_end;
	execs[exec_count - 1].links.chained = false;
	if (tracelab_enforcing())
	{
		List	   *targets = NIL;
		ListCell   *lc;

		tracelab_chain_statement(saved, statement_tag(pstmt), true,
								 extras.origin[0] != '\0', &extras);
		tracelab_chain_save(saved, &execs[exec_count - 1].links);
		foreach(lc, pstmt->resultRelations)
			targets = lappend_oid(targets,
								  rt_fetch(lfirst_int(lc),
										   pstmt->rtable)->relid);
		tracelab_enforce_defer_statement(saved, statement_tag(pstmt), true,
										 &extras, targets);
	}
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
	TracelabEntry *entry;

	if (index < 0 || !tracelab_stack_reserve())
		return -1;
	saved = tracelab_stack_height;
	entry = tracelab_stack_push(execs[index].seq, TL_ENTRY_PLANNED,
								execs[index].text_offset);
	entry->query_id = queryDesc->plannedstmt->queryId;
	entry->source = execs[index].source;
	entry->source_end = execs[index].source_end;
	if (execs[index].links.chained)
		tracelab_chain_restore(saved, &execs[index].links);
	return saved;
}

/*
 * tracelab_capture_executor_leave
 *		Pop the statement pushed by start or enter.
 */
void
tracelab_capture_executor_leave(int saved_height)
{
	tracelab_stack_pop_to(saved_height);
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

	tracelab_stack_pop_to(saved_height);
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

	tracelab_stack_pop_to(saved_height);
	index = find_exec(queryDesc);
	if (index < 0)
		return;
	seq = execs[index].seq;
	rows = execs[index].rows;
	remove_exec(index);
	tracelab_emit_statement_finished(seq, false, 0, rows, true);
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

	tracelab_stack_pop_to(saved_height);
	index = find_exec(queryDesc);
	if (index < 0)
		return;
	seq = execs[index].seq;
	remove_exec(index);
	tracelab_emit_statement_finished(seq, true, geterrcode(), 0, false);
}

/*
 * tracelab_executor_close
 *		Close executor statements whose portals die with a (sub)transaction.
 *
 * Statements started in subtransaction subid or later ones are closed;
 * InvalidSubTransactionId closes all of them.  No catalog access.
 */
void
tracelab_executor_close(SubTransactionId subid, bool failed)
{
	int			i = 0;

	while (i < exec_count)
	{
		if (subid == InvalidSubTransactionId || execs[i].subid >= subid)
		{
			uint64		seq = execs[i].seq;

			remove_exec(i);
			tracelab_emit_statement_finished(seq, failed, 0, 0, false);
		}
		else
			i++;
	}
}

/*
 * tracelab_executor_close_seq
 *		Close the executor statement with the given seq, if still open.
 */
void
tracelab_executor_close_seq(uint64 seq)
{
	int			i;

	for (i = exec_count - 1; i >= 0; i--)
	{
		if (execs[i].seq == seq)
		{
			remove_exec(i);
			tracelab_emit_statement_finished(seq, true, 0, 0, false);
			return;
		}
	}
}

/*
 * tracelab_executor_handover
 *		Hand the statements of a committed subtransaction to its parent.
 */
void
tracelab_executor_handover(SubTransactionId subid, SubTransactionId parent)
{
	int			i;

	for (i = 0; i < exec_count; i++)
	{
		if (execs[i].subid == subid)
			execs[i].subid = parent;
	}
}
