/*-------------------------------------------------------------------------
 *
 * callsite.c
 *	  Whether a call's location is a call site written in the statement.
 *
 * FunctionEntered's location says where in the statement's text a call was
 * written, or -1 when it was not written there.  PostgreSQL resets the
 * locations of stored definitions (views, defaults, policies) to -1, but
 * keeps those it copies from the body of an inlined SQL function relative
 * to that function's own text, so such a location can point anywhere in
 * the statement.  The probe checks each location against the source it
 * indexes, which is the text as the server received it (whatever
 * tracelab.capture_text records), and writes -1 when it does not point at
 * the called function's name or at the operator.  The check reads the
 * source only, without catalog access.
 *
 * src/Recorder/Probe/callsite.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>

#include "parser/scansup.h"

#include "tracelab_probe.h"

/*
 * tracelab_statement_end
 *		Where a statement ends in its source string.
 *
 * Worked out once per statement or plan, so that checking a call site,
 * which happens per call (per row), never scans the source.  A statement
 * with a length ends there; one without runs to the end of the string.
 */
size_t
tracelab_statement_end(const char *source, int location, int length)
{
	size_t		start = (location > 0) ? (size_t) location : 0;

	if (source == NULL)
		return 0;
	if (length > 0)
		return start + (size_t) length;
	return start + strlen(source + start);
}

/*
 * identifier_end
 *		Parse one identifier at p: its start, length and whether quoted.
 *
 * Returns the position after it, or NULL when p holds no identifier.  A
 * quoted identifier's length includes its quotes.
 */
static const char *
identifier_end(const char *p, const char **start, size_t *len, bool *quoted)
{
	*start = p;
	*quoted = (*p == '"');
	if (*quoted)
	{
		for (p++; *p != '\0'; p++)
		{
			if (*p == '"')
			{
				if (p[1] != '"')
					break;
				p++;			/* "" is a quote inside the name */
			}
		}
		if (*p != '"')
			return NULL;
		p++;
	}
	else
	{
		if (!(isalpha((unsigned char) *p) || *p == '_' || IS_HIGHBIT_SET(*p)))
			return NULL;
		while (isalnum((unsigned char) *p) || *p == '_' || *p == '$' ||
			   IS_HIGHBIT_SET(*p))
			p++;
	}
	*len = p - *start;
	return p;
}

/*
 * identifier_is
 *		Whether a parsed identifier names the given catalog name.
 */
static bool
identifier_is(const char *start, size_t len, bool quoted, const char *name)
{
	const char *n = name;
	size_t		i;

	if (!quoted)
		return len == strlen(name) && pg_strncasecmp(start, name, len) == 0;
	for (i = 1; i + 1 < len; i++, n++)
	{
		if (start[i] == '"')
			i++;				/* the second quote of "" */
		if (*n != start[i])
			return false;
	}
	return *n == '\0';
}

/*
 * skip_space
 *		Skip white space.
 */
static const char *
skip_space(const char *p)
{
	while (scanner_isspace(*p))
		p++;
	return p;
}

/*
 * tracelab_call_written_at
 *		Whether a call's location points at its own name in the source.
 *
 * PostgreSQL keeps the locations of expressions it copies from the body
 * of an inlined SQL function relative to that function's text, so such a
 * location can point anywhere in the statement.  A call written in the
 * statement points at the function's (possibly qualified) name, an
 * operator call at the operator or at a keyword (OPERATOR, LIKE, IN, ...).
 * Other calls (casts, aggregates) and names not known yet are given the
 * benefit of the doubt: a wrong "not written here" would send the reader
 * looking for stored definitions the call did not come from.
 */
bool
tracelab_call_written_at(const char *source, size_t source_end, int loc,
						 const char *reached_by, Oid via_oid,
						 const TracelabFunction *fn)
{
	const char *p;
	const char *start = NULL;
	size_t		len = 0;
	bool		quoted = false;
	int			part;

	if (source_end > 0 ? (size_t) loc >= source_end :
		strnlen(source, (size_t) loc + 1) <= (size_t) loc)
		return false;			/* beyond the statement's end */
	p = source + loc;
	if (strcmp(reached_by, "operator") == 0)
	{
		const char *name = tracelab_operator_name(via_oid);

		/*
		 * The operator itself, OPERATOR(...), or a keyword PostgreSQL turns
		 * into an operator (LIKE, IN, BETWEEN, IS DISTINCT FROM, NULLIF,
		 * CASE ... WHEN): only a location at none of these is sure not to
		 * be the call's own.
		 */
		if (name == NULL || isalpha((unsigned char) *p))
			return true;
		return strncmp(p, name, strlen(name)) == 0;
	}
	if (strcmp(reached_by, "call") != 0 || fn == NULL ||
		NameStr(fn->name)[0] == '\0')
		return true;
	for (part = 0; part < 3; part++)
	{
		p = identifier_end(p, &start, &len, &quoted);
		if (p == NULL)
			return false;
		p = skip_space(p);
		if (*p != '.')
			break;
		p = skip_space(p + 1);
	}
	return identifier_is(start, len, quoted, NameStr(fn->name));
}
