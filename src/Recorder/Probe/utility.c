/*-------------------------------------------------------------------------
 *
 * utility.c
 *	  Utility statements: StatementStarted/Finished, targets, role switches.
 *
 * ProcessUtility runs at every depth (top level, from SPI inside a
 * function, from CALL/DO, as a subcommand), so every utility statement is
 * a frame pushed for its whole duration.  At its start the probe resolves
 * the relations the command names (VACUUM, ANALYZE, CLUSTER, REINDEX,
 * CREATE INDEX, REFRESH MATERIALIZED VIEW, TRUNCATE, COPY, LOCK) and
 * describes them with their stored code, because maintenance commands run
 * that code as the table owner.  The names are resolved without locks and
 * without the permission check RangeVarGetRelid does on an explicit
 * schema: the command itself takes its locks and reports its own errors,
 * and the probe must neither change lock order nor fail a command first.
 *
 * After a successful statement the probe updates its map of prepared
 * statements (prepared.c) and reports a change of session or outer user
 * the statement made (SET ROLE, SET SESSION AUTHORIZATION, their RESET,
 * RESET ALL, DISCARD ALL, also SET LOCAL) as RoleSwitched, nested in the
 * statement.
 *
 * src/Recorder/Probe/utility.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "commands/prepare.h"
#include "miscadmin.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "tracelab_probe.h"
#include "enforce.h"

/*
 * target_relid
 *		The relation a RangeVar names now, or InvalidOid; never throws.
 */
static Oid
target_relid(RangeVar *rv)
{
	Oid			nspid;

	if (rv == NULL || rv->relname == NULL || rv->catalogname != NULL)
		return InvalidOid;
	if (rv->schemaname == NULL)
		return RelnameGetRelid(rv->relname);
	/* LookupExplicitNamespace checks no permission for the pg_temp alias */
	if (strcmp(rv->schemaname, "pg_temp") == 0)
		nspid = LookupExplicitNamespace(rv->schemaname, true);
	else
		nspid = get_namespace_oid(rv->schemaname, true);
	if (!OidIsValid(nspid))
		return InvalidOid;
	return get_relname_relid(rv->relname, nspid);
}

/*
 * add_target
 *		Append the relation a RangeVar names to a list of oids.
 */
static List *
add_target(List *targets, RangeVar *rv)
{
	Oid			relid = target_relid(rv);

	if (OidIsValid(relid))
		targets = list_append_unique_oid(targets, relid);
	return targets;
}

/*
 * add_targets
 *		Append the relations a list of RangeVars names.
 */
static List *
add_targets(List *targets, List *rangevars)
{
	ListCell   *lc;

	foreach(lc, rangevars)
		targets = add_target(targets, (RangeVar *) lfirst(lc));
	return targets;
}

/*
 * utility_targets
 *		The relations a maintenance, data or ALTER TABLE command names.
 */
static List *
utility_targets(Node *stmt)
{
	List	   *targets = NIL;
	ListCell   *lc;

	switch (nodeTag(stmt))
	{
		case T_VacuumStmt:
			foreach(lc, ((VacuumStmt *) stmt)->rels)
			{
				VacuumRelation *vrel = (VacuumRelation *) lfirst(lc);

				if (OidIsValid(vrel->oid))
					targets = list_append_unique_oid(targets, vrel->oid);
				else
					targets = add_target(targets, vrel->relation);
			}
			break;
		case T_ClusterStmt:
			targets = add_target(targets, ((ClusterStmt *) stmt)->relation);
			break;
		case T_ReindexStmt:
			{
				ReindexStmt *reindex = (ReindexStmt *) stmt;

				if (reindex->kind == REINDEX_OBJECT_INDEX ||
					reindex->kind == REINDEX_OBJECT_TABLE)
					targets = add_target(targets, reindex->relation);
				break;
			}
		case T_IndexStmt:
			targets = add_target(targets, ((IndexStmt *) stmt)->relation);
			break;
		case T_AlterTableStmt:
			/* a rewrite re-checks constraints and rebuilds indexes */
			targets = add_target(targets, ((AlterTableStmt *) stmt)->relation);
			break;
		case T_RefreshMatViewStmt:
			targets = add_target(targets,
								 ((RefreshMatViewStmt *) stmt)->relation);
			break;
		case T_TruncateStmt:
			targets = add_targets(targets, ((TruncateStmt *) stmt)->relations);
			break;
		case T_CopyStmt:
			targets = add_target(targets, ((CopyStmt *) stmt)->relation);
			break;
		case T_LockStmt:
			targets = add_targets(targets, ((LockStmt *) stmt)->relations);
			break;
		default:
			break;
	}
	return targets;
}

/*
 * utility_extras
 *		StatementStarted's prepared statement, targets and COPY details.
 */
static void
utility_extras(Node *stmt, TracelabStatementExtras *extras)
{
	memset(extras, 0, sizeof(*extras));
	extras->origin = "";
	extras->targets = utility_targets(stmt);
	tracelab_plpgsql_annotate(extras);
	if (IsA(stmt, PrepareStmt))
	{
		extras->prepared_name = ((PrepareStmt *) stmt)->name;
		extras->prepare_seq = 0;
	}
	else if (IsA(stmt, ExecuteStmt))
	{
		/*
		 * EXECUTE of a statement that does not exist runs no prepared code:
		 * PostgreSQL refuses it at once with its own error (26000), which is
		 * what the user must see, so it has no prepared-statement link to be
		 * recorded or judged.
		 */
		if (FetchPreparedStatement(((ExecuteStmt *) stmt)->name, false) == NULL)
			return;
		extras->prepared_name = ((ExecuteStmt *) stmt)->name;
		extras->prepare_seq =
			tracelab_prepared_lookup(((ExecuteStmt *) stmt)->name);
	}
	else if (IsA(stmt, CopyStmt))
	{
		CopyStmt   *copy = (CopyStmt *) stmt;

		extras->is_copy = true;
		extras->copy_is_from = copy->is_from;
		extras->copy_is_program = copy->is_program;
		/* the file name or command line is text of the statement */
		extras->copy_target = (copy->filename != NULL &&
							   tracelab_capture_text == TL_TEXT_FULL) ?
			copy->filename : "";
	}
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
	Node	   *stmt = pstmt->utilityStmt;
	TracelabStatementExtras extras;
	MemoryContext work;
	MemoryContext oldcontext;
	const char *text;
	size_t		text_len;
	int			offset;
	uint64		parent;
	int			depth;
	int			saved;
	ListCell   *lc;
	TracelabEntry *entry;

	if (!tracelab_recording() || !tracelab_stack_reserve())
		return -1;

	work = tracelab_scratch_begin();
	oldcontext = MemoryContextSwitchTo(work);

	tracelab_prepare_frame(true, &parent, &depth);
	utility_extras(stmt, &extras);
	foreach(lc, extras.targets)
		(void) tracelab_describe_relation(lfirst_oid(lc), parent, depth);

	tracelab_statement_text(queryString, pstmt->stmt_location,
							pstmt->stmt_len, &text, &text_len, &offset);
	*seq = tracelab_emit_statement_started(parent, depth, pstmt->queryId,
										   CreateCommandTag(stmt), 1,
										   (int) context, text, text_len,
										   &extras);
	MemoryContextSwitchTo(oldcontext);

	saved = tracelab_stack_height;
	entry = tracelab_stack_push(*seq, TL_ENTRY_UTILITY, offset);
	entry->commits = IsA(stmt, DoStmt) || IsA(stmt, CallStmt);
	entry->source = queryString;
	entry->text_len = text_len;
	if (tracelab_enforcing())
	{
		tracelab_chain_statement(saved, CreateCommandTag(stmt), false, false,
								 &extras);
		tracelab_enforce_defer_statement(saved, CreateCommandTag(stmt), false,
										 &extras, extras.targets);
	}
	tracelab_scratch_end(work);
	return saved;
}

/*
 * switch_command
 *		How RoleSwitched names the statement that switched roles.
 */
static const char *
switch_command(Node *stmt, bool *local)
{
	*local = false;
	if (IsA(stmt, VariableSetStmt))
	{
		VariableSetStmt *set = (VariableSetStmt *) stmt;
		bool		reset = (set->kind == VAR_RESET);

		*local = set->is_local;
		if (set->kind == VAR_RESET_ALL)
			return "RESET ALL";
		if (set->name != NULL && strcmp(set->name, "role") == 0)
			return reset ? "RESET ROLE" : "SET ROLE";
		if (set->name != NULL &&
			strcmp(set->name, "session_authorization") == 0)
			return reset ? "RESET SESSION AUTHORIZATION" :
				"SET SESSION AUTHORIZATION";
	}
	else if (IsA(stmt, DiscardStmt) &&
			 ((DiscardStmt *) stmt)->target == DISCARD_ALL)
		return "DISCARD ALL";
	return GetCommandTagName(CreateCommandTag(stmt));
}

/*
 * note_prepared
 *		Keep the prepared-statement map in step with a successful statement.
 */
static void
note_prepared(Node *stmt, uint64 seq, int height)
{
	if (IsA(stmt, PrepareStmt))
	{
		Oid			preparer = GetUserId();
		int			i;

		/* the replayer's preparer: the innermost function's owner */
		for (i = height - 1; i >= 0; i--)
		{
			TracelabFunction *fn;

			if (tracelab_stack[i].kind != TL_ENTRY_FUNCTION ||
				tracelab_stack[i].flinfo == NULL)
				continue;
			fn = tracelab_lookup_function(tracelab_stack[i].flinfo->fn_oid);
			preparer = (fn != NULL && fn->known) ? fn->owner : InvalidOid;
			break;
		}
		tracelab_prepared_store(((PrepareStmt *) stmt)->name, seq, preparer);
	}
	else if (IsA(stmt, DeallocateStmt))
		tracelab_prepared_remove(((DeallocateStmt *) stmt)->name);
	else if (IsA(stmt, DiscardStmt) &&
			 ((DiscardStmt *) stmt)->target == DISCARD_ALL)
		tracelab_prepared_remove(NULL);
}

/*
 * tracelab_capture_utility_finish
 *		ProcessUtility returned or is unwinding an ERROR.
 *
 * With failed set this runs in PG_CATCH: geterrcode() is valid there and
 * no catalog access is allowed.
 */
void
tracelab_capture_utility_finish(PlannedStmt *pstmt, uint64 seq,
								int saved_height, QueryCompletion *qc,
								bool failed)
{
	const char *switched = NULL;
	int			chain_length = 0;
	Oid			executor = InvalidOid;
	uint64		switch_seq = 0;

	if (failed)
	{
		tracelab_stack_pop_to(saved_height);
		tracelab_emit_statement_finished(seq, true, geterrcode(), 0, false);
		return;
	}

	note_prepared(pstmt->utilityStmt, seq, saved_height);
	if (IsTransactionState())
	{
		bool		local;
		const char *command = switch_command(pstmt->utilityStmt, &local);

		if (tracelab_note_role_switch(command, local))
		{
			switched = command;
			switch_seq = tracelab_frame_next_seq() - 1;
		}
		tracelab_note_privileges(pstmt->utilityStmt);
	}
	if (switched != NULL && saved_height < tracelab_stack_height &&
		tracelab_stack[saved_height].chained)
	{
		/* judged once the statement is closed: its links stay in place */
		chain_length = tracelab_stack[saved_height].chain_end;
		executor = tracelab_stack[saved_height].current_user;
	}
	tracelab_stack_pop_to(saved_height);
	tracelab_emit_statement_finished(seq, false, 0, qc ? qc->nprocessed : 0,
									 true);
	if (chain_length > 0 && tracelab_enforcing())
		tracelab_enforce_role_switch(switched, chain_length, executor,
									 switch_seq, saved_height + 1);
}
