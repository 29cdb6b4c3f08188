/*-------------------------------------------------------------------------
 *
 * frame_buffer.h
 *	  The per-backend frame buffer and the field writers every frame uses.
 *
 * frame.c owns the buffer (allocation, frames, blocks, flushing) and
 * msgpack.c holds the slow paths of the encoding (growing the buffer, long
 * texts, lists).  The writers of the small fields every frame has (nil,
 * booleans, integers, short strings, array headers) are inline here,
 * because a statement writes a few dozen of them: as calls into another
 * file they cost more than the encoding itself.  None of them throws: a
 * field that does not fit and cannot be made to fit marks the frame as
 * failed, and frame.c rolls the whole frame back.  The buffer is malloc'd,
 * never palloc'd: frames are written from hooks that run in every memory
 * context, including error and abort paths.
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
extern void tracelab_put_negative(int64 value);
#pragma GCC visibility pop

/*
 * tracelab_buffer_room
 *		Whether n more bytes fit into the current frame: one comparison in
 *		the common case.
 */
static inline bool
tracelab_buffer_room(size_t n)
{
	/* outside a frame (enforcing without recording) no call is made */
	return likely(tracelab_buffer.len + n <= tracelab_buffer.limit) ||
		(tracelab_buffer.in_frame && tracelab_buffer_grow(n));
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

/*
 * tracelab_put_byte
 *		Append one byte to the current frame.
 */
static inline void
tracelab_put_byte(uint8 b)
{
	if (tracelab_buffer_room(1))
		tracelab_buffer.data[tracelab_buffer.len++] = (char) b;
}

/*
 * tracelab_put_nil
 *		Append nil.
 */
static inline void
tracelab_put_nil(void)
{
	tracelab_put_byte(0xc0);
}

/*
 * tracelab_put_bool
 *		Append true or false.
 */
static inline void
tracelab_put_bool(bool value)
{
	tracelab_put_byte(value ? 0xc3 : 0xc2);
}

/*
 * tracelab_put_uint
 *		Append an unsigned integer in its most compact encoding.
 */
static inline void
tracelab_put_uint(uint64 value)
{
	if (tracelab_buffer_room(9))
		tracelab_buffer.len +=
			tracelab_encode_uint(tracelab_buffer.data + tracelab_buffer.len,
								 value);
}

/*
 * tracelab_put_int
 *		Append a signed integer: unsigned encodings when it is not negative.
 */
static inline void
tracelab_put_int(int64 value)
{
	if (value >= 0)
		tracelab_put_uint((uint64) value);
	else
		tracelab_put_negative(value);
}

/*
 * tracelab_encode_header
 *		Write the header of a string or array of count elements at out, in
 *		the MessagePack family whose marks are given; returns its bytes.
 *
 * fix is the fixstr or fixarray mark with fix_limit elements at most; the
 * 8-bit form exists for strings only (mark8 0 for arrays).
 */
static inline int
tracelab_encode_header(char *out, size_t count, uint8 fix, size_t fix_limit,
					   uint8 mark8, uint8 mark16)
{
	if (count < fix_limit)
	{
		out[0] = (char) (fix | count);
		return 1;
	}
	if (mark8 != 0 && count <= PG_UINT8_MAX)
	{
		out[0] = (char) mark8;
		out[1] = (char) count;
		return 2;
	}
	if (count <= PG_UINT16_MAX)
	{
		out[0] = (char) mark16;
		out[1] = (char) (count >> 8);
		out[2] = (char) count;
		return 3;
	}
	out[0] = (char) (mark16 + 1);	/* str32 or array32 */
	out[1] = (char) (count >> 24);
	out[2] = (char) (count >> 16);
	out[3] = (char) (count >> 8);
	out[4] = (char) count;
	return 5;
}

/*
 * tracelab_put_array
 *		Append the header of an array of count elements.
 */
static inline void
tracelab_put_array(uint32 count)
{
	if (tracelab_buffer_room(5))
		tracelab_buffer.len +=
			tracelab_encode_header(tracelab_buffer.data + tracelab_buffer.len,
								   count, 0x90, 16, 0, 0xdc);
}

/*
 * tracelab_put_strn
 *		Append a string of len bytes.
 */
static inline void
tracelab_put_strn(const char *value, size_t len)
{
	char	   *out;

	if (!tracelab_buffer_room(len + 5))
		return;
	out = tracelab_buffer.data + tracelab_buffer.len;
	out += tracelab_encode_header(out, len, 0xa0, 32, 0xd9, 0xda);
	memcpy(out, value, len);
	tracelab_buffer.len = out + len - tracelab_buffer.data;
}

/*
 * tracelab_put_str
 *		Append a NUL-terminated string; NULL is written as the empty string.
 */
static inline void
tracelab_put_str(const char *value)
{
	if (value == NULL)
		value = "";
	tracelab_put_strn(value, strlen(value));
}

/*
 * tracelab_put_oid_list
 *		Append an array of the oids in a List.
 */
static inline void
tracelab_put_oid_list(List *oids)
{
	ListCell   *lc;

	tracelab_put_array(list_length(oids));
	foreach(lc, oids)
		tracelab_put_uint(lfirst_oid(lc));
}

#endif							/* TRACELAB_FRAME_BUFFER_H */
