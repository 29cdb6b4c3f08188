/*-------------------------------------------------------------------------
 *
 * msgpack.c
 *	  MessagePack encoding of the fields of the frame being written.
 *
 * Every field of every frame passes through here, into the per-backend
 * buffer frame.c owns (frame_buffer.h).  None of this throws: a field that
 * does not fit and cannot be made to fit marks the frame as failed, and
 * frame.c rolls the whole frame back and counts it as dropped.  Integers
 * take their most compact encoding; strings are written as they are, in
 * the database encoding, and statement texts are cut on a character
 * boundary.
 *
 * src/Recorder/Probe/msgpack.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <stdlib.h>

#include "mb/pg_wchar.h"
#include "port/pg_bswap.h"

#include "tracelab_probe.h"
#include "frame_buffer.h"

/*
 * tracelab_buffer_grow
 *		Slow path of tracelab_buffer_room: grow the buffer, or mark the
 *		frame as failed.
 *
 * Outside a frame (tracelab_frame_begin returned 0) nothing is written.
 */
bool
tracelab_buffer_grow(size_t n)
{
	size_t		newcap;
	char	   *newdata;

	if (!tracelab_buffer.in_frame || tracelab_buffer.failed)
		return false;
	if (tracelab_buffer.len + n <= tracelab_buffer.cap)
		return true;
	if (tracelab_buffer.cap == 0)
	{
		tracelab_buffer.failed = true;
		tracelab_buffer.limit = 0;
		return false;
	}
	newcap = tracelab_buffer.cap;
	while (newcap < tracelab_buffer.len + n)
		newcap *= 2;
	if (newcap > TL_MAX_CAPACITY)
	{
		tracelab_buffer.failed = true;
		tracelab_buffer.limit = 0;
		return false;
	}
	newdata = realloc(tracelab_buffer.data, newcap);
	if (newdata == NULL)
	{
		tracelab_buffer.failed = true;
		tracelab_buffer.limit = 0;
		return false;
	}
	tracelab_buffer.data = newdata;
	tracelab_buffer.cap = newcap;
	tracelab_buffer.limit = newcap;
	return true;
}

/*
 * put_bytes
 *		Append raw bytes to the current frame.
 */
static void
put_bytes(const void *data, size_t len)
{
	if (!tracelab_buffer_room(len))
		return;
	memcpy(tracelab_buffer.data + tracelab_buffer.len, data, len);
	tracelab_buffer.len += len;
}

/*
 * tracelab_put_negative
 *		Append a negative integer (tracelab_put_int's rare case).
 */
void
tracelab_put_negative(int64 value)
{
	char	   *out;
	int			width;
	int			i;

	Assert(value < 0);
	if (!tracelab_buffer_room(9))
		return;
	out = tracelab_buffer.data + tracelab_buffer.len;
	if (value < PG_INT32_MIN)
	{
		/* int64: half of all query ids */
		uint64		big_endian = pg_hton64((uint64) value);

		out[0] = (char) 0xd3;
		memcpy(out + 1, &big_endian, sizeof(big_endian));
		tracelab_buffer.len += 9;
		return;
	}
	if (value >= -32)
	{
		out[0] = (char) (int8) value;	/* negative fixint */
		tracelab_buffer.len++;
		return;
	}
	if (value >= PG_INT8_MIN)
		width = 1;
	else if (value >= PG_INT16_MIN)
		width = 2;
	else if (value >= PG_INT32_MIN)
		width = 4;
	else
		width = 8;
	/* int8, int16, int32, int64 are 0xd0 .. 0xd3 */
	out[0] = (char) (0xd0 + (width == 1 ? 0 : width == 2 ? 1 :
							 width == 4 ? 2 : 3));
	for (i = 0; i < width; i++)
		out[1 + i] = (char) ((uint64) value >> (8 * (width - 1 - i)));
	tracelab_buffer.len += 1 + width;
}

/*
 * tracelab_put_text
 *		Append at most limit bytes of a text, cut on a character boundary.
 *
 * A text longer than limit is cut so that, with the ellipsis appended, it
 * still fits in limit bytes.  The text is in the server encoding.
 */
void
tracelab_put_text(const char *value, size_t len, size_t limit)
{
	const char *ellipsis;
	size_t		ellipsis_len;
	size_t		cut;

	if (len <= limit)
	{
		tracelab_put_strn(value, len);
		return;
	}
	if (GetDatabaseEncoding() == PG_UTF8)
	{
		ellipsis = "\xe2\x80\xa6";	/* U+2026 HORIZONTAL ELLIPSIS */
		ellipsis_len = 3;
		cut = limit - ellipsis_len;
		/* back off continuation bytes to the start of a character */
		while (cut > 0 && ((uint8) value[cut] & 0xc0) == 0x80)
			cut--;
	}
	else
	{
		ellipsis = "...";
		ellipsis_len = 3;
		cut = pg_mbcliplen(value, (int) Min(len, (size_t) PG_INT32_MAX),
						   (int) (limit - ellipsis_len));
	}
	if (tracelab_buffer_room(5))
		tracelab_buffer.len +=
			tracelab_encode_header(tracelab_buffer.data + tracelab_buffer.len,
								   cut + ellipsis_len, 0xa0, 32, 0xd9, 0xda);
	put_bytes(value, cut);
	put_bytes(ellipsis, ellipsis_len);
}

/*
 * tracelab_put_sqlstate
 *		Append the five-character SQLSTATE of an error code.
 */
void
tracelab_put_sqlstate(int sqlerrcode)
{
	tracelab_put_strn(unpack_sql_state(sqlerrcode), 5);
}
