/*-------------------------------------------------------------------------
 *
 * frame_buffer.h
 *	  The per-backend frame buffer, shared by frame.c and msgpack.c only.
 *
 * frame.c owns the buffer (allocation, frames, blocks, flushing) and
 * msgpack.c encodes fields into it; both need the fast check below, which
 * every field passes.  The buffer is malloc'd, never palloc'd: frames are
 * written from hooks that run in every memory context, including error
 * and abort paths.
 *
 * src/Recorder/Probe/frame_buffer.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef TRACELAB_FRAME_BUFFER_H
#define TRACELAB_FRAME_BUFFER_H

/* No buffer grows beyond this; a frame that would is dropped. */
#define TL_MAX_CAPACITY			(16 * 1024 * 1024)

/* The pending block and the frame being written into it. */
typedef struct TracelabBuffer
{
	char	   *data;			/* payload starts at data + TL_HEADROOM */
	size_t		len;
	size_t		cap;
	size_t		limit;			/* cap while a frame is being written and
								 * has not failed, else 0 */
	bool		in_frame;
	bool		failed;			/* the frame being written did not fit */
} TracelabBuffer;

/* Internal to the library, as everything in tracelab_probe.h. */
#pragma GCC visibility push(hidden)
extern TracelabBuffer tracelab_buffer;

extern bool tracelab_buffer_grow(size_t n);
#pragma GCC visibility pop

/*
 * tracelab_buffer_room
 *		Whether n more bytes fit into the current frame: one comparison in
 *		the common case.
 */
static inline bool
tracelab_buffer_room(size_t n)
{
	return likely(tracelab_buffer.len + n <= tracelab_buffer.limit) ||
		tracelab_buffer_grow(n);
}

/*
 * tracelab_encode_uint
 *		Write an unsigned integer in its most compact encoding at out;
 *		returns the bytes written (at most 9).  The caller made room.
 */
static inline int
tracelab_encode_uint(char *out, uint64 value)
{
	if (value < 128)
	{
		out[0] = (char) value;	/* positive fixint */
		return 1;
	}
	if (value <= PG_UINT8_MAX)
	{
		out[0] = (char) 0xcc;
		out[1] = (char) value;
		return 2;
	}
	if (value <= PG_UINT16_MAX)
	{
		out[0] = (char) 0xcd;
		out[1] = (char) (value >> 8);
		out[2] = (char) value;
		return 3;
	}
	if (value <= PG_UINT32_MAX)
	{
		out[0] = (char) 0xce;
		out[1] = (char) (value >> 24);
		out[2] = (char) (value >> 16);
		out[3] = (char) (value >> 8);
		out[4] = (char) value;
		return 5;
	}
	out[0] = (char) 0xcf;
	out[1] = (char) (value >> 56);
	out[2] = (char) (value >> 48);
	out[3] = (char) (value >> 40);
	out[4] = (char) (value >> 32);
	out[5] = (char) (value >> 24);
	out[6] = (char) (value >> 16);
	out[7] = (char) (value >> 8);
	out[8] = (char) value;
	return 9;
}

#endif							/* TRACELAB_FRAME_BUFFER_H */
