/*-------------------------------------------------------------------------
 *
 * frame.c
 *	  Frames in the per-backend buffer, and when the buffer is written.
 *
 * Every frame the probe records is a MessagePack array (FORMAT.md) that is
 * appended to one buffer per backend (frame_buffer.h; msgpack.c encodes
 * the fields, this file the frame around them).  The buffer is malloc'd, not
 * palloc'd: frames are written from hooks that run in every memory context,
 * including error and abort paths, and frame writing must never throw.
 * When memory runs out the frame being written is rolled back and counted;
 * the next frame that fits is preceded by a FramesDropped frame carrying
 * that count, so the reader knows exactly which sequence numbers are gone.
 *
 * The buffer starts with TL_HEADROOM spare bytes so spool.c can put the
 * file header and the block header in front of the payload and append the
 * whole block with a single write(2).
 *
 * Writes are batched: a block is written when the buffer reaches 64 kB,
 * when the session ends, and in a client backend about a second after a
 * top-level statement left frames in the buffer, by a timeout handler
 * (below).  A system call per transaction would cost a busy server more
 * than everything else the probe does.  So a backend that crashes loses at
 * most the frames of its last second (and of a statement still running),
 * never more than 64 kB of them; other processes (autovacuum, background
 * workers) still write at every transaction end.
 *
 * The timeout handler runs in a signal handler.  It writes only when the
 * main code has declared the buffer complete (idle_flush_allowed, set
 * after the last frame of a top-level statement and cleared before any
 * frame is touched), only with the spool file already open, and it never
 * reports: a failed write leaves the buffer for the next ordinary flush,
 * which does the bookkeeping and the reporting.  This file also owns the session's
 * framing: the sequence counter, SessionStarted as the first frame of the
 * file, and SessionEnded at exit.  A copy of SessionStarted is kept so that
 * it can be sent again when the first block of the file was lost, because
 * the reader needs it at the head of every file.
 *
 * src/Recorder/Probe/frame.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <stdlib.h>
#include <time.h>

#include "access/parallel.h"
#include "access/xlog.h"
#include "access/xact.h"
#include "commands/dbcommands.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "port/pg_bswap.h"
#include "port/pg_crc32c.h"
#include "postmaster/bgworker.h"
#include "storage/proc.h"
#include "utils/guc.h"
#include "utils/timeout.h"
#include "utils/timestamp.h"

#include "tracelab_probe.h"
#include "frame_buffer.h"

/* A block is written once the payload reaches this size. */
#define TL_FLUSH_THRESHOLD		(64 * 1024)

/* A client backend's buffered frames are written after this delay. */
#define TL_FLUSH_DELAY_MS		1000
#define TL_INITIAL_CAPACITY		(TL_HEADROOM + 2 * TL_FLUSH_THRESHOLD)

/* Microseconds between the Unix epoch and PostgreSQL's epoch (2000-01-01). */
#define TL_EPOCH_OFFSET_US \
	((int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY * \
	 USECS_PER_SEC)

TracelabBuffer tracelab_buffer;
uint64		tracelab_stream_generation = 0;	/* SessionStarted frames written */
bool		tracelab_session_ended = false;
bool		tracelab_frames_lost = false;	/* some frame never reached the file */
bool		tracelab_xact_has_frames = false;
uint64		tracelab_frame_counts[TL_FRAME_TYPE_LIMIT];

/* The pending block: payload starts at data + TL_HEADROOM. */
static uint32 buf_frames = 0;	/* frames in the pending block */
static uint64 buf_carried = 0;	/* counts carried by its FramesDropped */
static bool buf_broken = false; /* the buffer could not be allocated */

/* The frame being written (the rest is in tracelab_buffer). */
static TracelabFrameType frame_type;
static size_t frame_start;
static size_t fields_start;
static uint64 frame_carries;	/* count in the FramesDropped being written */

static uint64 next_seq = 1;
static uint64 frame_seq = 0;	/* seq of the frame being written */
static uint64 dropped_count = 0;

/*
 * The byte tracelab_put_patchable reserved in a frame, which
 * tracelab_frame_patch may still change while the frame is the last one of
 * the pending block.  block_generation changes whenever the pending block
 * is emptied (written or lost), so a patch never lands in a later block.
 */
static size_t patch_offset = 0;	/* 0: none */
static uint64 patch_seq = 0;
static uint64 patch_generation = 0;
static volatile uint64 block_generation = 0;
static const char *dropped_reason = "";

/* The idle flush (see the file header). */
static volatile sig_atomic_t idle_flush_allowed = false;
static bool flush_timeout_registered = false;
static TimeoutId flush_timeout;

static bool session_started = false;

/* frames are built and thrown away (tracelab_frame_set_discard) */
bool		tracelab_frames_discarded = false;
static char session_database[NAMEDATALEN] = "";
static char *session_frame = NULL;
static size_t session_frame_len = 0;

static pg_attribute_always_inline void begin_internal(TracelabFrameType type,
													   int nfields,
													   uint64 parent,
													   int depth, uint64 seq);
static void emit_session_started(void);
static void emit_frames_dropped(uint64 parent, int depth);

/*
 * tracelab_unix_micros
 *		Convert a PostgreSQL timestamp to microseconds since the Unix epoch.
 */
int64
tracelab_unix_micros(TimestampTz ts)
{
	return (int64) ts + TL_EPOCH_OFFSET_US;
}

/*
 * frame_time
 *		A frame's timestamp, microseconds since the Unix epoch.
 *
 * Every frame carries one, so the kernel's coarse clock is used where it
 * exists: it costs a memory read instead of a clock read, and its
 * resolution (a few milliseconds) is plenty for frames that seq orders.
 */
static int64
frame_time(void)
{
#ifdef CLOCK_REALTIME_COARSE
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME_COARSE, &ts) == 0)
		return (int64) ts.tv_sec * USECS_PER_SEC + ts.tv_nsec / 1000;
#endif
	return tracelab_unix_micros(GetCurrentTimestamp());
}

/*
 * buffer_ready
 *		Allocate the buffer on first use; false when that is impossible.
 */
static bool
buffer_ready(void)
{
	if (tracelab_buffer.data != NULL)
		return true;
	if (buf_broken)
		return false;
	tracelab_buffer.data = malloc(TL_INITIAL_CAPACITY);
	if (tracelab_buffer.data == NULL)
	{
		buf_broken = true;
		return false;
	}
	tracelab_buffer.cap = TL_INITIAL_CAPACITY;
	tracelab_buffer.len = TL_HEADROOM;
	return true;
}

/*
 * begin_internal
 *		Start a frame: array header and common prefix.
 */
static pg_attribute_always_inline void
begin_internal(TracelabFrameType type, int nfields, uint64 parent,
			   int depth, uint64 seq)
{
	Oid			userid;
	int			sec_context;

	tracelab_buffer.in_frame = true;
	tracelab_buffer.failed = false;
	tracelab_buffer.limit = tracelab_buffer.cap;
	frame_type = type;
	frame_seq = seq;
	frame_start = tracelab_buffer.len;
	frame_carries = 0;

	GetUserIdAndSecContext(&userid, &sec_context);

	/* the prefix takes at most 3 + 6 * 9 + 9 + 5 bytes: write it in one go */
	tracelab_put_array(TL_PREFIX_FIELDS + nfields);
	if (tracelab_buffer_room(72))
	{
		char	   *out = tracelab_buffer.data + tracelab_buffer.len;
		int64		ts = frame_time();

		out += tracelab_encode_uint(out, type);
		out += tracelab_encode_uint(out, seq);
		out += tracelab_encode_uint(out, parent);
		out += tracelab_encode_uint(out, depth);
		if (likely(ts > (int64) PG_UINT32_MAX))
		{
			/* any time after 1970-01-01 01:11: always the 9-byte form */
			uint64		big_endian = pg_hton64((uint64) ts);

			*out++ = (char) 0xcf;
			memcpy(out, &big_endian, sizeof(big_endian));
			out += sizeof(big_endian);
		}
		else
			out += tracelab_encode_uint(out, (uint64) Max(ts, 0));	/* after 1970 */
		out += tracelab_encode_uint(out, userid);
		out += tracelab_encode_uint(out, GetOuterUserId());
		out += tracelab_encode_uint(out, (uint32) sec_context);
		tracelab_buffer.len = out - tracelab_buffer.data;
	}
	fields_start = tracelab_buffer.len;
}

/*
 * tracelab_frame_begin
 *		Start a frame of the given type and return its sequence number.
 *
 * nfields counts the elements after the common prefix.  The session's
 * SessionStarted frame, and a FramesDropped frame when frames were lost,
 * are written first when needed.  The sequence number is consumed even
 * when the frame is later dropped, so the gap is visible to the reader.
 * Returns 0 when the session records nothing any more.
 */
uint64
tracelab_frame_begin(TracelabFrameType type, int nfields, uint64 parent,
					 int depth)
{
	Assert(!tracelab_buffer.in_frame);
	idle_flush_allowed = false;
	pg_compiler_barrier();
	if (tracelab_session_ended)
		return 0;
	if (tracelab_frames_discarded)
	{
		/*
		 * Enforcing without recording: the frame is not built at all (every
		 * field written outside a frame is dropped by the buffer), only its
		 * seq is taken, which the stack keys on.
		 */
		return next_seq++;
	}
	if (!buffer_ready())
	{
		/* nothing can be recorded in this session */
		tracelab_session_ended = true;
		return 0;
	}
	if (!session_started)
		emit_session_started();
	if (dropped_count > 0 && type != TL_FRAMES_DROPPED)
		emit_frames_dropped(parent, depth);

	begin_internal(type, nfields, parent, depth, next_seq);
	return next_seq++;
}

/*
 * commit_frame
 *		Finish the current frame, or roll it back if it did not fit.
 */
static bool
commit_frame(void)
{
	Assert(tracelab_buffer.in_frame);
	tracelab_buffer.in_frame = false;
	tracelab_buffer.limit = 0;
	if (tracelab_buffer.failed)
	{
		if (patch_offset >= frame_start)
			patch_offset = 0;
		tracelab_buffer.len = frame_start;
		dropped_count += 1 + frame_carries;
		dropped_reason = "out of memory";
		tracelab_frames_lost = true;
		return false;
	}
	buf_frames++;
	buf_carried += frame_carries;
	if (frame_type < TL_FRAME_TYPE_LIMIT)
		tracelab_frame_counts[frame_type]++;
	if (frame_type != TL_TRANSACTION_ENDED && frame_type != TL_SESSION_ENDED)
		tracelab_xact_has_frames = true;
	return true;
}

/*
 * idle_flush_handler
 *		Timeout handler (signal context): write the buffer if allowed.
 */
static void
idle_flush_handler(void)
{
	int			save_errno = errno;

	if (idle_flush_allowed && tracelab_buffer.data != NULL && tracelab_buffer.len > TL_HEADROOM &&
		tracelab_spool_has_data())
	{
		idle_flush_allowed = false;
		if (tracelab_spool_write_quietly(tracelab_buffer.data, tracelab_buffer.len - TL_HEADROOM))
		{
			tracelab_buffer.len = TL_HEADROOM;
			buf_frames = 0;
			buf_carried = 0;
			block_generation++;
		}
	}
	errno = save_errno;
}

/*
 * arm_idle_flush
 *		After the last frame of a top-level statement: let the buffer be
 *		written in a second if nothing else writes it first.
 *
 * Only client backends, whose file is already open (the first block is
 * always written by an ordinary flush, which may need to open the file
 * and report problems).
 */
static void
arm_idle_flush(void)
{
	if (MyBackendType != B_BACKEND || tracelab_buffer.len <= TL_HEADROOM)
		return;
	if (!tracelab_spool_has_data() || tracelab_spool_needs_attention)
	{
		tracelab_spool_needs_attention = false;
		tracelab_frame_flush();
		return;
	}
	if (!flush_timeout_registered)
	{
		flush_timeout = RegisterTimeout(USER_TIMEOUT, idle_flush_handler);
		flush_timeout_registered = true;
	}
	if (!get_timeout_active(flush_timeout))
		enable_timeout_after(flush_timeout, TL_FLUSH_DELAY_MS);
	pg_compiler_barrier();
	idle_flush_allowed = true;
}

/*
 * tracelab_frame_xact_end
 *		End of a transaction: other processes write their frames now.
 */
void
tracelab_frame_xact_end(void)
{
	if (MyBackendType != B_BACKEND)
		tracelab_frame_flush();
	else if (tracelab_stack_height == 0)
		arm_idle_flush();
}

/*
 * tracelab_put_patchable
 *		Write nil as a field of the current frame that tracelab_frame_patch
 *		may still turn into a small number.
 *
 * Only one such byte is kept: reserving one forgets the previous one.
 */
void
tracelab_put_patchable(void)
{
	patch_offset = 0;
	if (!tracelab_buffer_room(1))
		return;
	patch_offset = tracelab_buffer.len;
	patch_seq = frame_seq;
	patch_generation = block_generation;
	tracelab_buffer.data[tracelab_buffer.len++] = (char) 0xc0;	/* nil */
}

/*
 * tracelab_frame_patch
 *		Turn the reserved nil into value (0..127), if its frame is still the
 *		last frame and still in the pending block; false when it is not.
 *
 * The frame then stands for a second one too (FORMAT.md, "Repeats left
 * out"), which takes the next seq: a reader sees the same seqs either way,
 * and a lost block loses both.
 *
 * The idle flush is held off first, so the block cannot be written
 * between the check and the change.
 */
bool
tracelab_frame_patch(uint8 value)
{
	bool		patched = false;

	Assert(value < 128);
	idle_flush_allowed = false;
	pg_compiler_barrier();
	if (patch_offset != 0 && !tracelab_buffer.in_frame &&
		patch_seq + 1 == next_seq && patch_generation == block_generation &&
		patch_offset < tracelab_buffer.len)
	{
		tracelab_buffer.data[patch_offset] = (char) value;	/* positive fixint */
		/* the TransactionEnded it stands for takes the next seq */
		next_seq++;
		buf_frames++;
		patched = true;
	}
	patch_offset = 0;
	return patched;
}

/*
 * tracelab_frame_next_seq
 *		The seq the next frame will get.
 */
uint64
tracelab_frame_next_seq(void)
{
	return next_seq;
}

/*
 * tracelab_frame_end
 *		Finish the current frame and write a block when the buffer is full.
 *
 * Descriptor frames never trigger a write, so they always travel in the
 * same block as the frame that refers to them.
 */
void
tracelab_frame_end(void)
{
	if (!tracelab_buffer.in_frame)
		return;
	(void) commit_frame();
	if (frame_type != TL_ROLE_DESCRIBED &&
		frame_type != TL_FUNCTION_DESCRIBED &&
		frame_type != TL_RELATION_DESCRIBED &&
		frame_type != TL_OPERATOR_DESCRIBED &&
		frame_type != TL_TYPE_DESCRIBED &&
		tracelab_buffer.len - TL_HEADROOM >= TL_FLUSH_THRESHOLD)
		tracelab_frame_flush();
	else if (tracelab_stack_height == 0)
		arm_idle_flush();
}

/*
 * tracelab_frame_end_if_changed
 *		Finish a descriptor frame unless its fields equal the last ones sent.
 *
 * *facts_crc holds the CRC of the fields last sent for this object (0 when
 * none); an unchanged descriptor is rolled back together with its sequence
 * number.  Returns true when the descriptor is in the stream.
 */
bool
tracelab_frame_end_if_changed(uint32 *facts_crc)
{
	pg_crc32c	crc;

	if (!tracelab_buffer.in_frame)
		return tracelab_frames_discarded;	/* thrown away: as good as sent */
	if (tracelab_buffer.failed)
		return commit_frame();

	INIT_CRC32C(crc);
	COMP_CRC32C(crc, tracelab_buffer.data + fields_start, tracelab_buffer.len - fields_start);
	FIN_CRC32C(crc);
	if (*facts_crc != 0 && *facts_crc == crc)
	{
		tracelab_buffer.in_frame = false;
		tracelab_buffer.limit = 0;
		tracelab_buffer.len = frame_start;
		next_seq--;
		return true;
	}
	if (!commit_frame())
		return false;
	*facts_crc = crc;
	return true;
}

/*
 * tracelab_frame_note_database
 *		Remember the database name for SessionStarted (catalog access).
 *
 * Called from start paths before the first frame, so that SessionStarted
 * itself never needs the catalog.
 */
void
tracelab_frame_note_database(void)
{
	char	   *name;

	if (session_started || session_database[0] != '\0' ||
		!IsTransactionState())
		return;
	name = get_database_name(MyDatabaseId);
	if (name != NULL)
	{
		strlcpy(session_database, name, sizeof(session_database));
		pfree(name);
	}
}

/*
 * leader_pid
 *		The pid of a parallel worker's leader, else 0.
 *
 * ParallelLeaderPid is private to parallel.c in PostgreSQL 15; a parallel
 * worker has joined its leader's lock group by the time it runs anything.
 */
static int
leader_pid(void)
{
	if (!IsParallelWorker() || MyProc == NULL ||
		MyProc->lockGroupLeader == NULL || MyProc->lockGroupLeader == MyProc)
		return 0;
	return MyProc->lockGroupLeader->pid;
}

/*
 * emit_session_started
 *		Write SessionStarted, the first frame of every spool file.
 */
static void
emit_session_started(void)
{
	const char *version;

	session_started = true;
	tracelab_stream_generation++;
	version = GetConfigOption("server_version_num", true, false);

	begin_internal(TL_SESSION_STARTED, 14, 0, 0, next_seq++);
	tracelab_put_uint(TRACELAB_FORMAT_VERSION);
	tracelab_put_str(TRACELAB_PROBE_VERSION);
	tracelab_put_uint(version ? strtoul(version, NULL, 10) : PG_VERSION_NUM);
	tracelab_put_uint(GetSystemIdentifier());
	tracelab_put_uint((uint32) MyProcPid);
	tracelab_put_int(tracelab_unix_micros(MyStartTimestamp));
	tracelab_put_uint(MyDatabaseId);
	tracelab_put_str(session_database);
	tracelab_put_uint(GetSessionUserId());
	tracelab_put_str(application_name);
	tracelab_put_str(GetBackendTypeDesc(MyBackendType));
	tracelab_put_uint((uint32) leader_pid());
	tracelab_put_str((MyBackendType == B_BG_WORKER && MyBgworkerEntry) ?
					 MyBgworkerEntry->bgw_type : "");
	tracelab_put_str(tracelab_hook_mode());
	if (!commit_frame())
		return;

	/* keep a copy to put at the head of the file if the block is lost */
	session_frame = malloc(tracelab_buffer.len - frame_start);
	if (session_frame != NULL)
	{
		session_frame_len = tracelab_buffer.len - frame_start;
		memcpy(session_frame, tracelab_buffer.data + frame_start, session_frame_len);
	}
}

/*
 * emit_frames_dropped
 *		Write FramesDropped for the frames lost since the last one written.
 */
static void
emit_frames_dropped(uint64 parent, int depth)
{
	uint64		count = dropped_count;
	const char *reason = dropped_reason;

	dropped_count = 0;
	begin_internal(TL_FRAMES_DROPPED, 2, parent, depth, next_seq++);
	tracelab_put_uint(count);
	tracelab_put_str(reason);
	frame_carries = count;
	(void) commit_frame();
}

/*
 * tracelab_frame_set_discard
 *		Whether the frames of this session are thrown away instead of
 *		written: a session that enforces a policy without recording builds
 *		its frames all the same (their stack is what enforcement judges).
 *
 * Switching to recording starts the stream afresh: what was thrown away
 * included SessionStarted and descriptors, so both are sent again.
 * Switching to discarding writes what was recorded first.
 */
void
tracelab_frame_set_discard(bool discard)
{
	if (discard == tracelab_frames_discarded || tracelab_buffer.in_frame)
		return;
	if (discard)
	{
		tracelab_frame_flush();
		tracelab_frames_discarded = true;
		return;
	}
	tracelab_frames_discarded = false;
	if (tracelab_buffer.data != NULL)
		tracelab_buffer.len = TL_HEADROOM;
	buf_frames = 0;
	buf_carried = 0;
	session_started = false;
	free(session_frame);
	session_frame = NULL;
	tracelab_describe_forget();
	/* analyses and plans noted as written were thrown away: write them anew */
	tracelab_catalog_changed();
}

/*
 * tracelab_frame_flush
 *		Append the pending frames to the spool file as one block.
 *
 * When the block cannot be written its frames are counted as dropped, and
 * every descriptor is forgotten so it is sent again before its next use:
 * the reader never saw it.
 */
void
tracelab_frame_flush(void)
{
	bool		had_data;
	bool		lost_head;
	uint64		lost;

	idle_flush_allowed = false;
	pg_compiler_barrier();
	if (tracelab_buffer.data == NULL || tracelab_buffer.len == TL_HEADROOM || tracelab_buffer.in_frame)
		return;
	if (tracelab_frames_discarded)
	{
		tracelab_buffer.len = TL_HEADROOM;
		buf_frames = 0;
		buf_carried = 0;
		return;
	}

	had_data = tracelab_spool_has_data();
	block_generation++;
	if (tracelab_spool_write(tracelab_buffer.data, tracelab_buffer.len - TL_HEADROOM, buf_frames))
	{
		tracelab_buffer.len = TL_HEADROOM;
		buf_frames = 0;
		buf_carried = 0;
		return;
	}

	/* the block is lost; with no block in the file it held SessionStarted */
	lost_head = !had_data && session_frame != NULL;
	lost = buf_frames + buf_carried - (lost_head ? 1 : 0);
	tracelab_buffer.len = TL_HEADROOM;
	buf_frames = 0;
	buf_carried = 0;
	if (lost > 0)
	{
		dropped_count += lost;
		dropped_reason = tracelab_spool_failure;
		tracelab_frames_lost = true;
	}
	tracelab_describe_forget();

	if (lost_head)
	{
		memcpy(tracelab_buffer.data + tracelab_buffer.len, session_frame, session_frame_len);
		tracelab_buffer.len += session_frame_len;
		buf_frames = 1;
	}
}

/*
 * tracelab_frame_session_end
 *		Write SessionEnded, flush, and stop recording in this backend.
 */
void
tracelab_frame_session_end(uint64 parent, int depth)
{
	if (tracelab_session_ended || !session_started)
	{
		tracelab_session_ended = true;
		return;
	}
	if (tracelab_frame_begin(TL_SESSION_ENDED, 0, parent, depth) != 0)
		tracelab_frame_end();
	tracelab_frame_flush();
	tracelab_session_ended = true;
	tracelab_spool_close();
}
