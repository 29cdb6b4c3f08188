/*-------------------------------------------------------------------------
 *
 * xact.c
 *	  Transactions, subtransactions and the roots of background processes.
 *
 * The transaction callbacks write TransactionEnded, close the executor
 * statements whose portals die with the transaction and let frame.c
 * decide whether to write the frame buffer now; the subtransaction callbacks write SubtransactionStarted and
 * SubtransactionEnded (SAVEPOINT, PL/pgSQL EXCEPTION blocks).  All of this
 * runs in commit and abort paths, so none of it reads the catalog.  The
 * frame stack is never reset here, because procedures COMMIT and ROLLBACK
 * with frames still open.
 *
 * Autovacuum workers and background workers (logical replication apply
 * workers, parallel index builds) call user code without any statement of
 * their own.  The first such call with no frame open gets a synthetic
 * MaintenanceStarted root, named after the process and carrying its
 * pg_stat_activity query ("autovacuum: ANALYZE s.t"); it is closed at the
 * end of the transaction, which for autovacuum is the end of the work on
 * one table.
 *
 * src/Recorder/Probe/xact.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "miscadmin.h"
#include "postmaster/bgworker.h"
#include "storage/ipc.h"
#include "utils/backend_status.h"
#include "utils/lsyscache.h"

#include "tracelab_probe.h"
#include "enforce.h"

/* Subtransactions whose SubtransactionStarted was written, innermost last. */
static SubTransactionId *subxacts = NULL;
static int	subxact_count = 0;
static int	subxact_capacity = 0;

/*
 * maintenance_kind
 *		What kind of process a maintenance root stands for.
 */
static const char *
maintenance_kind(void)
{
	if (MyBackendType == B_AUTOVAC_WORKER)
		return "autovacuum";
	if (MyBackendType == B_BG_WORKER && MyBgworkerEntry != NULL)
	{
		if (strcmp(MyBgworkerEntry->bgw_type,
				   "logical replication worker") == 0)
			return "logical replication apply";
		return MyBgworkerEntry->bgw_type;
	}
	return GetBackendTypeDesc(MyBackendType);
}

/*
 * autovacuum_relation
 *		The relation an autovacuum activity string names, or InvalidOid.
 *
 * autovacuum reports "autovacuum: VACUUM ANALYZE nsp.rel" (optionally
 * followed by " (to prevent wraparound)") without quoting the names, so a
 * name may itself contain dots: every split at a dot is tried until one
 * names an existing relation.  Catalog lookups only; nothing is locked.
 */
static Oid
autovacuum_relation(const char *activity)
{
	const char *prefix = "autovacuum: ";
	const char *name;
	char	   *copy;
	char	   *end;
	char	   *dot;

	if (MyBackendType != B_AUTOVAC_WORKER ||
		strncmp(activity, prefix, strlen(prefix)) != 0)
		return InvalidOid;
	name = activity + strlen(prefix);
	while (strncmp(name, "VACUUM ", 7) == 0 || strncmp(name, "ANALYZE ", 8) == 0)
		name = strchr(name, ' ') + 1;

	copy = pstrdup(name);
	end = strstr(copy, " (to prevent wraparound)");
	if (end != NULL)
		*end = '\0';
	for (dot = strchr(copy, '.'); dot != NULL; dot = strchr(dot + 1, '.'))
	{
		Oid			namespace;
		Oid			relid;

		*dot = '\0';
		namespace = get_namespace_oid(copy, true);
		relid = OidIsValid(namespace) ? get_relname_relid(dot + 1, namespace)
			: InvalidOid;
		*dot = '.';
		if (OidIsValid(relid))
		{
			pfree(copy);
			return relid;
		}
	}
	pfree(copy);
	return InvalidOid;
}

/*
 * tracelab_open_maintenance
 *		Open a synthetic maintenance root for a background process.
 *
 * Called when such a process calls user code with the frame stack empty,
 * inside a transaction, so the relation an autovacuum worker processes can
 * be looked up and described (with its stored code) before the root.
 */
void
tracelab_open_maintenance(void)
{
	const char *activity = "";
	uint64		parent;
	int			depth;
	uint64		seq;
	Oid			relid;

	if (!tracelab_stack_reserve())
		return;
	tracelab_prepare_frame(true, &parent, &depth);
	if (MyBEEntry != NULL && MyBEEntry->st_activity_raw != NULL)
		activity = MyBEEntry->st_activity_raw;
	relid = autovacuum_relation(activity);
	if (OidIsValid(relid))
		tracelab_describe_relation(relid, parent, depth);

	seq = tracelab_frame_begin(TL_MAINTENANCE_STARTED, 3, parent, depth);
	tracelab_put_str(maintenance_kind());
	tracelab_put_text(activity,
					  strnlen(activity, pgstat_track_activity_query_size),
					  TL_TEXT_LIMIT);
	tracelab_put_uint(relid);
	tracelab_frame_end();
	if (seq != 0)
	{
		tracelab_stack_push(seq, TL_ENTRY_MAINTENANCE, -1);
		if (tracelab_enforcing())
			tracelab_chain_maintenance(tracelab_stack_height - 1,
									   maintenance_kind(), relid);
	}
}

/*
 * close_maintenance
 *		Close a maintenance root that is the innermost open frame.
 */
static void
close_maintenance(void)
{
	TracelabEntry entry;

	if (tracelab_stack_height == 0 ||
		tracelab_stack[tracelab_stack_height - 1].kind != TL_ENTRY_MAINTENANCE)
		return;
	entry = tracelab_stack[tracelab_stack_height - 1];
	tracelab_stack_pop_to(tracelab_stack_height - 1);
	tracelab_close_entry(&entry);
}

/*
 * tracelab_capture_xact_end
 *		Transaction callback: close what dies, write TransactionEnded.
 *
 * status is 0 commit, 1 abort, 2 prepare.  No catalog access.
 */
void
tracelab_capture_xact_end(int status)
{
	if (!tracelab_session_registered || tracelab_session_ended)
		return;
	if (proc_exit_inprogress)
		tracelab_unwind_at_exit();
	close_maintenance();
	subxact_count = 0;
	tracelab_scratch_reset();
	tracelab_executor_close(InvalidSubTransactionId, status == 1);
	if (tracelab_xact_has_frames)
	{
		uint64		parent;
		int			depth;

		/*
		 * Most transactions end right after a top-level statement: its
		 * StatementFinished, still the last frame in the pending block,
		 * then says so itself (transaction_ended), a frame fewer per
		 * transaction for an implicit one.
		 */
		if (!tracelab_frame_patch((uint8) status))
		{
			tracelab_prepare_frame(false, &parent, &depth);
			if (tracelab_frame_begin(TL_TRANSACTION_ENDED, 1, parent,
									 depth) != 0)
			{
				tracelab_put_uint(status);
				tracelab_frame_end();
			}
		}
		tracelab_xact_has_frames = false;
	}
	tracelab_frame_xact_end();
}

/*
 * emit_subxact_ended
 *		Write SubtransactionEnded if its start was written.
 */
static void
emit_subxact_ended(SubTransactionId subid, bool failed)
{
	uint64		parent;
	int			depth;

	if (subxact_count == 0 || subxacts[subxact_count - 1] != subid)
		return;
	subxact_count--;
	tracelab_prepare_frame(false, &parent, &depth);
	if (tracelab_frame_begin(TL_SUBXACT_ENDED, 2, parent, depth) == 0)
		return;
	tracelab_put_uint(subid);
	tracelab_put_uint(failed ? 1 : 0);
	tracelab_frame_end();
}

/*
 * tracelab_capture_subxact_start
 *		Subtransaction callback: write SubtransactionStarted.
 *
 * Only in sessions that already record, so that a stream never starts
 * with a subtransaction.
 */
void
tracelab_capture_subxact_start(SubTransactionId subid,
							   SubTransactionId parent_subid)
{
	uint64		parent;
	int			depth;

	if (!tracelab_session_registered || !tracelab_recording() ||
		!tracelab_grow_array((void **) &subxacts, &subxact_capacity,
							 subxact_count, sizeof(SubTransactionId)))
		return;
	tracelab_prepare_frame(false, &parent, &depth);
	if (tracelab_frame_begin(TL_SUBXACT_STARTED, 2, parent, depth) == 0)
		return;
	tracelab_put_uint(subid);
	tracelab_put_uint(parent_subid);
	tracelab_frame_end();
	subxacts[subxact_count++] = subid;
}

/*
 * tracelab_capture_subxact_abort
 *		Close what dies with a subtransaction, write SubtransactionEnded.
 */
void
tracelab_capture_subxact_abort(SubTransactionId subid)
{
	if (!tracelab_session_registered || tracelab_session_ended)
		return;
	tracelab_executor_close(subid, true);
	emit_subxact_ended(subid, true);
}

/*
 * tracelab_capture_subxact_commit
 *		Hand the statements of a committed subtransaction to its parent.
 */
void
tracelab_capture_subxact_commit(SubTransactionId subid,
								SubTransactionId parent)
{
	if (!tracelab_session_registered || tracelab_session_ended)
		return;
	tracelab_executor_handover(subid, parent);
	emit_subxact_ended(subid, false);
}
