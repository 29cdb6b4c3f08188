/*-------------------------------------------------------------------------
 *
 * stack.c
 *	  The frame stack: what is open now, parents, depths and statement texts.
 *
 * Every frame names its parent (the innermost open frame) and its depth
 * (how many frames are open).  Utility statements, plans, function calls
 * and maintenance roots are strictly LIFO and are pushed for their whole
 * duration.  Executor statements are not LIFO across portals (a cursor
 * starts at DECLARE or Bind, runs at each FETCH or Execute and ends at
 * CLOSE or commit), so executor.c keeps them in a map and pushes them here
 * only while an executor hook runs.  probe.c wraps every frame-opening
 * hook in PG_TRY, so on ERROR the stack is cut back to where that hook
 * found it; the transaction callbacks never reset the stack, because
 * procedures COMMIT and ROLLBACK with frames still open.  Only when the
 * backend exits (FATAL skips PG_CATCH) are the frames left open closed.
 *
 * The stack is a malloc'd array, so that pushing never throws; a hook that
 * cannot reserve room records nothing.  This file also notices changes of
 * the session and outer user that no utility statement reported (a SET
 * LOCAL undone at commit, set_config), because every frame that may read
 * the catalog passes through tracelab_prepare_frame.
 *
 * src/Recorder/Probe/stack.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <stdlib.h>

#include "access/xact.h"
#include "miscadmin.h"
#include "storage/ipc.h"

#include "tracelab_probe.h"

TracelabEntry *tracelab_stack = NULL;
int			tracelab_stack_height = 0;
bool		tracelab_session_registered = false;

static int	stack_capacity = 0;

/* The session and outer user as the stream last told them. */
static Oid	reported_session_user = InvalidOid;
static Oid	reported_outer_user = InvalidOid;

/* The roles tracelab_prepare_frame last made sure were described. */
static Oid	described_user = InvalidOid;
static Oid	described_outer = InvalidOid;
static Oid	described_session = InvalidOid;
static uint64 described_generation = 0;

static void emit_role_switched(const char *command, bool local,
							   uint64 parent, int depth);

/*
 * tracelab_grow_array
 *		Make room for one more element in a malloc'd array.
 */
bool
tracelab_grow_array(void **array, int *capacity, int count,
					size_t elem_size)
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
 * tracelab_stack_reserve
 *		Make sure one more entry can be pushed without allocating later.
 */
bool
tracelab_stack_reserve(void)
{
	return tracelab_grow_array((void **) &tracelab_stack, &stack_capacity,
							   tracelab_stack_height, sizeof(TracelabEntry));
}

/*
 * tracelab_parent_below
 *		Seq of the innermost written frame below the given stack height.
 *
 * A plan whose PlanStarted waits (plan.c) is written now: a frame is about
 * to nest in it.  A function whose FunctionEntered waits for the
 * trampoline is skipped.
 */
uint64
tracelab_parent_below(int height)
{
	int			i;

	for (i = Min(height, tracelab_stack_height) - 1; i >= 0; i--)
	{
		uint64		seq = tracelab_stack[i].seq;

		if (seq == 0 && tracelab_stack[i].kind == TL_ENTRY_PLAN)
			seq = tracelab_plan_materialize(i);
		if (seq != 0)
			return seq;
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
		tracelab_unwind_at_exit();
	tracelab_frame_session_end(0, 0);
}

/*
 * tracelab_prepare_frame
 *		Parent and depth of a new frame, and the roles its prefix names.
 *
 * With can_describe the current, outer and session users are described
 * first, and a change of session or outer user that no statement reported
 * is written as RoleSwitched; that reads the catalog, so it is only done
 * in start paths and on normal returns inside a transaction, never in
 * error, abort or exit paths.
 */
void
tracelab_prepare_frame(bool can_describe, uint64 *parent, int *depth)
{
	*parent = (tracelab_stack_height == 0) ? 0 :
		tracelab_parent_below(tracelab_stack_height);
	*depth = tracelab_stack_height;

	if (!tracelab_session_registered)
	{
		on_proc_exit(session_exit, (Datum) 0);
		tracelab_session_registered = true;
		reported_session_user = GetSessionUserId();
		reported_outer_user = GetOuterUserId();
	}
	if (can_describe)
	{
		Oid			user = GetUserId();
		Oid			outer = GetOuterUserId();
		Oid			session = GetSessionUserId();
		bool		described = user == described_user &&
			outer == described_outer && session == described_session &&
			described_generation == tracelab_role_generation;

		/* every frame names these roles: mostly they are known already */
		if ((described && session == reported_session_user &&
			 outer == reported_outer_user) || !IsTransactionState())
			return;
		if (!described)
		{
			tracelab_frame_note_database();
			described_generation = tracelab_role_generation;
			tracelab_describe_role(user, *parent, *depth);
			tracelab_describe_role(outer, *parent, *depth);
			tracelab_describe_role(session, *parent, *depth);
			described_user = user;
			described_outer = outer;
			described_session = session;
		}
		if (session != reported_session_user ||
			outer != reported_outer_user)
			emit_role_switched("", false, *parent, *depth);
	}
}

/*
 * emit_role_switched
 *		Write RoleSwitched with the session and outer user as they are now.
 */
static void
emit_role_switched(const char *command, bool local, uint64 parent,
				   int depth)
{
	reported_session_user = GetSessionUserId();
	reported_outer_user = GetOuterUserId();
	if (tracelab_frame_begin(TL_ROLE_SWITCHED, 4, parent, depth) == 0)
		return;
	tracelab_put_str(command);
	tracelab_put_uint(reported_session_user);
	tracelab_put_uint(reported_outer_user);
	tracelab_put_bool(local);
	tracelab_frame_end();
}

/*
 * tracelab_note_role_switch
 *		After a successful utility statement: report a role switch it made.
 *
 * The statement is still on the stack, so it is the RoleSwitched's parent.
 * Only called on normal returns inside a transaction.
 */
bool
tracelab_note_role_switch(const char *command, bool local)
{
	uint64		parent;
	int			depth;

	if (!tracelab_session_registered || !IsTransactionState() ||
		(GetSessionUserId() == reported_session_user &&
		 GetOuterUserId() == reported_outer_user))
		return false;
	parent = tracelab_parent_below(tracelab_stack_height);
	depth = tracelab_stack_height;
	tracelab_describe_role(GetOuterUserId(), parent, depth);
	tracelab_describe_role(GetSessionUserId(), parent, depth);
	emit_role_switched(command, local, parent, depth);
	return true;
}

/*
 * is_space
 *		scanner_isspace, inline: cut_text runs for every statement.
 */
static inline bool
is_space(char ch)
{
	/* the same list as PostgreSQL 15's scanner_isspace */
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

/*
 * cut_text
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
cut_text(const char *source, int location, int length, const char **text,
		 size_t *text_len, int *offset)
{
	size_t		start = (location > 0) ? (size_t) location : 0;
	size_t		len;

	if (location >= 0 && length > 0)
		len = (size_t) length;	/* inside the source, as pg_stat_statements
								 * trusts too */
	else
	{
		while (is_space(source[start]))
			start++;
		len = strnlen(source + start, TL_TEXT_LIMIT + 1);
	}

	while (len > 0 && is_space(source[start]))
	{
		start++;
		len--;
	}
	/*
	 * A longer text is cut, so its end does not matter.  A text that runs to
	 * the end of its source may end with the terminating semicolon, which a
	 * statement's own length never includes.
	 */
	while (len > 0 && len <= TL_TEXT_LIMIT &&
		   (is_space(source[start + len - 1]) ||
			(length <= 0 && source[start + len - 1] == ';')))
		len--;

	*text = source + start;
	*text_len = len;
	*offset = (int) start;
}

/*
 * same_source
 *		Whether two source strings are the same text.
 */
static bool
same_source(const char *a, const char *b)
{
	return a == b || strcmp(a, b) == 0;
}

/*
 * statement_text_at
 *		The text of a statement, analysis or plan inside its source string,
 *		for a frame whose stack entry is (or would be) at height.
 *
 * A query nested in a utility statement without a location of its own
 * (the query of DECLARE, EXPLAIN or CREATE TABLE AS, which PostgreSQL
 * analyses and plans with location 0 and length 0) gets the text of that
 * utility statement when both come from the same source string, rather
 * than the whole string, which may hold other statements.
 */
static void
statement_text_at(int height, const char *source, int location, int length,
				  const char **text, size_t *text_len, int *offset)
{
	if (source == NULL)
	{
		*text = "";
		*text_len = 0;
		*offset = -1;
		return;
	}
	if (location <= 0 && length <= 0 && height > 0)
	{
		TracelabEntry *below = &tracelab_stack[height - 1];

		if (below->kind == TL_ENTRY_UTILITY && below->source != NULL &&
			below->text_offset >= 0 && same_source(below->source, source))
		{
			*text = source + below->text_offset;
			*text_len = below->text_len;
			*offset = below->text_offset;
			return;
		}
	}
	cut_text(source, location, length, text, text_len, offset);
}

/*
 * tracelab_statement_text
 *		The text of a statement, analysis or plan that starts now.
 */
void
tracelab_statement_text(const char *source, int location, int length,
						const char **text, size_t *text_len, int *offset)
{
	statement_text_at(tracelab_stack_height, source, location, length,
					  text, text_len, offset);
}

/*
 * tracelab_entry_text
 *		Work out the text, text offset and end of a plan's stack entry.
 *
 * Most plans write nothing and call nothing, so plan.c leaves this until
 * a frame, a call or the inliner needs it.  The entries below the plan
 * are the same as when it started, so the answer is too.  Reads the
 * source only, so it may run in error paths.
 */
void
tracelab_entry_text(int index)
{
	TracelabEntry *entry = &tracelab_stack[index];
	int			offset;

	if (!entry->text_pending)
		return;
	statement_text_at(index, entry->source, entry->stmt_location,
					  entry->stmt_len, &entry->text, &entry->text_len,
					  &offset);
	entry->text_offset = offset;
	entry->source_end = tracelab_statement_end(entry->source,
											   entry->stmt_location,
											   entry->stmt_len);
	entry->text_pending = false;
}

/*
 * emit_plan_failed
 *		Write PlanFinished with status 1 for a plan cut off by an exit.
 */
static void
emit_plan_failed(uint64 plan_seq)
{
	uint64		parent;
	int			depth;

	tracelab_prepare_frame(false, &parent, &depth);
	if (tracelab_frame_begin(TL_PLAN_FINISHED, 4, parent, depth) == 0)
		return;
	tracelab_put_uint(plan_seq);
	tracelab_put_uint(1);
	tracelab_put_str("");
	tracelab_put_array(0);
	tracelab_frame_end();
}

/*
 * emit_maintenance_finished
 *		Write MaintenanceFinished.
 */
static void
emit_maintenance_finished(uint64 maintenance_seq)
{
	uint64		parent;
	int			depth;

	tracelab_prepare_frame(false, &parent, &depth);
	if (tracelab_frame_begin(TL_MAINTENANCE_FINISHED, 1, parent, depth) == 0)
		return;
	tracelab_put_uint(maintenance_seq);
	tracelab_frame_end();
}

/*
 * tracelab_close_entry
 *		Write the closing frame of a stack entry that is being cut off.
 *
 * No catalog access: this runs in exit and end-of-transaction paths.
 */
void
tracelab_close_entry(const TracelabEntry *entry)
{
	if (entry->seq == 0)
		return;
	switch (entry->kind)
	{
		case TL_ENTRY_FUNCTION:
			tracelab_emit_function_exited(entry->seq, true, 0, false);
			break;
		case TL_ENTRY_UTILITY:
			tracelab_emit_statement_finished(entry->seq, true, 0, 0, false);
			break;
		case TL_ENTRY_PLANNED:
			tracelab_executor_close_seq(entry->seq);
			break;
		case TL_ENTRY_PLAN:
			emit_plan_failed(entry->seq);
			break;
		case TL_ENTRY_MAINTENANCE:
			emit_maintenance_finished(entry->seq);
			break;
	}
}

/*
 * tracelab_unwind_at_exit
 *		Close every open frame, innermost first: the backend is exiting.
 *
 * A FATAL error (for example pg_terminate_backend) leaves the process
 * without unwinding through PG_CATCH, so the frames still open are closed
 * here with status 1 and an unknown SQLSTATE.  This is the only place the
 * stack is cut without the hooks: nothing can resume on it any more.
 */
void
tracelab_unwind_at_exit(void)
{
	while (tracelab_stack_height > 0)
	{
		TracelabEntry entry = tracelab_stack[--tracelab_stack_height];

		tracelab_close_entry(&entry);
	}
	tracelab_executor_close(InvalidSubTransactionId, true);
}
