/*-------------------------------------------------------------------------
 *
 * text.c
 *	  Statement texts as tracelab.capture_text asks: full, normalized, none.
 *
 * A statement's text can hold what a DBA must not copy into another file:
 * the password of ALTER ROLE ... PASSWORD, personal data in literals.
 * "normalized" replaces every literal (string, number, bit string) by a
 * parameter symbol, numbered after the highest $n the statement already
 * has, the way pg_stat_statements shows queries: the shape of what ran
 * stays, the values go.  "none" records no text.  Recorded locations
 * (FunctionEntered) keep referring to the statement as the server
 * received it, so they are never used to index a normalized text.
 *
 * Literals are found with PostgreSQL's own lexer, which needs the text
 * the parser accepted a moment ago, so it cannot fail on it; its only
 * side effect, a warning about backslashes in strings when
 * standard_conforming_strings is off, is switched off so that the client
 * never sees a message the probe caused.  The whole statement is
 * normalized before it is cut to the recorded length, so a cut never
 * splits a literal.
 *
 * src/Recorder/Probe/text.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#include "nodes/parsenodes.h"
#include "parser/gramparse.h"

#include "tracelab_probe.h"

/* A literal found by the lexer. */
typedef struct Literal
{
	int			location;
	int			length;
} Literal;

/*
 * normalize
 *		The text with every literal replaced by $n; palloc'd.
 */
static char *
normalize(const char *text, size_t len, size_t *out_len)
{
	char	   *copy = pnstrdup(text, len);
	core_yyscan_t scanner;
	core_yy_extra_type extra;
	core_YYSTYPE value;
	YYLTYPE		location;
	Literal    *literals;
	int			nliterals = 0;
	int			capacity = 16;
	int			highest_param = 0;
	StringInfoData out;
	int			last = 0;
	int			i;

	literals = palloc(capacity * sizeof(Literal));
	scanner = scanner_init(copy, &extra, &ScanKeywords, ScanKeywordTokens);
	extra.escape_string_warning = false;
	for (;;)
	{
		int			token = core_yylex(&value, &location, scanner);

		if (token == 0)
			break;
		if (token == PARAM)
			highest_param = Max(highest_param, value.ival);
		else if (token == ICONST || token == FCONST || token == SCONST ||
				 token == USCONST || token == BCONST || token == XCONST)
		{
			if (nliterals == capacity)
			{
				capacity *= 2;
				literals = repalloc(literals, capacity * sizeof(Literal));
			}
			literals[nliterals].location = location;
			/* flex ends the current token's text with a zero byte */
			literals[nliterals].length = strlen(extra.scanbuf + location);
			nliterals++;
		}
	}
	scanner_finish(scanner);

	initStringInfo(&out);
	for (i = 0; i < nliterals; i++)
	{
		appendBinaryStringInfo(&out, text + last,
							   literals[i].location - last);
		appendStringInfo(&out, "$%d", highest_param + i + 1);
		last = literals[i].location + literals[i].length;
	}
	appendBinaryStringInfo(&out, text + last, (int) len - last);
	pfree(literals);
	pfree(copy);
	*out_len = out.len;
	return out.data;
}

/*
 * tracelab_put_statement_text
 *		Append a statement's text as tracelab.capture_text asks.
 */
void
tracelab_put_statement_text(const char *text, size_t len)
{
	char	   *normalized;
	size_t		normalized_len;

	if (likely(tracelab_capture_text == TL_TEXT_FULL && len <= TL_TEXT_LIMIT))
	{
		tracelab_put_strn(text, len);	/* the common case, uncut */
		return;
	}
	switch (tracelab_capture_text)
	{
		case TL_TEXT_NONE:
			tracelab_put_str("");
			break;
		case TL_TEXT_NORMALIZED:
			if (len == 0)
			{
				tracelab_put_str("");
				break;
			}
			/* a text at the recorded limit may have been cut short */
			if (len > TL_TEXT_LIMIT)
				len = strlen(text);
			normalized = normalize(text, len, &normalized_len);
			tracelab_put_text(normalized, normalized_len, TL_TEXT_LIMIT);
			pfree(normalized);
			break;
		default:
			tracelab_put_text(text, len, TL_TEXT_LIMIT);
			break;
	}
}
