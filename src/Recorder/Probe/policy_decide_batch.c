/*-------------------------------------------------------------------------
 *
 * policy_decide_batch.c
 *	  tracelab_policy_decide_batch(bytea[], bytea) and
 *	  tracelab_policy_command_tags(): the evaluator's test functions.
 *
 * The differential test proves that the C evaluator (policy_eval.c) decides
 * exactly as the C# one, on hundreds of thousands of random chains under
 * many policies.  One call decides a whole batch of chains (the encoding is
 * in ENFORCEMENT.md) under every policy of an array, so the cost is the
 * evaluation, not a round trip per chain.  Each chain carries the role
 * catalogue its owners and executor are looked up in; the role-facts
 * callbacks answer from it exactly as the C# RoleCatalog does (a role not
 * listed is unknown and inherits nothing; inherited membership follows
 * grants only through roles with INHERIT), which is what live enforcement
 * will answer from the catalogs instead.  The second function lists every
 * command tag of the running server, so the test can check both command
 * tables on all of them.
 *
 * Both are superuser-only (the scripts also revoke EXECUTE from PUBLIC) and
 * only read their arguments.  Malformed input raises a clean ERROR; every
 * count is checked against the bytes that remain before anything is
 * allocated for it.
 *
 * src/Recorder/Probe/policy_decide_batch.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "tcop/cmdtag.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "policy.h"

PG_FUNCTION_INFO_V1(tracelab_policy_decide_batch);
PG_FUNCTION_INFO_V1(tracelab_policy_command_tags);

#define BATCH_MAGIC			"TLCHAINS"
#define BATCH_MAGIC_LEN		8
#define BATCH_VERSION		1
#define BATCH_ROLE_SUPERUSER	0x01
#define BATCH_ROLE_INHERIT		0x02
#define BATCH_COPY_KNOWN		0x01
#define BATCH_COPY_FROM			0x02
#define BATCH_COPY_PROGRAM		0x04
#define BATCH_ENTRY_CANDIDATE	0x01
#define BATCH_ENTRY_SWITCH		0x02
#define BATCH_ENTRY_SYNTHETIC	0x04
/* the fewest bytes a role and an entry take */
#define MIN_ROLE_BYTES		13
#define ENTRY_BYTES			8
#define RESULT_BYTES		9

/* a role of a chain's catalogue */
typedef struct BatchRole
{
	Oid			oid;
	bool		superuser;
	bool		inherit;
	const char *name;
	int			nmember_of;
	Oid		   *member_of;
} BatchRole;

/* the catalogue the role-facts callbacks answer from */
typedef struct BatchCatalogue
{
	int			nroles;
	BatchRole  *roles;
	Oid		   *walk;			/* room for every role a walk can meet */
} BatchCatalogue;

typedef struct BatchReader
{
	const unsigned char *data;
	Size		len;
	Size		off;
	uint32		chain;			/* 1-based, for messages */
} BatchReader;

static void batch_fail(BatchReader *r, const char *fmt,...)
			pg_attribute_printf(2, 3) pg_attribute_noreturn();

/*
 * batch_fail
 *		Raise the ERROR for a malformed batch.
 */
static void
batch_fail(BatchReader *r, const char *fmt,...)
{
	char		buf[256];
	va_list		args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	/* a DETAIL is a sentence */
	buf[0] = pg_ascii_toupper((unsigned char) buf[0]);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid chain batch"),
			 r->chain > 0 ?
			 errdetail("%s in chain %u.", buf, r->chain) :
			 errdetail("%s.", buf)));
}

/*
 * need
 *		Fail unless n more bytes remain.
 */
static void
need(BatchReader *r, Size n)
{
	if (r->len - r->off < n)
		batch_fail(r, "unexpected end of data at byte %zu", r->off);
}

static uint8
get_u8(BatchReader *r)
{
	need(r, 1);
	return r->data[r->off++];
}

static uint16
get_u16(BatchReader *r)
{
	uint16		v;

	need(r, 2);
	v = (uint16) r->data[r->off] | ((uint16) r->data[r->off + 1] << 8);
	r->off += 2;
	return v;
}

static uint32
get_u32(BatchReader *r)
{
	const unsigned char *p;

	need(r, 4);
	p = r->data + r->off;
	r->off += 4;
	return (uint32) p[0] | ((uint32) p[1] << 8) | ((uint32) p[2] << 16) |
		((uint32) p[3] << 24);
}

/*
 * get_count
 *		A count of items of at least item_bytes each that fit in what remains.
 */
static int
get_count(BatchReader *r, Size item_bytes, const char *what)
{
	Size		at = r->off;
	uint32		n = get_u32(r);

	if ((uint64) n * item_bytes > (uint64) (r->len - r->off) || n > INT_MAX / 2)
		batch_fail(r, "%s count %u at byte %zu exceeds the data", what, n, at);
	return (int) n;
}

/*
 * get_string
 *		A length-prefixed string, copied with a terminator; no zero bytes.
 */
static const char *
get_string(BatchReader *r)
{
	Size		at = r->off;
	int			n = get_count(r, 1, "string length");
	char	   *s;

	if (memchr(r->data + r->off, '\0', n) != NULL)
		batch_fail(r, "string at byte %zu contains a zero byte", at);
	s = palloc(n + 1);
	memcpy(s, r->data + r->off, n);
	s[n] = '\0';
	r->off += n;
	return s;
}

/*
 * find_role
 *		The catalogue's role of that oid (the last listed), or NULL.
 */
static const BatchRole *
find_role(const BatchCatalogue *cat, Oid oid)
{
	int			i;

	for (i = cat->nroles - 1; i >= 0; i--)
		if (cat->roles[i].oid == oid)
			return &cat->roles[i];
	return NULL;
}

/*
 * batch_describe
 *		TracelabRoleFactsApi.describe from the chain's catalogue.
 */
static void
batch_describe(void *arg, Oid role, TracelabRoleFacts *facts)
{
	const BatchRole *found = find_role((const BatchCatalogue *) arg, role);

	facts->known = found != NULL;
	facts->superuser = found != NULL && found->superuser;
	facts->name = found != NULL ? found->name : NULL;
}

/*
 * batch_is_member
 *		TracelabRoleFactsApi.is_member from the chain's catalogue: a direct
 *		grant, or a breadth-first walk of grants that expands only roles with
 *		INHERIT (RoleCatalog.MembershipsOf).
 */
static bool
batch_is_member(void *arg, Oid member, Oid role, bool direct)
{
	const BatchCatalogue *cat = (const BatchCatalogue *) arg;
	Oid		   *walk = cat->walk;
	int			head = 0;
	int			tail = 0;
	int			i;
	int			j;

	if (direct)
	{
		const BatchRole *found = find_role(cat, member);

		if (found == NULL)
			return false;
		for (i = 0; i < found->nmember_of; i++)
			if (found->member_of[i] == role)
				return true;
		return false;
	}

	walk[tail++] = member;
	while (head < tail)
	{
		const BatchRole *current = find_role(cat, walk[head++]);

		if (current == NULL || !current->inherit)
			continue;
		for (i = 0; i < current->nmember_of; i++)
		{
			Oid			granted = current->member_of[i];
			bool		seen = false;

			for (j = 0; j < tail && !seen; j++)
				seen = walk[j] == granted;
			if (seen)
				continue;
			if (granted == role)
				return true;
			walk[tail++] = granted;
		}
	}
	return false;
}

/*
 * read_catalogue
 *		A chain's roles; the walk gets room for every oid they mention.
 */
static void
read_catalogue(BatchReader *r, BatchCatalogue *cat)
{
	int			total = 1;
	int			i;
	int			j;

	cat->nroles = get_count(r, MIN_ROLE_BYTES, "role");
	cat->roles = palloc(sizeof(BatchRole) * Max(cat->nroles, 1));
	for (i = 0; i < cat->nroles; i++)
	{
		BatchRole  *role = &cat->roles[i];
		uint8		flags;

		role->oid = get_u32(r);
		flags = get_u8(r);
		if (flags & ~(BATCH_ROLE_SUPERUSER | BATCH_ROLE_INHERIT))
			batch_fail(r, "invalid role flags 0x%x at byte %zu", flags, r->off - 1);
		role->superuser = (flags & BATCH_ROLE_SUPERUSER) != 0;
		role->inherit = (flags & BATCH_ROLE_INHERIT) != 0;
		role->name = get_string(r);
		role->nmember_of = get_count(r, 4, "membership");
		role->member_of = palloc(sizeof(Oid) * Max(role->nmember_of, 1));
		for (j = 0; j < role->nmember_of; j++)
			role->member_of[j] = get_u32(r);
		total += role->nmember_of;
	}
	cat->walk = palloc(sizeof(Oid) * total);
}

/*
 * read_chain
 *		One operation and its chain, with its catalogue.
 */
static void
read_chain(BatchReader *r, TracelabChainInput *input, BatchCatalogue *cat)
{
	TracelabChainEntry *entries;
	const char **objects;
	uint8		copy;
	int			i;

	read_catalogue(r, cat);
	input->executor = get_u32(r);
	input->kind = get_u8(r);
	if (input->kind > TL_POLICY_OPERATION_KIND_ROLE_SWITCH)
		batch_fail(r, "invalid operation kind %u at byte %zu", input->kind, r->off - 1);
	copy = get_u8(r);
	if (copy & ~(BATCH_COPY_KNOWN | BATCH_COPY_FROM | BATCH_COPY_PROGRAM))
		batch_fail(r, "invalid copy flags 0x%x at byte %zu", copy, r->off - 1);
	input->copy_known = (copy & BATCH_COPY_KNOWN) != 0;
	input->copy_from = (copy & BATCH_COPY_FROM) != 0;
	input->copy_program = (copy & BATCH_COPY_PROGRAM) != 0;
	input->command = get_string(r);
	input->nobjects = get_count(r, 4, "object");
	objects = palloc(sizeof(char *) * Max(input->nobjects, 1));
	for (i = 0; i < input->nobjects; i++)
		objects[i] = get_string(r);
	input->objects = objects;
	input->nentries = get_count(r, ENTRY_BYTES, "entry");
	if (input->nentries == 0)
		batch_fail(r, "entry count is 0");
	entries = palloc0(sizeof(TracelabChainEntry) * input->nentries);
	for (i = 0; i < input->nentries; i++)
	{
		TracelabChainEntry *entry = &entries[i];
		uint8		flags;

		entry->kind = get_u8(r);
		entry->phase = get_u8(r);
		entry->traits = get_u8(r);
		flags = get_u8(r);
		if (entry->kind > TL_POLICY_ENTRY_MAINTENANCE ||
			entry->phase > TL_POLICY_PHASE_COMMIT ||
			entry->traits > (TL_POLICY_TRAIT_TYPE_OUTPUT_FUNCTION |
							 TL_POLICY_TRAIT_OPERATOR_CLASS |
							 TL_POLICY_TRAIT_EXTENSION_MEMBER) ||
			flags > (BATCH_ENTRY_CANDIDATE | BATCH_ENTRY_SWITCH | BATCH_ENTRY_SYNTHETIC))
			batch_fail(r, "invalid entry %d at byte %zu (kind %u, phase %u, traits %u, flags 0x%x)",
					   i, r->off - 4, entry->kind, entry->phase, entry->traits, flags);
		entry->candidate = (flags & BATCH_ENTRY_CANDIDATE) != 0;
		entry->privilege_switch = (flags & BATCH_ENTRY_SWITCH) != 0;
		entry->synthetic = (flags & BATCH_ENTRY_SYNTHETIC) != 0;
		entry->owner = get_u32(r);
	}
	input->entries = entries;
}

/*
 * load_policies
 *		Every compiled policy of the array, in a child of cxt.
 */
static TracelabPolicy **
load_policies(ArrayType *array, MemoryContext cxt, int *npolicies)
{
	Datum	   *items;
	bool	   *nulls;
	TracelabPolicy **policies;
	int			i;

	deconstruct_array(array, BYTEAOID, -1, false, TYPALIGN_INT,
					  &items, &nulls, npolicies);
	policies = palloc(sizeof(TracelabPolicy *) * Max(*npolicies, 1));
	for (i = 0; i < *npolicies; i++)
	{
		bytea	   *data;
		char	   *reason;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("policy %d of the array is null", i + 1)));
		data = DatumGetByteaPP(items[i]);
		policies[i] = tracelab_policy_load(VARDATA_ANY(data),
										   VARSIZE_ANY_EXHDR(data),
										   cxt, &reason);
		if (policies[i] == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid compiled policy"),
					 errdetail("Policy %d of the array: %s.", i + 1, reason),
					 errhint("Compile the policy again with \"tracelab policies compile\".")));
	}
	return policies;
}

/*
 * put_i32
 *		Append a little-endian int32.
 */
static void
put_i32(StringInfo buf, int32 value)
{
	uint32		v = (uint32) value;
	char		bytes[4];

	bytes[0] = (char) (v & 0xff);
	bytes[1] = (char) ((v >> 8) & 0xff);
	bytes[2] = (char) ((v >> 16) & 0xff);
	bytes[3] = (char) ((v >> 24) & 0xff);
	appendBinaryStringInfo(buf, bytes, 4);
}

/*
 * tracelab_policy_decide_batch
 *		SQL function: every chain of the batch decided under every policy of
 *		the array; per chain and policy (chain-major) the decision (u8), the
 *		culprit and the rule (int32, -1 for none).
 */
Datum
tracelab_policy_decide_batch(PG_FUNCTION_ARGS)
{
	ArrayType  *array;
	bytea	   *chains;
	BatchReader reader;
	MemoryContext chain_cxt;
	MemoryContext old;
	TracelabPolicy **policies;
	int			npolicies;
	uint32		nchains;
	StringInfoData out;
	bytea	   *result;
	uint32		c;
	int			p;

	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be superuser to decide chains under a compiled policy")));

	array = PG_GETARG_ARRAYTYPE_P(0);
	chains = PG_GETARG_BYTEA_PP(1);
	policies = load_policies(array, CurrentMemoryContext, &npolicies);

	reader.data = (const unsigned char *) VARDATA_ANY(chains);
	reader.len = VARSIZE_ANY_EXHDR(chains);
	reader.off = 0;
	reader.chain = 0;
	need(&reader, BATCH_MAGIC_LEN);
	if (memcmp(reader.data, BATCH_MAGIC, BATCH_MAGIC_LEN) != 0)
		batch_fail(&reader, "the data does not start with \"%s\"", BATCH_MAGIC);
	reader.off = BATCH_MAGIC_LEN;
	if (get_u16(&reader) != BATCH_VERSION)
		batch_fail(&reader, "unsupported batch version %u; this build reads version %d",
				   (unsigned) (reader.data[8] | (reader.data[9] << 8)), BATCH_VERSION);
	/* a chain takes at least its counts, kinds, command and one entry */
	nchains = (uint32) get_count(&reader, 4 + 4 + 2 + 4 + 4 + 4 + ENTRY_BYTES, "chain");
	if ((uint64) nchains * Max(npolicies, 1) * RESULT_BYTES > MaxAllocSize - VARHDRSZ)
		batch_fail(&reader, "%u chains under %d policies give more than 1 GB of results",
				   nchains, npolicies);

	initStringInfo(&out);
	enlargeStringInfo(&out, (int) (nchains * npolicies * RESULT_BYTES));
	chain_cxt = AllocSetContextCreate(CurrentMemoryContext,
									  "tracelab chain batch",
									  ALLOCSET_DEFAULT_SIZES);
	for (c = 0; c < nchains; c++)
	{
		TracelabChainInput input;
		BatchCatalogue cat;
		TracelabRoleFactsApi api;
		TracelabEntryScratch *scratch;

		CHECK_FOR_INTERRUPTS();
		reader.chain = c + 1;
		old = MemoryContextSwitchTo(chain_cxt);
		read_chain(&reader, &input, &cat);
		scratch = palloc(sizeof(TracelabEntryScratch) * input.nentries);
		MemoryContextSwitchTo(old);

		api.arg = &cat;
		api.describe = batch_describe;
		api.is_member = batch_is_member;
		for (p = 0; p < npolicies; p++)
		{
			TracelabDecision decision;

			tracelab_policy_decide(policies[p], &input, &api, scratch, &decision);
			appendStringInfoChar(&out, (char) decision.decision);
			put_i32(&out, decision.culprit);
			put_i32(&out, decision.rule);
		}
		MemoryContextReset(chain_cxt);
	}
	reader.chain = 0;
	if (reader.off != reader.len)
		batch_fail(&reader, "unexpected data after the last chain at byte %zu", reader.off);

	result = (bytea *) palloc(VARHDRSZ + out.len);
	SET_VARSIZE(result, VARHDRSZ + out.len);
	memcpy(VARDATA(result), out.data, out.len);
	PG_RETURN_BYTEA_P(result);
}

/*
 * tracelab_policy_command_tags
 *		SQL function: every command tag the server can report.
 */
Datum
tracelab_policy_command_tags(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;

	if (SRF_IS_FIRSTCALL())
	{
		if (!superuser())
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("must be superuser to list command tags")));
		funcctx = SRF_FIRSTCALL_INIT();
		funcctx->max_calls = COMMAND_TAG_NEXTTAG;
	}
	funcctx = SRF_PERCALL_SETUP();
	if (funcctx->call_cntr < funcctx->max_calls)
	{
		/* SRF_RETURN_NEXT advances call_cntr before it evaluates its result */
		Datum		tag = CStringGetTextDatum(GetCommandTagName((CommandTag) funcctx->call_cntr));

		SRF_RETURN_NEXT(funcctx, tag);
	}
	SRF_RETURN_DONE(funcctx);
}
