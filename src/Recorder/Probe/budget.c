/*-------------------------------------------------------------------------
 *
 * budget.c
 *	  The spool directory's disk budget (tracelab.spool_budget).
 *
 * Spool files are never removed by the probe or the recorder, so a busy
 * server would fill its disk.  With a budget set, a block is only written
 * while the spool files add up to less than the budget; otherwise its
 * frames are dropped, counted (FramesDropped, reason "spool budget
 * exceeded") and reported in the server log at most once a minute.
 *
 * Backends share no memory, so each one counts for itself: it lists the
 * directory (the sizes of its *.tlspool files) at most every ten seconds,
 * or every second while it is over the budget, and adds what it wrote
 * itself in between.  What other backends write between two listings is
 * not counted, so the directory can exceed the budget by what all
 * backends write in ten seconds; the budget is a guard, not an exact
 * quota.
 *
 * src/Recorder/Probe/budget.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <sys/stat.h>

#include "miscadmin.h"
#include "storage/fd.h"
#include "utils/timestamp.h"

#include "tracelab_probe.h"

/* How often the directory is listed, and while over the budget. */
#define TL_BUDGET_RESCAN_MS		(10 * 1000)
#define TL_BUDGET_RETRY_MS		1000

/* At most one report per backend in this interval. */
#define TL_BUDGET_REPORT_MS		(60 * 1000)

static uint64 listed_bytes = 0;		/* the directory at the last listing */
static uint64 written_bytes = 0;	/* written by this backend since */
static TimestampTz listed_at = 0;
static TimestampTz reported_at = 0;

/*
 * budget_bytes
 *		The budget in bytes, 0 when there is none.
 */
static uint64
budget_bytes(void)
{
	return (uint64) tracelab_spool_budget_mb * 1024 * 1024;
}

/*
 * list_directory
 *		Add up the sizes of the spool files in the spool directory.
 */
static void
list_directory(TimestampTz now)
{
	char		dir[MAXPGPATH];
	char		path[MAXPGPATH];
	DIR		   *d;
	struct dirent *de;
	uint64		total = 0;

	tracelab_spool_directory_path(dir, sizeof(dir));
	d = AllocateDir(dir);
	if (d == NULL)
		return;					/* the write will fail and report */
	while ((de = ReadDirExtended(d, dir, LOG)) != NULL)
	{
		struct stat st;
		size_t		len = strlen(de->d_name);

		if (len < 8 || strcmp(de->d_name + len - 8, ".tlspool") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) == 0)
			total += (uint64) st.st_size;
	}
	FreeDir(d);
	listed_bytes = total;
	written_bytes = 0;
	listed_at = now;
}

/*
 * tracelab_budget_allows
 *		Whether a block of this size may be written; reports when not.
 */
bool
tracelab_budget_allows(size_t bytes, uint32 nframes)
{
	uint64		budget = budget_bytes();
	TimestampTz now;

	if (budget == 0)
		return true;
	now = GetCurrentTimestamp();
	if (listed_at == 0 ||
		TimestampDifferenceExceeds(listed_at, now, TL_BUDGET_RESCAN_MS) ||
		(listed_bytes + written_bytes + bytes > budget &&
		 TimestampDifferenceExceeds(listed_at, now, TL_BUDGET_RETRY_MS)))
		list_directory(now);
	if (listed_bytes + written_bytes + bytes <= budget)
		return true;

	if (reported_at == 0 ||
		TimestampDifferenceExceeds(reported_at, now, TL_BUDGET_REPORT_MS))
	{
		reported_at = now;
		ereport(LOG_SERVER_ONLY,
				(errcode(ERRCODE_DISK_FULL),
				 errhidestmt(true),
				 errhidecontext(true),
				 errmsg("spool directory \"%s\" is over its budget",
						tracelab_spool_directory),
				 errdetail_plural("The spool files take %llu bytes; \"tracelab.spool_budget\" is %d MB. %u frame was dropped.",
								  "The spool files take %llu bytes; \"tracelab.spool_budget\" is %d MB. %u frames were dropped.",
								  nframes,
								  (unsigned long long) (listed_bytes + written_bytes),
								  tracelab_spool_budget_mb, nframes),
				 errhint("Remove spool files that were ingested, or raise \"tracelab.spool_budget\".")));
	}
	return false;
}

/*
 * tracelab_budget_allows_quietly
 *		The same check from a signal handler: as last counted, no listing.
 */
bool
tracelab_budget_allows_quietly(size_t bytes)
{
	uint64		budget = budget_bytes();

	return budget == 0 || listed_bytes + written_bytes + bytes <= budget;
}

/*
 * tracelab_budget_wrote
 *		Count a block this backend wrote.
 */
void
tracelab_budget_wrote(size_t bytes)
{
	written_bytes += bytes;
}
