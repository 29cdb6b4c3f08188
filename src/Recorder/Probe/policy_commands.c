/*-------------------------------------------------------------------------
 *
 * policy_commands.c
 *	  Which operation kinds of the policy language an operation belongs to:
 *	  the command classification and the wildcards of "commands" and
 *	  "objects".
 *
 * A rule guards operation kinds (ddl, role, dml-write, ...) and the kinds
 * come from the command tag.  The table below is the C# table
 * (src/Policies/Model/CommandCategories.cs) entry for entry, sorted for a
 * binary search; the differential test (PolicyEvaluatorAgreementTests) asks
 * both sides about every tag the running server has, every tag of either
 * table and tags neither knows, and fails on any difference, so the two
 * tables cannot drift apart unnoticed.  Tags are compared as the C# side
 * compares them: trimmed of white space (the characters .NET's String.Trim
 * removes), without regard to case.  Case is folded for ASCII letters only:
 * PostgreSQL's tags are ASCII, and .NET's folding of other letters would
 * need Unicode's case tables (a policy with non-ASCII letters in a
 * "commands" pattern is the one place where the two could differ; see
 * ENFORCEMENT.md).  Nothing here allocates or raises an error.
 *
 * src/Recorder/Probe/policy_commands.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "policy.h"

typedef struct CommandCategoryEntry
{
	const char *tag;
	int			category;		/* TL_POLICY_CATEGORY_ */
} CommandCategoryEntry;

/* CommandCategories.Groups, sorted by tag with ASCII letters lower-cased */
static const CommandCategoryEntry command_categories[] = {
	{"???", TL_POLICY_CATEGORY_OTHER},
	{"ALTER ACCESS METHOD", TL_POLICY_CATEGORY_DDL},
	{"ALTER AGGREGATE", TL_POLICY_CATEGORY_DDL},
	{"ALTER CAST", TL_POLICY_CATEGORY_DDL},
	{"ALTER COLLATION", TL_POLICY_CATEGORY_DDL},
	{"ALTER CONSTRAINT", TL_POLICY_CATEGORY_DDL},
	{"ALTER CONVERSION", TL_POLICY_CATEGORY_DDL},
	{"ALTER DATABASE", TL_POLICY_CATEGORY_DDL},
	{"ALTER DEFAULT PRIVILEGES", TL_POLICY_CATEGORY_GRANT},
	{"ALTER DOMAIN", TL_POLICY_CATEGORY_DDL},
	{"ALTER EVENT TRIGGER", TL_POLICY_CATEGORY_DDL},
	{"ALTER EXTENSION", TL_POLICY_CATEGORY_DDL},
	{"ALTER FOREIGN DATA WRAPPER", TL_POLICY_CATEGORY_DDL},
	{"ALTER FOREIGN TABLE", TL_POLICY_CATEGORY_DDL},
	{"ALTER FUNCTION", TL_POLICY_CATEGORY_DDL},
	{"ALTER GROUP", TL_POLICY_CATEGORY_ROLE},
	{"ALTER INDEX", TL_POLICY_CATEGORY_DDL},
	{"ALTER LANGUAGE", TL_POLICY_CATEGORY_DDL},
	{"ALTER LARGE OBJECT", TL_POLICY_CATEGORY_DDL},
	{"ALTER MATERIALIZED VIEW", TL_POLICY_CATEGORY_DDL},
	{"ALTER OPERATOR", TL_POLICY_CATEGORY_DDL},
	{"ALTER OPERATOR CLASS", TL_POLICY_CATEGORY_DDL},
	{"ALTER OPERATOR FAMILY", TL_POLICY_CATEGORY_DDL},
	{"ALTER POLICY", TL_POLICY_CATEGORY_DDL},
	{"ALTER PROCEDURE", TL_POLICY_CATEGORY_DDL},
	{"ALTER PUBLICATION", TL_POLICY_CATEGORY_DDL},
	{"ALTER ROLE", TL_POLICY_CATEGORY_ROLE},
	{"ALTER ROUTINE", TL_POLICY_CATEGORY_DDL},
	{"ALTER RULE", TL_POLICY_CATEGORY_DDL},
	{"ALTER SCHEMA", TL_POLICY_CATEGORY_DDL},
	{"ALTER SEQUENCE", TL_POLICY_CATEGORY_DDL},
	{"ALTER SERVER", TL_POLICY_CATEGORY_DDL},
	{"ALTER STATISTICS", TL_POLICY_CATEGORY_DDL},
	{"ALTER SUBSCRIPTION", TL_POLICY_CATEGORY_DDL},
	{"ALTER SYSTEM", TL_POLICY_CATEGORY_DDL},
	{"ALTER TABLE", TL_POLICY_CATEGORY_DDL},
	{"ALTER TABLESPACE", TL_POLICY_CATEGORY_DDL},
	{"ALTER TEXT SEARCH CONFIGURATION", TL_POLICY_CATEGORY_DDL},
	{"ALTER TEXT SEARCH DICTIONARY", TL_POLICY_CATEGORY_DDL},
	{"ALTER TEXT SEARCH PARSER", TL_POLICY_CATEGORY_DDL},
	{"ALTER TEXT SEARCH TEMPLATE", TL_POLICY_CATEGORY_DDL},
	{"ALTER TRANSFORM", TL_POLICY_CATEGORY_DDL},
	{"ALTER TRIGGER", TL_POLICY_CATEGORY_DDL},
	{"ALTER TYPE", TL_POLICY_CATEGORY_DDL},
	{"ALTER USER", TL_POLICY_CATEGORY_ROLE},
	{"ALTER USER MAPPING", TL_POLICY_CATEGORY_DDL},
	{"ALTER VIEW", TL_POLICY_CATEGORY_DDL},
	{"ANALYZE", TL_POLICY_CATEGORY_MAINTENANCE},
	{"BEGIN", TL_POLICY_CATEGORY_TRANSACTION_CONTROL},
	{"CALL", TL_POLICY_CATEGORY_PROCEDURAL},
	{"CHECKPOINT", TL_POLICY_CATEGORY_MAINTENANCE},
	{"CLOSE", TL_POLICY_CATEGORY_CURSOR_OR_PREPARED},
	{"CLOSE CURSOR", TL_POLICY_CATEGORY_CURSOR_OR_PREPARED},
	{"CLOSE CURSOR ALL", TL_POLICY_CATEGORY_CURSOR_OR_PREPARED},
	{"CLUSTER", TL_POLICY_CATEGORY_DDL},
	{"COMMENT", TL_POLICY_CATEGORY_DDL},
	{"COMMIT", TL_POLICY_CATEGORY_TRANSACTION_CONTROL},
	{"COMMIT PREPARED", TL_POLICY_CATEGORY_TRANSACTION_CONTROL},
	{"COPY", TL_POLICY_CATEGORY_COPY},
	{"COPY FROM", TL_POLICY_CATEGORY_COPY},
	{"CREATE ACCESS METHOD", TL_POLICY_CATEGORY_DDL},
	{"CREATE AGGREGATE", TL_POLICY_CATEGORY_DDL},
	{"CREATE CAST", TL_POLICY_CATEGORY_DDL},
	{"CREATE COLLATION", TL_POLICY_CATEGORY_DDL},
	{"CREATE CONSTRAINT", TL_POLICY_CATEGORY_DDL},
	{"CREATE CONVERSION", TL_POLICY_CATEGORY_DDL},
	{"CREATE DATABASE", TL_POLICY_CATEGORY_DDL},
	{"CREATE DOMAIN", TL_POLICY_CATEGORY_DDL},
	{"CREATE EVENT TRIGGER", TL_POLICY_CATEGORY_DDL},
	{"CREATE EXTENSION", TL_POLICY_CATEGORY_DDL},
	{"CREATE FOREIGN DATA WRAPPER", TL_POLICY_CATEGORY_DDL},
	{"CREATE FOREIGN TABLE", TL_POLICY_CATEGORY_DDL},
	{"CREATE FUNCTION", TL_POLICY_CATEGORY_DDL},
	{"CREATE GROUP", TL_POLICY_CATEGORY_ROLE},
	{"CREATE INDEX", TL_POLICY_CATEGORY_DDL},
	{"CREATE LANGUAGE", TL_POLICY_CATEGORY_DDL},
	{"CREATE MATERIALIZED VIEW", TL_POLICY_CATEGORY_DDL},
	{"CREATE OPERATOR", TL_POLICY_CATEGORY_DDL},
	{"CREATE OPERATOR CLASS", TL_POLICY_CATEGORY_DDL},
	{"CREATE OPERATOR FAMILY", TL_POLICY_CATEGORY_DDL},
	{"CREATE POLICY", TL_POLICY_CATEGORY_DDL},
	{"CREATE PROCEDURE", TL_POLICY_CATEGORY_DDL},
	{"CREATE PUBLICATION", TL_POLICY_CATEGORY_DDL},
	{"CREATE ROLE", TL_POLICY_CATEGORY_ROLE},
	{"CREATE ROUTINE", TL_POLICY_CATEGORY_DDL},
	{"CREATE RULE", TL_POLICY_CATEGORY_DDL},
	{"CREATE SCHEMA", TL_POLICY_CATEGORY_DDL},
	{"CREATE SEQUENCE", TL_POLICY_CATEGORY_DDL},
	{"CREATE SERVER", TL_POLICY_CATEGORY_DDL},
	{"CREATE STATISTICS", TL_POLICY_CATEGORY_DDL},
	{"CREATE SUBSCRIPTION", TL_POLICY_CATEGORY_DDL},
	{"CREATE TABLE", TL_POLICY_CATEGORY_DDL},
	{"CREATE TABLE AS", TL_POLICY_CATEGORY_DDL},
	{"CREATE TABLESPACE", TL_POLICY_CATEGORY_DDL},
	{"CREATE TEXT SEARCH CONFIGURATION", TL_POLICY_CATEGORY_DDL},
	{"CREATE TEXT SEARCH DICTIONARY", TL_POLICY_CATEGORY_DDL},
	{"CREATE TEXT SEARCH PARSER", TL_POLICY_CATEGORY_DDL},
	{"CREATE TEXT SEARCH TEMPLATE", TL_POLICY_CATEGORY_DDL},
	{"CREATE TRANSFORM", TL_POLICY_CATEGORY_DDL},
	{"CREATE TRIGGER", TL_POLICY_CATEGORY_DDL},
	{"CREATE TYPE", TL_POLICY_CATEGORY_DDL},
	{"CREATE USER", TL_POLICY_CATEGORY_ROLE},
	{"CREATE USER MAPPING", TL_POLICY_CATEGORY_DDL},
	{"CREATE VIEW", TL_POLICY_CATEGORY_DDL},
	{"DEALLOCATE", TL_POLICY_CATEGORY_CURSOR_OR_PREPARED},
	{"DEALLOCATE ALL", TL_POLICY_CATEGORY_CURSOR_OR_PREPARED},
	{"DECLARE CURSOR", TL_POLICY_CATEGORY_CURSOR_OR_PREPARED},
	{"DELETE", TL_POLICY_CATEGORY_DML_WRITE},
	{"DISCARD", TL_POLICY_CATEGORY_SESSION},
	{"DISCARD ALL", TL_POLICY_CATEGORY_SESSION},
	{"DISCARD PLANS", TL_POLICY_CATEGORY_SESSION},
	{"DISCARD SEQUENCES", TL_POLICY_CATEGORY_SESSION},
	{"DISCARD TEMP", TL_POLICY_CATEGORY_SESSION},
	{"DO", TL_POLICY_CATEGORY_PROCEDURAL},
	{"DROP ACCESS METHOD", TL_POLICY_CATEGORY_DDL},
	{"DROP AGGREGATE", TL_POLICY_CATEGORY_DDL},
	{"DROP CAST", TL_POLICY_CATEGORY_DDL},
	{"DROP COLLATION", TL_POLICY_CATEGORY_DDL},
	{"DROP CONSTRAINT", TL_POLICY_CATEGORY_DDL},
	{"DROP CONVERSION", TL_POLICY_CATEGORY_DDL},
	{"DROP DATABASE", TL_POLICY_CATEGORY_DDL},
	{"DROP DOMAIN", TL_POLICY_CATEGORY_DDL},
	{"DROP EVENT TRIGGER", TL_POLICY_CATEGORY_DDL},
	{"DROP EXTENSION", TL_POLICY_CATEGORY_DDL},
	{"DROP FOREIGN DATA WRAPPER", TL_POLICY_CATEGORY_DDL},
	{"DROP FOREIGN TABLE", TL_POLICY_CATEGORY_DDL},
	{"DROP FUNCTION", TL_POLICY_CATEGORY_DDL},
	{"DROP GROUP", TL_POLICY_CATEGORY_ROLE},
	{"DROP INDEX", TL_POLICY_CATEGORY_DDL},
	{"DROP LANGUAGE", TL_POLICY_CATEGORY_DDL},
	{"DROP MATERIALIZED VIEW", TL_POLICY_CATEGORY_DDL},
	{"DROP OPERATOR", TL_POLICY_CATEGORY_DDL},
	{"DROP OPERATOR CLASS", TL_POLICY_CATEGORY_DDL},
	{"DROP OPERATOR FAMILY", TL_POLICY_CATEGORY_DDL},
	{"DROP OWNED", TL_POLICY_CATEGORY_ROLE},
	{"DROP POLICY", TL_POLICY_CATEGORY_DDL},
	{"DROP PROCEDURE", TL_POLICY_CATEGORY_DDL},
	{"DROP PUBLICATION", TL_POLICY_CATEGORY_DDL},
	{"DROP ROLE", TL_POLICY_CATEGORY_ROLE},
	{"DROP ROUTINE", TL_POLICY_CATEGORY_DDL},
	{"DROP RULE", TL_POLICY_CATEGORY_DDL},
	{"DROP SCHEMA", TL_POLICY_CATEGORY_DDL},
	{"DROP SEQUENCE", TL_POLICY_CATEGORY_DDL},
	{"DROP SERVER", TL_POLICY_CATEGORY_DDL},
	{"DROP STATISTICS", TL_POLICY_CATEGORY_DDL},
	{"DROP SUBSCRIPTION", TL_POLICY_CATEGORY_DDL},
	{"DROP TABLE", TL_POLICY_CATEGORY_DDL},
	{"DROP TABLESPACE", TL_POLICY_CATEGORY_DDL},
	{"DROP TEXT SEARCH CONFIGURATION", TL_POLICY_CATEGORY_DDL},
	{"DROP TEXT SEARCH DICTIONARY", TL_POLICY_CATEGORY_DDL},
	{"DROP TEXT SEARCH PARSER", TL_POLICY_CATEGORY_DDL},
	{"DROP TEXT SEARCH TEMPLATE", TL_POLICY_CATEGORY_DDL},
	{"DROP TRANSFORM", TL_POLICY_CATEGORY_DDL},
	{"DROP TRIGGER", TL_POLICY_CATEGORY_DDL},
	{"DROP TYPE", TL_POLICY_CATEGORY_DDL},
	{"DROP USER", TL_POLICY_CATEGORY_ROLE},
	{"DROP USER MAPPING", TL_POLICY_CATEGORY_DDL},
	{"DROP VIEW", TL_POLICY_CATEGORY_DDL},
	{"EXECUTE", TL_POLICY_CATEGORY_CURSOR_OR_PREPARED},
	{"EXECUTE FUNCTION", TL_POLICY_CATEGORY_FUNCTION_CALL},
	{"EXPLAIN", TL_POLICY_CATEGORY_OTHER},
	{"FETCH", TL_POLICY_CATEGORY_CURSOR_OR_PREPARED},
	{"GRANT", TL_POLICY_CATEGORY_GRANT},
	{"GRANT ROLE", TL_POLICY_CATEGORY_GRANT},
	{"IMPORT FOREIGN SCHEMA", TL_POLICY_CATEGORY_DDL},
	{"INSERT", TL_POLICY_CATEGORY_DML_WRITE},
	{"LISTEN", TL_POLICY_CATEGORY_SESSION},
	{"LOAD", TL_POLICY_CATEGORY_SESSION},
	{"LOCK TABLE", TL_POLICY_CATEGORY_OTHER},
	{"MERGE", TL_POLICY_CATEGORY_DML_WRITE},
	{"MOVE", TL_POLICY_CATEGORY_CURSOR_OR_PREPARED},
	{"NOTIFY", TL_POLICY_CATEGORY_OTHER},
	{"PREPARE", TL_POLICY_CATEGORY_CURSOR_OR_PREPARED},
	{"PREPARE TRANSACTION", TL_POLICY_CATEGORY_TRANSACTION_CONTROL},
	{"REASSIGN OWNED", TL_POLICY_CATEGORY_ROLE},
	{"REFRESH MATERIALIZED VIEW", TL_POLICY_CATEGORY_DDL},
	{"REINDEX", TL_POLICY_CATEGORY_DDL},
	{"RELEASE", TL_POLICY_CATEGORY_TRANSACTION_CONTROL},
	{"RESET", TL_POLICY_CATEGORY_SESSION},
	{"REVOKE", TL_POLICY_CATEGORY_GRANT},
	{"REVOKE ROLE", TL_POLICY_CATEGORY_GRANT},
	{"ROLLBACK", TL_POLICY_CATEGORY_TRANSACTION_CONTROL},
	{"ROLLBACK PREPARED", TL_POLICY_CATEGORY_TRANSACTION_CONTROL},
	{"SAVEPOINT", TL_POLICY_CATEGORY_TRANSACTION_CONTROL},
	{"SECURITY LABEL", TL_POLICY_CATEGORY_DDL},
	{"SELECT", TL_POLICY_CATEGORY_DML_READ},
	{"SELECT FOR KEY SHARE", TL_POLICY_CATEGORY_DML_READ},
	{"SELECT FOR NO KEY UPDATE", TL_POLICY_CATEGORY_DML_READ},
	{"SELECT FOR SHARE", TL_POLICY_CATEGORY_DML_READ},
	{"SELECT FOR UPDATE", TL_POLICY_CATEGORY_DML_READ},
	{"SELECT INTO", TL_POLICY_CATEGORY_DDL},
	{"SET", TL_POLICY_CATEGORY_SESSION},
	{"SET CONSTRAINTS", TL_POLICY_CATEGORY_TRANSACTION_CONTROL},
	{"SHOW", TL_POLICY_CATEGORY_SESSION},
	{"START TRANSACTION", TL_POLICY_CATEGORY_TRANSACTION_CONTROL},
	{"TRUNCATE TABLE", TL_POLICY_CATEGORY_DML_WRITE},
	{"UNLISTEN", TL_POLICY_CATEGORY_SESSION},
	{"UPDATE", TL_POLICY_CATEGORY_DML_WRITE},
	{"VACUUM", TL_POLICY_CATEGORY_MAINTENANCE},
};

#define NUM_COMMAND_CATEGORIES lengthof(command_categories)

/*
 * fold
 *		An ASCII letter in lower case; any other byte as it is.
 */
static inline unsigned char
fold(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/*
 * same_bytes
 *		Whether a and b agree on n bytes, case folded when ignore_case.
 */
static bool
same_bytes(const char *a, const char *b, size_t n, bool ignore_case)
{
	size_t		i;

	if (!ignore_case)
		return memcmp(a, b, n) == 0;
	for (i = 0; i < n; i++)
		if (fold((unsigned char) a[i]) != fold((unsigned char) b[i]))
			return false;
	return true;
}

/*
 * compare_tag
 *		strcmp of text[0..len) and tag with ASCII letters folded.
 */
static int
compare_tag(const char *text, size_t len, const char *tag)
{
	size_t		i;

	for (i = 0; i < len && tag[i] != '\0'; i++)
	{
		unsigned char a = fold((unsigned char) text[i]);
		unsigned char b = fold((unsigned char) tag[i]);

		if (a != b)
			return a < b ? -1 : 1;
	}
	if (i < len)
		return 1;
	return tag[i] == '\0' ? 0 : -1;
}

/*
 * white_space_at
 *		The length of the UTF-8 white space character at p (before end), or
 *		0: the characters for which .NET's Char.IsWhiteSpace is true.
 */
static int
white_space_at(const unsigned char *p, const unsigned char *end)
{
	uint32		c;

	if ((*p >= 0x09 && *p <= 0x0d) || *p == 0x20)
		return 1;
	if (*p == 0xc2 && end - p >= 2)
		return (p[1] == 0x85 || p[1] == 0xa0) ? 2 : 0;
	if ((*p & 0xf0) != 0xe0 || end - p < 3 ||
		(p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
		return 0;
	c = ((uint32) (p[0] & 0x0f) << 12) | ((uint32) (p[1] & 0x3f) << 6) |
		(p[2] & 0x3f);
	if (c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 ||
		c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000)
		return 3;
	return 0;
}

/*
 * trim
 *		The command without leading and trailing white space: *start and the
 *		length.
 */
static size_t
trim(const char *command, const char **start)
{
	const unsigned char *p = (const unsigned char *) command;
	const unsigned char *end = p + strlen(command);
	int			n;

	while (p < end && (n = white_space_at(p, end)) > 0)
		p += n;
	while (end > p)
	{
		/* the last character starts at most 3 continuation bytes back */
		const unsigned char *last = end - 1;

		while (last > p && end - last < 3 && (*last & 0xc0) == 0x80)
			last--;
		if (white_space_at(last, end) != end - last)
			break;
		end = last;
	}
	*start = (const char *) p;
	return end - p;
}

/*
 * tracelab_policy_command_category
 *		The CommandCategory of a command tag: the table's, else DDL for a tag
 *		starting with CREATE, ALTER or DROP and a space, else other.
 */
int
tracelab_policy_command_category(const char *command)
{
	const char *tag;
	size_t		len = trim(command, &tag);
	int			low = 0;
	int			high = NUM_COMMAND_CATEGORIES - 1;

	while (low <= high)
	{
		int			mid = (low + high) / 2;
		int			cmp = compare_tag(tag, len, command_categories[mid].tag);

		if (cmp == 0)
			return command_categories[mid].category;
		if (cmp < 0)
			high = mid - 1;
		else
			low = mid + 1;
	}
	if ((len >= 7 && same_bytes(tag, "CREATE ", 7, true)) ||
		(len >= 6 && same_bytes(tag, "ALTER ", 6, true)) ||
		(len >= 5 && same_bytes(tag, "DROP ", 5, true)))
		return TL_POLICY_CATEGORY_DDL;
	return TL_POLICY_CATEGORY_OTHER;
}

/*
 * guarded_copy
 *		The kinds of a COPY: a write from, a read to, both when the direction
 *		is not known (unless the tag itself says COPY FROM), and copy-program
 *		for a known PROGRAM.
 */
static uint32
guarded_copy(const TracelabChainInput *input)
{
	const char *tag;
	size_t		len;
	uint32		direction;

	if (!input->copy_known)
	{
		len = trim(input->command, &tag);
		if (len == 9 && same_bytes(tag, "COPY FROM", 9, true))
			return TL_POLICY_OP_DML_WRITE;
		return TL_POLICY_OP_DML_WRITE | TL_POLICY_OP_DML_READ;
	}
	direction = input->copy_from ? TL_POLICY_OP_DML_WRITE : TL_POLICY_OP_DML_READ;
	return input->copy_program ? direction | TL_POLICY_OP_COPY_PROGRAM : direction;
}

/*
 * tracelab_policy_guarded_operations
 *		The TL_POLICY_OP_ kinds the operation belongs to (GuardedOperationsOf):
 *		0 for an operation only "any" guards.
 */
uint32
tracelab_policy_guarded_operations(const TracelabChainInput *input)
{
	if (input->kind == TL_POLICY_OPERATION_KIND_FUNCTION_CALL)
		return TL_POLICY_OP_FUNCTION_EXECUTION;
	if (input->kind == TL_POLICY_OPERATION_KIND_ROLE_SWITCH)
		return TL_POLICY_OP_ROLE_SWITCH;
	switch (tracelab_policy_command_category(input->command))
	{
		case TL_POLICY_CATEGORY_DDL:
			return TL_POLICY_OP_DDL;
		case TL_POLICY_CATEGORY_ROLE:
			return TL_POLICY_OP_ROLE;
		case TL_POLICY_CATEGORY_GRANT:
			return TL_POLICY_OP_GRANT;
		case TL_POLICY_CATEGORY_DML_WRITE:
			return TL_POLICY_OP_DML_WRITE;
		case TL_POLICY_CATEGORY_DML_READ:
			return TL_POLICY_OP_DML_READ;
		case TL_POLICY_CATEGORY_MAINTENANCE:
			return TL_POLICY_OP_MAINTENANCE;
		case TL_POLICY_CATEGORY_COPY:
			return guarded_copy(input);
		default:
			return 0;
	}
}

/*
 * find_part
 *		The first occurrence of part[0..n) in text at or after text, or NULL.
 */
static const char *
find_part(const char *text, const char *part, size_t n, bool ignore_case)
{
	size_t		len = strlen(text);
	size_t		i;

	for (i = 0; i + n <= len; i++)
		if (same_bytes(text + i, part, n, ignore_case))
			return text + i;
	return NULL;
}

/*
 * tracelab_policy_wildcard_matches
 *		Whether text matches pattern, in which '*' stands for any run of
 *		characters: Wildcard.cs's algorithm (the first part is a prefix, each
 *		middle part is found leftmost, the last part is a suffix of what
 *		remains).
 */
bool
tracelab_policy_wildcard_matches(const char *pattern, const char *text,
								 bool ignore_case)
{
	const char *star = strchr(pattern, '*');
	const char *part;
	size_t		n;
	size_t		rest;

	if (star == NULL)
		return strlen(text) == strlen(pattern) &&
			same_bytes(text, pattern, strlen(text), ignore_case);

	n = star - pattern;
	if (strlen(text) < n || !same_bytes(text, pattern, n, ignore_case))
		return false;
	text += n;
	part = star + 1;
	while ((star = strchr(part, '*')) != NULL)
	{
		const char *at = find_part(text, part, star - part, ignore_case);

		if (at == NULL)
			return false;
		text = at + (star - part);
		part = star + 1;
	}
	n = strlen(part);
	rest = strlen(text);
	return rest >= n && same_bytes(text + rest - n, part, n, ignore_case);
}
