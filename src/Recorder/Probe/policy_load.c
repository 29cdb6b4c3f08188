/*-------------------------------------------------------------------------
 *
 * policy_load.c
 *	  Parse the compiled policy form (POLICY_FORMAT.md) from a byte buffer.
 *
 * "tracelab policies compile" writes a policy as fixed-width little-endian
 * integers and a string table; this file turns those bytes into a
 * TracelabPolicy allocated in a memory context of the caller's choosing.
 * The bytes may come from anywhere (a file an administrator names, a test
 * feeding random data), so nothing in them is trusted: every read is
 * bounds-checked, every count is checked against the bytes that remain
 * before anything is allocated for it, every string index and enum value is
 * range-checked, and the CRC-32C and version are checked first.  Failure is
 * a NULL result and a reason, never an ereport: a loader running at reload
 * must be able to keep the previous policy and log why.  The checks, their
 * order and the reasons' wording are those of the C# reader
 * (src/Policies/Compiled/PolicyFormatReader.cs).
 *
 * src/Recorder/Probe/policy_load.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "mb/pg_wchar.h"
#include "port/pg_crc32c.h"
#include "utils/memutils.h"

#include "policy.h"

/* the fewest bytes a rule takes (every list empty or absent) */
#define MIN_RULE_BYTES 45

typedef struct PolicyReader
{
	const unsigned char *data;
	Size		len;
	Size		off;
	MemoryContext cxt;
	uint32		nstrings;
	const char **strings;
	bool	   *rule_name_used; /* per string: some rule is called that */
	uint32	   *executor_mark;	/* per string: 1 + the rule listing it */
	char	   *reason;
} PolicyReader;

static bool fail(PolicyReader *r, const char *fmt,...) pg_attribute_printf(2, 3);

/*
 * fail
 *		Record why the bytes are refused (the first reason only); false.
 */
static bool
fail(PolicyReader *r, const char *fmt,...)
{
	char		buf[256];
	va_list		args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	if (r->reason == NULL)
		r->reason = pstrdup(buf);
	return false;
}

/*
 * get_u32_at
 *		The little-endian uint32 at p.
 */
static uint32
get_u32_at(const unsigned char *p)
{
	return (uint32) p[0] | ((uint32) p[1] << 8) | ((uint32) p[2] << 16) |
		((uint32) p[3] << 24);
}

/*
 * read_u8
 *		The next byte, or false at the end of the data.
 */
static bool
read_u8(PolicyReader *r, uint8 *value)
{
	if (r->len - r->off < 1)
		return fail(r, "unexpected end of data at byte %zu", r->off);
	*value = r->data[r->off++];
	return true;
}

/*
 * read_u32
 *		The next little-endian uint32, or false at the end of the data.
 */
static bool
read_u32(PolicyReader *r, uint32 *value)
{
	if (r->len - r->off < 4)
		return fail(r, "unexpected end of data at byte %zu", r->off);
	*value = get_u32_at(r->data + r->off);
	r->off += 4;
	return true;
}

/*
 * read_count
 *		A count of items of at least item_bytes each, checked against what
 *		remains so that nothing is allocated for items that cannot be there.
 */
static bool
read_count(PolicyReader *r, Size item_bytes, const char *what, uint32 *count)
{
	Size		at = r->off;

	if (!read_u32(r, count))
		return false;
	if ((uint64) *count > (uint64) (r->len - r->off) / item_bytes)
		return fail(r, "%s %u at byte %zu exceeds the data", what, *count, at);
	return true;
}

/*
 * string_at
 *		The string of index idx, read at byte at.
 */
static bool
string_at(PolicyReader *r, uint32 idx, Size at, const char **s)
{
	if (idx >= r->nstrings)
		return fail(r, "string index %u at byte %zu is out of range; the table has %u strings",
					idx, at, r->nstrings);
	*s = r->strings[idx];
	return true;
}

/*
 * read_string
 *		A string index and its string; the index goes to *idx when asked.
 */
static bool
read_string(PolicyReader *r, const char **s, uint32 *idx)
{
	Size		at = r->off;
	uint32		i = 0;

	if (!read_u32(r, &i) || !string_at(r, i, at, s))
		return false;
	if (idx)
		*idx = i;
	return true;
}

/*
 * is_name
 *		Whether s is a policy or rule name: [a-z0-9]+ groups joined by "-".
 */
static bool
is_name(const char *s)
{
	Size		n = strlen(s);
	Size		i;

	if (n == 0 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (i = 0; i < n; i++)
	{
		char		c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			  (c == '-' && s[i - 1] != '-')))
			return false;
	}
	return true;
}

/*
 * read_strings
 *		The string table: each string valid UTF-8 without zero bytes, and
 *		none repeated (names are written once), so that strings are equal
 *		exactly when their indexes are.
 */
static bool
read_strings(PolicyReader *r)
{
	uint32		count = 0;
	uint32		i;
	uint32		nslots;
	int32	   *slots;

	if (!read_count(r, 4, "string count", &count))
		return false;
	r->strings = palloc0(sizeof(char *) * Max(count, 1));
	r->rule_name_used = palloc0(sizeof(bool) * Max(count, 1));
	r->executor_mark = palloc0(sizeof(uint32) * Max(count, 1));
	/* open addressing, at most half full */
	nslots = 2;
	while (nslots < count * 2)
		nslots <<= 1;
	slots = palloc(sizeof(int32) * nslots);
	memset(slots, -1, sizeof(int32) * nslots);

	for (i = 0; i < count; i++)
	{
		uint32		length = 0;
		const char *bytes;
		char	   *s;
		uint32		slot;

		if (!read_u32(r, &length))
			return false;
		if (length > r->len - r->off)
			return fail(r, "unexpected end of data at byte %zu", r->off - 4);
		bytes = (const char *) r->data + r->off;
		if (memchr(bytes, 0, length) != NULL)
			return fail(r, "string %u contains a zero byte", i);
		if (pg_encoding_verifymbstr(PG_UTF8, bytes, length) != (int) length)
			return fail(r, "string %u is not valid UTF-8", i);
		s = palloc(length + 1);
		memcpy(s, bytes, length);
		s[length] = '\0';
		r->off += length;

		slot = hash_bytes((const unsigned char *) s, length) & (nslots - 1);
		while (slots[slot] >= 0)
		{
			if (strcmp(r->strings[slots[slot]], s) == 0)
				return fail(r, "string %u repeats string %d", i, slots[slot]);
			slot = (slot + 1) & (nslots - 1);
		}
		slots[slot] = (int32) i;
		r->strings[i] = s;
		r->nstrings = i + 1;
	}
	pfree(slots);
	return true;
}

/*
 * read_list
 *		A count and that many string indexes.  An absent list (count
 *		TL_POLICY_ABSENT) is allowed only when optional; then it must not be
 *		empty either.
 */
static bool
read_list(PolicyReader *r, bool optional, TracelabPolicyList *list)
{
	Size		at = r->off;
	uint32		count = 0;
	uint32		i;

	if (optional)
	{
		if (!read_u32(r, &count))
			return false;
		if (count == TL_POLICY_ABSENT)
		{
			list->count = -1;
			list->items = NULL;
			return true;
		}
		r->off = at;
	}
	if (!read_count(r, 4, "list count", &count))
		return false;
	if (optional && count == 0)
		return fail(r, "empty list at byte %zu", at);
	list->count = (int) count;
	list->items = palloc(sizeof(char *) * Max(count, 1));
	for (i = 0; i < count; i++)
		if (!read_string(r, &list->items[i], NULL))
			return false;
	return true;
}

/*
 * read_roles
 *		trust: roles: each executing role once, with the roles it trusts.
 */
static bool
read_roles(PolicyReader *r, uint32 rule_number, TracelabPolicyRule *rule)
{
	uint32		count = 0;
	uint32		i;

	if (!read_count(r, 8, "role count", &count))
		return false;
	rule->nroles = (int) count;
	rule->roles = palloc0(sizeof(TracelabPolicyRoles) * Max(count, 1));
	for (i = 0; i < count; i++)
	{
		Size		at = r->off;
		uint32		idx = 0;

		if (!read_string(r, &rule->roles[i].executor, &idx))
			return false;
		if (r->executor_mark[idx] == rule_number + 1)
			return fail(r, "role at byte %zu is listed twice in trust roles", at);
		r->executor_mark[idx] = rule_number + 1;
		if (!read_list(r, false, &rule->roles[i].trusted))
			return false;
	}
	return true;
}

/*
 * read_when
 *		The when: conditions: flags, the entry-kinds mask, the phases mask.
 */
static bool
read_when(PolicyReader *r, TracelabPolicyRule *rule)
{
	const uint8 defined = TL_POLICY_WHEN_ENTRY_KINDS | TL_POLICY_WHEN_PLANNER |
		TL_POLICY_WHEN_PHASES | TL_POLICY_WHEN_EXECUTOR_CONDITION |
		TL_POLICY_WHEN_EXECUTOR_IS_SUPERUSER;
	Size		at = r->off;
	uint8		flags = 0;
	uint32		low = 0;
	uint32		high = 0;
	uint64		kinds;
	uint32		phases = 0;

	if (!read_u8(r, &flags))
		return false;
	if ((flags & ~defined) != 0 ||
		((flags & TL_POLICY_WHEN_PLANNER) && !(flags & TL_POLICY_WHEN_ENTRY_KINDS)) ||
		((flags & TL_POLICY_WHEN_EXECUTOR_IS_SUPERUSER) &&
		 !(flags & TL_POLICY_WHEN_EXECUTOR_CONDITION)))
		return fail(r, "when flags 0x%x at byte %zu are invalid", flags, at);

	at = r->off;
	if (!read_u32(r, &low) || !read_u32(r, &high))
		return false;
	kinds = (uint64) low | ((uint64) high << 32);
	rule->has_entry_kinds = (flags & TL_POLICY_WHEN_ENTRY_KINDS) != 0;
	rule->planner = (flags & TL_POLICY_WHEN_PLANNER) != 0;
	if ((kinds & ~TL_POLICY_VALID_ENTRY_KINDS) != 0 ||
		(!rule->has_entry_kinds && kinds != 0) ||
		(rule->has_entry_kinds && kinds == 0 && !rule->planner))
		return fail(r, "entry kinds 0x%llx at byte %zu are invalid",
					(unsigned long long) kinds, at);
	rule->entry_kinds = kinds;

	at = r->off;
	if (!read_u32(r, &phases))
		return false;
	rule->has_phases = (flags & TL_POLICY_WHEN_PHASES) != 0;
	if ((phases & ~TL_POLICY_VALID_PHASES) != 0 ||
		(!rule->has_phases && phases != 0) ||
		(rule->has_phases && phases == 0))
		return fail(r, "phases 0x%x at byte %zu are invalid", phases, at);
	rule->phases = phases;

	if (flags & TL_POLICY_WHEN_EXECUTOR_CONDITION)
		rule->executor_is_superuser =
			(flags & TL_POLICY_WHEN_EXECUTOR_IS_SUPERUSER) ? 1 : 0;
	else
		rule->executor_is_superuser = -1;
	return true;
}

/*
 * read_rule
 *		One rule, in the order of POLICY_FORMAT.md.
 */
static bool
read_rule(PolicyReader *r, uint32 rule_number, TracelabPolicyRule *rule)
{
	Size		at = r->off;
	uint32		idx = 0;
	uint8		b = 0;
	uint32		message = 0;

	if (!read_string(r, &rule->name, &idx))
		return false;
	if (!is_name(rule->name))
		return fail(r, "rule name at byte %zu is invalid", at);
	if (r->rule_name_used[idx])
		return fail(r, "rule name at byte %zu repeats an earlier rule's", at);
	r->rule_name_used[idx] = true;

	at = r->off;
	if (!read_u32(r, &rule->operations))
		return false;
	if (rule->operations == 0 ||
		(rule->operations & ~TL_POLICY_VALID_OPERATIONS) != 0)
		return fail(r, "operation kinds 0x%x at byte %zu are invalid",
					rule->operations, at);

	if (!read_list(r, true, &rule->commands) ||
		!read_list(r, true, &rule->objects))
		return false;

	at = r->off;
	if (!read_u8(r, &b))
		return false;
	if ((b & ~(TL_POLICY_TRUST_SELF | TL_POLICY_TRUST_SUPERUSERS)) != 0)
		return fail(r, "trust flags 0x%x at byte %zu are undefined", b, at);
	rule->trust_self = (b & TL_POLICY_TRUST_SELF) != 0;
	rule->trust_superusers = (b & TL_POLICY_TRUST_SUPERUSERS) != 0;

	at = r->off;
	if (!read_u8(r, &rule->membership))
		return false;
	if (rule->membership > TL_POLICY_MEMBERSHIP_INHERITED)
		return fail(r, "membership %u at byte %zu is undefined",
					rule->membership, at);

	at = r->off;
	if (!read_u32(r, &rule->infrastructure))
		return false;
	if ((rule->infrastructure & ~TL_POLICY_VALID_INFRA) != 0)
		return fail(r, "infrastructure 0x%x at byte %zu is undefined",
					rule->infrastructure, at);

	if (!read_roles(r, rule_number, rule))
		return false;

	at = r->off;
	if (!read_u8(r, &rule->scope))
		return false;
	if (rule->scope > TL_POLICY_SCOPE_IMMEDIATE_CALLER)
		return fail(r, "scope %u at byte %zu is undefined", rule->scope, at);

	if (!read_when(r, rule))
		return false;

	at = r->off;
	if (!read_u8(r, &rule->action))
		return false;
	if (rule->action != TL_POLICY_ACTION_WARN &&
		rule->action != TL_POLICY_ACTION_BLOCK)
		return fail(r, "action %u at byte %zu is undefined", rule->action, at);

	at = r->off;
	if (!read_u32(r, &message))
		return false;
	rule->message = NULL;
	if (message != TL_POLICY_ABSENT)
	{
		if (!string_at(r, message, at, &rule->message))
			return false;
		if (rule->message[0] == '\0')
			return fail(r, "empty message at byte %zu", at);
	}
	return true;
}

/*
 * read_header
 *		Size, magic, version, flags, declared length and checksum.
 */
static bool
read_header(PolicyReader *r)
{
	uint32		version;
	uint32		flags;
	uint32		length;
	pg_crc32c	stored;
	pg_crc32c	computed;

	if (r->len > TL_POLICY_MAX_BYTES)
		return fail(r, "data has %zu bytes, more than the %d a compiled policy may have",
					r->len, TL_POLICY_MAX_BYTES);
	if (r->len < TL_POLICY_HEADER_BYTES)
		return fail(r, "data has %zu bytes, fewer than the %d of the header",
					r->len, TL_POLICY_HEADER_BYTES);
	if (memcmp(r->data, TL_POLICY_MAGIC, TL_POLICY_MAGIC_LEN) != 0)
		return fail(r, "data does not start with \"%s\"", TL_POLICY_MAGIC);
	version = (uint32) r->data[8] | ((uint32) r->data[9] << 8);
	if (version != TL_POLICY_FORMAT_VERSION)
		return fail(r, "unsupported format version %u; this build reads version %d",
					version, TL_POLICY_FORMAT_VERSION);
	flags = (uint32) r->data[10] | ((uint32) r->data[11] << 8);
	if (flags != 0)
		return fail(r, "undefined header flags 0x%x", flags);
	length = get_u32_at(r->data + 12);
	if (length != r->len)
		return fail(r, "declared length %u does not match the data's %zu bytes",
					length, r->len);
	stored = get_u32_at(r->data + TL_POLICY_CHECKSUM_OFFSET);
	INIT_CRC32C(computed);
	COMP_CRC32C(computed, r->data + TL_POLICY_HEADER_BYTES,
				r->len - TL_POLICY_HEADER_BYTES);
	FIN_CRC32C(computed);
	if (stored != computed)
		return fail(r, "checksum mismatch: stored 0x%08x, computed 0x%08x",
					stored, computed);
	return true;
}

/*
 * read_policy
 *		The whole buffer: header, strings, policy fields, rules, no more.
 */
static bool
read_policy(PolicyReader *r, TracelabPolicy *policy)
{
	Size		at;
	uint32		nrules = 0;
	uint32		i;

	if (!read_header(r))
		return false;
	r->off = TL_POLICY_HEADER_BYTES;
	if (!read_strings(r))
		return false;

	at = r->off;
	if (!read_string(r, &policy->name, NULL))
		return false;
	if (!is_name(policy->name))
		return fail(r, "policy name at byte %zu is invalid", at);
	if (!read_string(r, &policy->description, NULL))
		return false;
	at = r->off;
	if (!read_u8(r, &policy->default_action))
		return false;
	if (policy->default_action > TL_POLICY_ACTION_BLOCK)
		return fail(r, "default action %u at byte %zu is undefined",
					policy->default_action, at);

	if (!read_count(r, MIN_RULE_BYTES, "rule count", &nrules))
		return false;
	policy->nrules = (int) nrules;
	policy->rules = palloc0(sizeof(TracelabPolicyRule) * Max(nrules, 1));
	for (i = 0; i < nrules; i++)
		if (!read_rule(r, i, &policy->rules[i]))
			return false;

	if (r->off != r->len)
		return fail(r, "%zu bytes follow the last rule", r->len - r->off);
	return true;
}

/*
 * tracelab_policy_load
 *		Parse len bytes at data into a policy allocated in a new child
 *		context of cxt; NULL with *reason (in the caller's context) when the
 *		bytes are not a compiled policy this build reads.
 */
TracelabPolicy *
tracelab_policy_load(const char *data, Size len, MemoryContext cxt,
					 char **reason)
{
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext policy_cxt;
	PolicyReader r;
	TracelabPolicy *policy;
	bool		ok;

	policy_cxt = AllocSetContextCreate(cxt, "tracelab policy",
									   ALLOCSET_SMALL_SIZES);
	memset(&r, 0, sizeof(r));
	r.data = (const unsigned char *) data;
	r.len = len;
	r.cxt = policy_cxt;

	MemoryContextSwitchTo(policy_cxt);
	policy = palloc0(sizeof(TracelabPolicy));
	ok = read_policy(&r, policy);
	MemoryContextSwitchTo(caller);

	if (!ok)
	{
		*reason = pstrdup(r.reason ? r.reason : "unknown reason");
		MemoryContextDelete(policy_cxt);
		return NULL;
	}
	/* the reader's bookkeeping is not part of the policy */
	pfree(r.rule_name_used);
	pfree(r.executor_mark);
	*reason = NULL;
	return policy;
}
