/*-------------------------------------------------------------------------
 *
 * prepared.c
 *	  The per-backend map from SQL prepared statement to its PREPARE frame.
 *
 * PostgreSQL keeps no record of who prepared a statement, but the stream
 * has the PREPARE: its StatementStarted names the role and nests the
 * analysis.  This map lets EXECUTE point back at that frame.  It is fed
 * after PREPARE, DEALLOCATE and DISCARD ALL succeed.  Statements prepared
 * through the protocol's Parse message share PostgreSQL's table but not
 * this map, so an entry also remembers the CachedPlanSource it saw: an
 * EXECUTE of a statement that was replaced behind the probe's back (Close
 * and Parse under the same name) finds another source and gets 0.
 *
 * src/Recorder/Probe/prepared.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "commands/prepare.h"
#include "utils/hsearch.h"

#include "tracelab_probe.h"

/* One SQL prepared statement the stream saw being prepared. */
typedef struct PreparedEntry
{
	char		name[NAMEDATALEN];	/* hash key, must be first */
	uint64		seq;			/* seq of the PREPARE's StatementStarted */
	Oid			preparer;		/* the owner of the function that ran the
								 * PREPARE, else the user that ran it */
	CachedPlanSource *plansource;
} PreparedEntry;

static HTAB *prepared_map = NULL;

/*
 * tracelab_prepared_store
 *		Remember the PREPARE frame of a statement that now exists.
 */
void
tracelab_prepared_store(const char *name, uint64 seq, Oid preparer)
{
	PreparedStatement *stmt = FetchPreparedStatement(name, false);
	PreparedEntry *entry;

	if (stmt == NULL || seq == 0)
		return;
	if (prepared_map == NULL)
		prepared_map = tracelab_hash_create("TraceLab prepared statements",
											NAMEDATALEN,
											sizeof(PreparedEntry), true);
	entry = hash_search(prepared_map, name, HASH_ENTER_NULL, NULL);
	if (entry == NULL)
		return;
	entry->seq = seq;
	entry->preparer = preparer;
	entry->plansource = stmt->plansource;
}

/*
 * tracelab_prepared_lookup
 *		Seq of the PREPARE of a statement, or 0 when it was not seen.
 */
uint64
tracelab_prepared_lookup(const char *name)
{
	PreparedStatement *stmt;
	PreparedEntry *entry;

	if (prepared_map == NULL || name == NULL)
		return 0;
	entry = hash_search(prepared_map, name, HASH_FIND, NULL);
	if (entry == NULL)
		return 0;
	stmt = FetchPreparedStatement(name, false);
	if (stmt == NULL || stmt->plansource != entry->plansource)
		return 0;
	return entry->seq;
}

/*
 * tracelab_prepared_preparer
 *		Who prepared a prepared statement the stream saw being prepared;
 *		InvalidOid when it did not see it.
 */
Oid
tracelab_prepared_preparer(const char *name)
{
	PreparedEntry *entry;

	if (tracelab_prepared_lookup(name) == 0)
		return InvalidOid;
	entry = hash_search(prepared_map, name, HASH_FIND, NULL);
	return entry != NULL ? entry->preparer : InvalidOid;
}

/*
 * tracelab_prepared_remove
 *		Forget one statement, or all of them when name is NULL.
 */
void
tracelab_prepared_remove(const char *name)
{
	HASH_SEQ_STATUS status;
	PreparedEntry *entry;

	if (prepared_map == NULL)
		return;
	if (name != NULL)
	{
		(void) hash_search(prepared_map, name, HASH_REMOVE, NULL);
		return;
	}
	hash_seq_init(&status, prepared_map);
	while ((entry = hash_seq_search(&status)) != NULL)
		(void) hash_search(prepared_map, entry->name, HASH_REMOVE, NULL);
}
