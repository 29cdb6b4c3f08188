/*-------------------------------------------------------------------------
 *
 * spool.c
 *	  The session's spool file: creation, block writing, error reporting.
 *
 * Each backend appends its frames to its own file,
 * <tracelab.spool_directory>/<pid>-<backend_start_us>-<system_id>.tlspool
 * (system_id is GetSystemIdentifier() in decimal), created lazily at the
 * first flush with mode 0600 (it holds statement texts) and kept open for
 * the life of the backend.  The base name is the session id; it names the
 * server because many servers' recorders may append to one event store,
 * and two servers can each have a backend with the same pid and start
 * time.  Only this backend writes the file, so no locking is needed; the
 * Recorder reads it while it grows.
 *
 * Durability is "whole or absent" per block, not crash-safe to the last
 * frame.  A block is written with a single write(2) on an O_APPEND
 * descriptor, carries a CRC-32C of its payload, and if the write fails or
 * is short the file is truncated back to its previous length, so a reader
 * never sees a torn block except at the very end of a file that is still
 * being written (or whose backend died mid-write), where it stops and
 * retries later.  There is no fsync: the spool is provenance data, a
 * server crash loses nothing that write(2) accepted, and an fsync per
 * transaction would roughly double the commit cost of every session.  An
 * operating-system crash can lose the tail of the files; the CRC lets the
 * reader tell a torn tail from good data.  This is why the file is not
 * written to a temporary name and renamed (as basic_archive does): it is
 * appended to for hours and read while it grows.
 *
 * The descriptor is a plain kernel descriptor from BasicOpenFilePerm, not
 * a virtual file descriptor: it must stay usable in abort and exit paths
 * (after resource owners and VFDs are being torn down), each block must be
 * exactly one write(2) whose errno we inspect ourselves, and
 * BasicOpenFilePerm still releases VFDs and retries when the process runs
 * out of descriptors.  ReserveExternalFD tells fd.c that one descriptor is
 * held for the life of the backend, so its own budget stays right.
 *
 * Write problems never reach the client: they are logged server-side only,
 * at most once a minute per backend, without the statement or context the
 * server would add (the text tracelab.capture_text may be keeping out of
 * files), and the block's frames are dropped (frame.c then sends
 * FramesDropped).
 *
 * src/Recorder/Probe/spool.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "access/xlog.h"
#include "miscadmin.h"
#include "port/pg_crc32c.h"
#include "storage/fd.h"
#include "utils/timestamp.h"

#include "tracelab_probe.h"

/* At most one spool problem is logged per backend in this interval. */
#define TL_REPORT_INTERVAL_MS	(60 * 1000)

/* Why the last block could not be written (FramesDropped's reason). */
const char *tracelab_spool_failure = "";

/* Set by the signal-context writer when an ordinary write should report. */
volatile sig_atomic_t tracelab_spool_needs_attention = false;

static int	spool_fd = -1;
static off_t spool_size = 0;
static bool truncate_pending = false;
static char spool_path[MAXPGPATH];
static TimestampTz last_report = 0;

static bool write_block(char *buf, size_t payload_len, uint32 nframes);
static bool append_block(char *buf, size_t payload_len, int *failed_errno);
static bool spool_file_present(uint32 nframes);

/*
 * report_allowed
 *		Rate-limit server-side reports to one per interval.
 */
static bool
report_allowed(void)
{
	TimestampTz now = GetCurrentTimestamp();

	if (last_report != 0 &&
		!TimestampDifferenceExceeds(last_report, now, TL_REPORT_INTERVAL_MS))
		return false;
	last_report = now;
	return true;
}

/*
 * put_be32
 *		Store a 32-bit value big-endian.
 */
static void
put_be32(char *out, uint32 value)
{
	out[0] = (char) (value >> 24);
	out[1] = (char) (value >> 16);
	out[2] = (char) (value >> 8);
	out[3] = (char) value;
}

/*
 * tracelab_spool_directory_path
 *		The spool directory as a path: relative ones are in the data directory.
 */
void
tracelab_spool_directory_path(char *path, size_t size)
{
	const char *dir = tracelab_spool_directory ? tracelab_spool_directory : "";

	if (is_absolute_path(dir))
		strlcpy(path, dir, size);
	else
		snprintf(path, size, "%s/%s", DataDir, dir);
}

/*
 * open_spool
 *		Create (or reopen) this session's spool file.
 */
static bool
open_spool(uint32 nframes)
{
	const char *dir = tracelab_spool_directory;
	long long	start_us = (long long) tracelab_unix_micros(MyStartTimestamp);
	char		dirpath[MAXPGPATH];
	struct stat st;
	int			fd;

	if (dir == NULL || dir[0] == '\0')
		return false;			/* recording was switched off */

	tracelab_spool_directory_path(dirpath, sizeof(dirpath));
	snprintf(spool_path, sizeof(spool_path),
			 "%s/%d-%lld-" UINT64_FORMAT ".tlspool",
			 dirpath, MyProcPid, start_us, GetSystemIdentifier());

	fd = BasicOpenFilePerm(spool_path,
						   O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
						   PG_BINARY,
						   S_IRUSR | S_IWUSR);
	if (fd < 0)
	{
		if (report_allowed())
			ereport(LOG_SERVER_ONLY,
					(errcode_for_file_access(),
					 errhidestmt(true),
					 errhidecontext(true),
					 errmsg("could not create spool file \"%s\": %m",
							spool_path),
					 errdetail_plural("%u frame was dropped.",
									  "%u frames were dropped.",
									  nframes, nframes),
					 errhint("Check that \"tracelab.spool_directory\" exists and is writable by the server.")));
		return false;
	}
	if (fstat(fd, &st) != 0)
		st.st_size = 0;
	ReserveExternalFD();
	spool_fd = fd;
	spool_size = st.st_size;
	return true;
}

/*
 * tracelab_spool_has_data
 *		Whether the spool file already holds its header and a block.
 */
bool
tracelab_spool_has_data(void)
{
	return spool_fd >= 0 && spool_size > 0;
}

/*
 * tracelab_spool_write
 *		Append one block holding payload_len bytes at buf + TL_HEADROOM.
 *
 * The block header, and the file header when the file is empty, are built
 * in the headroom in front of the payload so that a single write(2)
 * carries everything.  Returns false when the block could not be written;
 * the file is then as it was before.
 */
bool
tracelab_spool_write(char *buf, size_t payload_len, uint32 nframes)
{
	bool		written;

	/*
	 * errfinish() checks for interrupts after a LOG report; a query cancel
	 * must not be thrown from here, which may run in error or exit paths.
	 */
	HOLD_INTERRUPTS();
	written = write_block(buf, payload_len, nframes);
	RESUME_INTERRUPTS();
	return written;
}

/*
 * tracelab_spool_write_quietly
 *		Append one block from a signal handler: no allocation, no report.
 *
 * Only into a file that is open, still has a name and has no truncation
 * pending, and only within the spool budget as last counted; anything else
 * is left to the next ordinary write, which also reports problems (a
 * removed file asks for that write at once).
 */
bool
tracelab_spool_write_quietly(char *buf, size_t payload_len)
{
	struct stat st;

	if (spool_fd < 0 || truncate_pending || spool_size == 0 ||
		!tracelab_budget_allows_quietly(TL_BLOCK_HEADER_SIZE + payload_len))
		return false;
	if (fstat(spool_fd, &st) == 0 && st.st_nlink == 0)
	{
		tracelab_spool_needs_attention = true;	/* removed: report it */
		return false;
	}
	return append_block(buf, payload_len, NULL);
}

/*
 * append_block
 *		Build the headers in front of the payload and write(2) the block.
 *
 * On a failed or short write the file is cut back to where it was, and
 * the errno is returned in *failed_errno (when not NULL).
 */
static bool
append_block(char *buf, size_t payload_len, int *failed_errno)
{
	static const char file_header[TL_FILE_HEADER_SIZE] =
		"\x92\xaetracelab-spool\x01";
	char	   *payload = buf + TL_HEADROOM;
	char	   *start;
	size_t		total;
	ssize_t		nwritten;
	pg_crc32c	crc;

	INIT_CRC32C(crc);
	COMP_CRC32C(crc, payload, payload_len);
	FIN_CRC32C(crc);

	/* [crc, payload] with fixed-width headers: 0x92 0xce crc 0xc6 len */
	start = payload - TL_BLOCK_HEADER_SIZE;
	start[0] = (char) 0x92;
	start[1] = (char) 0xce;
	put_be32(start + 2, crc);
	start[6] = (char) 0xc6;
	put_be32(start + 7, (uint32) payload_len);
	if (spool_size == 0)
	{
		start -= TL_FILE_HEADER_SIZE;
		memcpy(start, file_header, TL_FILE_HEADER_SIZE);
	}
	total = (payload + payload_len) - start;

	errno = 0;
	nwritten = write(spool_fd, start, total);
	if (nwritten != (ssize_t) total)
	{
		int			save_errno = (errno != 0) ? errno : ENOSPC;

		/* a short write leaves part of a block: cut it off again */
		if (ftruncate(spool_fd, spool_size) != 0)
			truncate_pending = true;
		if (failed_errno != NULL)
			*failed_errno = save_errno;
		return false;
	}
	spool_size += total;
	tracelab_budget_wrote(total);
	return true;
}

/*
 * write_block
 *		Body of tracelab_spool_write, run with interrupts held.
 */
static bool
write_block(char *buf, size_t payload_len, uint32 nframes)
{
	int			failed_errno = 0;

	tracelab_spool_failure = "spool file could not be created";
	if (spool_fd < 0 && !open_spool(nframes))
		return false;

	tracelab_spool_failure = "spool write failed";
	if (truncate_pending)
	{
		if (ftruncate(spool_fd, spool_size) != 0)
		{
			if (report_allowed())
				ereport(LOG_SERVER_ONLY,
						(errcode_for_file_access(),
						 errhidestmt(true),
						 errhidecontext(true),
						 errmsg("could not truncate spool file \"%s\": %m",
								spool_path),
						 errdetail_plural("%u frame was dropped.",
										  "%u frames were dropped.",
										  nframes, nframes)));
			return false;
		}
		truncate_pending = false;
	}

	tracelab_spool_failure = "spool file removed";
	if (!spool_file_present(nframes))
		return false;
	tracelab_spool_failure = "spool budget exceeded";
	if (!tracelab_budget_allows(TL_HEADROOM + payload_len, nframes))
		return false;
	tracelab_spool_failure = "spool write failed";

	if (!append_block(buf, payload_len, &failed_errno))
	{
		errno = failed_errno;
		if (report_allowed())
			ereport(LOG_SERVER_ONLY,
					(errcode_for_file_access(),
					 errhidestmt(true),
					 errhidecontext(true),
					 errmsg("could not write spool file \"%s\": %m",
							spool_path),
					 errdetail_plural("%u frame was dropped.",
									  "%u frames were dropped.",
									  nframes, nframes),
					 errhint("Check free space in \"tracelab.spool_directory\".")));
		return false;
	}
	return true;
}

/*
 * spool_file_present
 *		Whether the open spool file still has a name in the directory.
 *
 * A spool file removed (or its directory removed) while the backend
 * writes it would swallow every later block without an error; its frames
 * are counted as dropped instead.
 */
static bool
spool_file_present(uint32 nframes)
{
	struct stat st;

	if (fstat(spool_fd, &st) != 0 || st.st_nlink > 0)
		return true;
	if (report_allowed())
		ereport(LOG_SERVER_ONLY,
				(errcode(ERRCODE_UNDEFINED_FILE),
				 errhidestmt(true),
				 errhidecontext(true),
				 errmsg("spool file \"%s\" was removed while the session was recording",
						spool_path),
				 errdetail_plural("%u frame was dropped.",
								  "%u frames were dropped.",
								  nframes, nframes),
				 errhint("Frames of this session are dropped until it ends; do not remove the spool files of running sessions.")));
	return false;
}

/*
 * tracelab_spool_mark_server_start
 *		In the postmaster, at every start and every restart after a crash:
 *		leave a start file in the spool directory.
 *
 * A backend that crashes, or is killed with the rest when the postmaster
 * restarts after a crash, never writes SessionEnded.  The start file,
 * <system_identifier>-<start_us>.tlstart holding ["tracelab-start", 1,
 * system_identifier, start_us], tells the recorder that every session of
 * this server that started before it and has no SessionEnded ended
 * abnormally (FORMAT.md).  Failures are logged; the server starts anyway.
 */
void
tracelab_spool_mark_server_start(void)
{
	char		dir[MAXPGPATH];
	char		path[MAXPGPATH];
	char		buf[64];
	uint64		sysid;
	int64		start_us;
	int			fd;
	int			len = 0;
	int			i;

	if (tracelab_spool_directory == NULL || tracelab_spool_directory[0] == '\0')
		return;
	sysid = GetSystemIdentifier();
	start_us = tracelab_unix_micros(GetCurrentTimestamp());
	tracelab_spool_directory_path(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/" UINT64_FORMAT "-" INT64_FORMAT ".tlstart",
			 dir, sysid, start_us);

	/* [magic, version, sysid uint64, start_us int64], fixed-width ints */
	buf[len++] = (char) 0x94;
	buf[len++] = (char) 0xae;
	memcpy(buf + len, "tracelab-start", 14);
	len += 14;
	buf[len++] = 0x01;
	buf[len++] = (char) 0xcf;
	for (i = 7; i >= 0; i--)
		buf[len++] = (char) (sysid >> (8 * i));
	buf[len++] = (char) 0xd3;
	for (i = 7; i >= 0; i--)
		buf[len++] = (char) ((uint64) start_us >> (8 * i));

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | PG_BINARY,
			  S_IRUSR | S_IWUSR);
	if (fd < 0 || write(fd, buf, len) != len)
		ereport(LOG,
				(errcode_for_file_access(),
				 errmsg("could not write server start file \"%s\": %m", path),
				 errdetail("Sessions that end abnormally before the next restart will not be marked as such.")));
	if (fd >= 0)
		close(fd);
}

/*
 * tracelab_spool_close
 *		Close the spool file at the end of the session.
 */
void
tracelab_spool_close(void)
{
	if (spool_fd < 0)
		return;
	close(spool_fd);
	ReleaseExternalFD();
	spool_fd = -1;
}
