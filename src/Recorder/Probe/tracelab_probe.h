/*-------------------------------------------------------------------------
 *
 * tracelab_probe.h
 *	  Declarations shared by the files of the TraceLab probe.
 *
 * The probe is split the way contrib/sepgsql is: probe.c installs the
 * hooks and dispatches to capture.c, which turns what the hooks see into
 * frames; describe.c interns the catalog descriptors those frames refer
 * to; frame.c encodes frames as MessagePack into a per-backend buffer;
 * spool.c appends that buffer to the session's spool file.  The format of
 * the spool file is specified in FORMAT.md, next to this file.
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

#include "fmgr.h"
#include "executor/execdesc.h"
#include "nodes/parsenodes.h"
#include "nodes/plannodes.h"
#include "tcop/cmdtag.h"
#include "tcop/utility.h"
#include "utils/relcache.h"

#if PG_VERSION_NUM < 150000
#error "tracelab_probe requires PostgreSQL 15 or later"
#endif

#define TRACELAB_PROBE_VERSION		"0.1"
#define TRACELAB_FORMAT_VERSION		1	/* frame layout, see FORMAT.md */
#define TRACELAB_CONTAINER_VERSION	1	/* file header and block layout */

/* Frame types, the first element of every frame (FORMAT.md). */
typedef enum TracelabFrameType
{
	TL_SESSION_STARTED = 1,
	TL_SESSION_ENDED = 2,
	TL_ROLE_DESCRIBED = 3,
	TL_FUNCTION_DESCRIBED = 4,
	TL_RELATION_DESCRIBED = 5,
	TL_QUERY_ANALYZED = 10,
	TL_STATEMENT_STARTED = 11,
	TL_STATEMENT_FINISHED = 12,
	TL_FUNCTION_ENTERED = 20,
	TL_FUNCTION_EXITED = 21,
	TL_TRANSACTION_ENDED = 30,
	TL_FRAMES_DROPPED = 90
} TracelabFrameType;

/* Number of elements in the common prefix of every frame. */
#define TL_PREFIX_FIELDS	8

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
	uint32		hashvalue;		/* PROCOID syscache hash, for invalidation */
	uint32		facts_crc;		/* CRC of the last descriptor's fields */
	Oid			owner;
	TracelabCallKind call_kind;
	PGFunction	orig_addr;		/* last real fn_addr seen, for the
								 * trampoline */
} TracelabFunction;

/* probe.c: settings and the recording predicate */
extern char *tracelab_spool_directory;
extern bool tracelab_recording(void);

/* frame.c: the per-backend frame buffer */
extern bool tracelab_session_ended;
extern bool tracelab_xact_has_frames;
extern uint64 tracelab_frame_begin(TracelabFrameType type, int nfields,
								   uint64 parent, int depth);
extern void tracelab_frame_end(void);
extern bool tracelab_frame_end_if_changed(uint32 *facts_crc);
extern void tracelab_put_nil(void);
extern void tracelab_put_bool(bool value);
extern void tracelab_put_uint(uint64 value);
extern void tracelab_put_int(int64 value);
extern void tracelab_put_str(const char *value);
extern void tracelab_put_strn(const char *value, size_t len);
extern void tracelab_put_text(const char *value, size_t len, size_t limit);
extern void tracelab_put_array(uint32 count);
extern void tracelab_put_sqlstate(int sqlerrcode);
extern void tracelab_frame_flush(void);
extern void tracelab_frame_session_end(uint64 parent, int depth);
extern void tracelab_frame_note_database(void);
extern int64 tracelab_unix_micros(TimestampTz ts);

/* spool.c: the session's spool file */
#define TL_BLOCK_HEADER_SIZE	11
#define TL_FILE_HEADER_SIZE		17
#define TL_HEADROOM				(TL_FILE_HEADER_SIZE + TL_BLOCK_HEADER_SIZE)
extern bool tracelab_spool_write(char *buf, size_t payload_len,
								 uint32 nframes);
extern bool tracelab_spool_has_data(void);
extern void tracelab_spool_close(void);

/* describe.c: descriptors interned per session */
extern void tracelab_describe_role(Oid roleid, uint64 parent, int depth);
extern void tracelab_describe_relation(Relation rel, uint64 parent,
									   int depth);
extern TracelabFunction *tracelab_describe_function(Oid fnoid,
													bool can_describe,
													uint64 parent,
													int depth);
extern TracelabFunction *tracelab_lookup_function(Oid fnoid);
extern void tracelab_describe_forget(void);

/* capture.c: hook bodies */
extern void tracelab_capture_analyzed(Query *query);
extern int	tracelab_capture_executor_start(QueryDesc *queryDesc, int eflags);
extern int	tracelab_capture_executor_enter(QueryDesc *queryDesc);
extern void tracelab_capture_executor_leave(int saved_height);
extern void tracelab_capture_executor_ran(QueryDesc *queryDesc,
										  int saved_height);
extern void tracelab_capture_executor_end(QueryDesc *queryDesc,
										  int saved_height);
extern void tracelab_capture_executor_failed(QueryDesc *queryDesc,
											 int saved_height);
extern int	tracelab_capture_utility_start(PlannedStmt *pstmt,
										   const char *queryString,
										   ProcessUtilityContext context,
										   uint64 *seq);
extern void tracelab_capture_utility_finish(uint64 seq, int saved_height,
											QueryCompletion *qc, bool failed);
extern void tracelab_capture_function_start(FmgrInfo *flinfo);
extern void tracelab_capture_function_end(FmgrInfo *flinfo, bool failed);
extern void tracelab_capture_xact_end(int status);
extern void tracelab_capture_subxact_abort(SubTransactionId subid);
extern void tracelab_capture_subxact_commit(SubTransactionId subid,
											SubTransactionId parent);

#endif							/* TRACELAB_PROBE_H */
