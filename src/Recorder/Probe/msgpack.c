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
 * put_byte
 *		Append one byte to the current frame.
 */
static inline void
put_byte(uint8 b)
{
	if (tracelab_buffer_room(1))
		tracelab_buffer.data[tracelab_buffer.len++] = (char) b;
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
 * put_tagged
 *		Append a MessagePack marker followed by a big-endian integer.
 */
static inline void
put_tagged(uint8 tag, uint64 value, int width)
{
	char	   *out;
	int			i;

	if (!tracelab_buffer_room(1 + width))
		return;
	out = tracelab_buffer.data + tracelab_buffer.len;
	out[0] = (char) tag;
	for (i = 0; i < width; i++)
		out[1 + i] = (char) (value >> (8 * (width - 1 - i)));
	tracelab_buffer.len += 1 + width;
}

/*
 * tracelab_put_nil
 *		Append nil.
 */
void
tracelab_put_nil(void)
{
	put_byte(0xc0);
}

/*
 * tracelab_put_bool
 *		Append true or false.
 */
void
tracelab_put_bool(bool value)
{
	put_byte(value ? 0xc3 : 0xc2);
}

/*
 * tracelab_put_uint
 *		Append an unsigned integer in its most compact encoding.
 */
void
tracelab_put_uint(uint64 value)
{
	if (tracelab_buffer_room(9))
		tracelab_buffer.len += tracelab_encode_uint(tracelab_buffer.data + tracelab_buffer.len, value);
}

/*
 * tracelab_put_int
 *		Append a signed integer: unsigned encodings when it is not negative.
 */
void
tracelab_put_int(int64 value)
{
	if (value >= 0)
		tracelab_put_uint((uint64) value);
	else if (value >= -32)
		put_byte((uint8) (int8) value); /* negative fixint */
	else if (value >= PG_INT8_MIN)
		put_tagged(0xd0, (uint64) value, 1);
	else if (value >= PG_INT16_MIN)
		put_tagged(0xd1, (uint64) value, 2);
	else if (value >= PG_INT32_MIN)
		put_tagged(0xd2, (uint64) value, 4);
	else
		put_tagged(0xd3, (uint64) value, 8);
}

/*
 * put_str_header
 *		Append the header of a string of len bytes.
 */
static void
put_str_header(size_t len)
{
	if (len < 32)
		put_byte((uint8) (0xa0 | len));	/* fixstr */
	else if (len <= PG_UINT8_MAX)
		put_tagged(0xd9, len, 1);
	else if (len <= PG_UINT16_MAX)
		put_tagged(0xda, len, 2);
	else
		put_tagged(0xdb, len, 4);
}

/*
 * tracelab_put_strn
 *		Append a string of len bytes.
 */
void
tracelab_put_strn(const char *value, size_t len)
{
	put_str_header(len);
	put_bytes(value, len);
}

/*
 * tracelab_put_str
 *		Append a NUL-terminated string; NULL is written as the empty string.
 */
void
tracelab_put_str(const char *value)
{
	if (value == NULL)
		value = "";
	tracelab_put_strn(value, strlen(value));
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
	put_str_header(cut + ellipsis_len);
	put_bytes(value, cut);
	put_bytes(ellipsis, ellipsis_len);
}

/*
 * tracelab_put_array
 *		Append the header of an array of count elements.
 */
void
tracelab_put_array(uint32 count)
{
	if (count < 16)
		put_byte((uint8) (0x90 | count));	/* fixarray */
	else if (count <= PG_UINT16_MAX)
		put_tagged(0xdc, count, 2);
	else
		put_tagged(0xdd, count, 4);
}

/*
 * tracelab_put_oid_list
 *		Append an array of the oids in a List.
 */
void
tracelab_put_oid_list(List *oids)
{
	ListCell   *lc;

	tracelab_put_array(list_length(oids));
	foreach(lc, oids)
		tracelab_put_uint(lfirst_oid(lc));
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
