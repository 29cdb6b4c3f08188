/*-------------------------------------------------------------------------
 *
 * policy_batch.c
 *	  Reading the chain batches and compiled policies the evaluator's and
 *	  the renderer's test functions take (policy_decide_batch.c,
 *	  policy_render_batch.c), and the loop that decides every chain of a
 *	  batch under every policy for both.
 *
 * The differential tests hold the probe's evaluator and renderer to the
 * C# ones on hundreds of thousands of random chains, so one call takes a
 * whole batch of them (the encoding is in ENFORCEMENT.md).  Each chain
 * carries the role catalogue its owners and executor are looked up in; the
 * role-facts callbacks answer from it exactly as the C# RoleCatalog does (a
 * role not listed is unknown and inherits nothing; inherited membership
 * follows grants only through roles with INHERIT), which is what live
 * enforcement answers from the catalogs instead.  Version 1 of the batch
 * carries what the evaluator needs; version 2 adds, per entry, what only
 * messages need (object name, command, seq, object oid, inlined).
 *
 * Malformed input raises a clean ERROR; every count is checked against the
 * bytes that remain before anything is allocated for it.
 *
 * src/Recorder/Probe/policy_batch.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <limits.h>

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/memutils.h"

#include "policy_batch.h"

#define BATCH_MAGIC			"TLCHAINS"
#define BATCH_MAGIC_LEN		8
#define BATCH_MIN_VERSION	1
#define BATCH_MAX_VERSION	2
#define BATCH_ROLE_SUPERUSER	0x01
#define BATCH_ROLE_INHERIT		0x02
#define BATCH_COPY_KNOWN		0x01
#define BATCH_COPY_FROM			0x02
#define BATCH_COPY_PROGRAM		0x04
#define BATCH_ENTRY_CANDIDATE	0x01
#define BATCH_ENTRY_SWITCH		0x02
#define BATCH_ENTRY_SYNTHETIC	0x04
#define BATCH_ENTRY_INLINED		0x08	/* version 2 */
#define BATCH_NO_STRING			0xFFFFFFFF
/* the fewest bytes a role and an entry take */
#define MIN_ROLE_BYTES		13
#define ENTRY_BYTES_V1		8
#define ENTRY_BYTES_V2		(ENTRY_BYTES_V1 + 4 + 4 + 8 + 4)
#define ENTRY_BYTES(version) \
	((version) >= 2 ? ENTRY_BYTES_V2 : ENTRY_BYTES_V1)

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

static int64
get_i64(BatchReader *r)
{
	uint64		low = get_u32(r);
	uint64		high = get_u32(r);

	return (int64) (low | (high << 32));
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
 * get_string_of
 *		n bytes at the reader's position, copied with a terminator; no zero
 *		bytes.
 */
static const char *
get_string_of(BatchReader *r, int n, Size at)
{
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
 * get_string
 *		A length-prefixed string.
 */
static const char *
get_string(BatchReader *r)
{
	Size		at = r->off;
	int			n = get_count(r, 1, "string length");

	return get_string_of(r, n, at);
}

/*
 * get_optional_string
 *		A length-prefixed string, or NULL for the length 0xFFFFFFFF.
 */
static const char *
get_optional_string(BatchReader *r)
{
	need(r, 4);
	if (r->data[r->off] == 0xFF && r->data[r->off + 1] == 0xFF &&
		r->data[r->off + 2] == 0xFF && r->data[r->off + 3] == 0xFF)
	{
		r->off += 4;
		return NULL;
	}
	return get_string(r);
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
 * read_entry
 *		One link of a chain; in version 1 without name, command and seq.
 */
static void
read_entry(BatchReader *r, int i, TracelabChainEntry *entry)
{
	uint8		valid_flags = BATCH_ENTRY_CANDIDATE | BATCH_ENTRY_SWITCH |
		BATCH_ENTRY_SYNTHETIC | (r->version >= 2 ? BATCH_ENTRY_INLINED : 0);
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
		(flags & ~valid_flags) != 0)
		batch_fail(r, "invalid entry %d at byte %zu (kind %u, phase %u, traits %u, flags 0x%x)",
				   i, r->off - 4, entry->kind, entry->phase, entry->traits, flags);
	entry->candidate = (flags & BATCH_ENTRY_CANDIDATE) != 0;
	entry->privilege_switch = (flags & BATCH_ENTRY_SWITCH) != 0;
	entry->synthetic = (flags & BATCH_ENTRY_SYNTHETIC) != 0;
	entry->inlined = (flags & BATCH_ENTRY_INLINED) != 0;
	entry->owner = get_u32(r);
	if (r->version < 2)
	{
		entry->object_name = "";
		entry->command = NULL;
		entry->seq = 0;
		entry->object_oid = InvalidOid;
		return;
	}
	entry->object_name = get_string(r);
	entry->command = get_optional_string(r);
	entry->seq = get_i64(r);
	entry->object_oid = get_u32(r);
}

/*
 * tracelab_batch_read_chain
 *		The next operation of the batch and its chain, with its catalogue and
 *		the callbacks that answer from it; allocated in the current context.
 */
void
tracelab_batch_read_chain(BatchReader *r, BatchChain *chain)
{
	TracelabChainInput *input = &chain->input;
	TracelabChainEntry *entries;
	const char **objects;
	uint8		copy;
	int			i;

	r->chain++;
	read_catalogue(r, &chain->catalogue);
	chain->api.arg = &chain->catalogue;
	chain->api.describe = batch_describe;
	chain->api.is_member = batch_is_member;
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
	input->nentries = get_count(r, ENTRY_BYTES(r->version), "entry");
	if (input->nentries == 0)
		batch_fail(r, "entry count is 0");
	entries = palloc0(sizeof(TracelabChainEntry) * input->nentries);
	for (i = 0; i < input->nentries; i++)
		read_entry(r, i, &entries[i]);
	input->entries = entries;
}

/*
 * tracelab_batch_for_each_chain
 *		Read the next nchains chains and decide each under every policy,
 *		handing every decision to callback, chain by chain in policy order.
 *		A chain and whatever callback allocates for it live in a context
 *		reset after the chain, so a batch of any length takes the memory of
 *		one chain.
 */
void
tracelab_batch_for_each_chain(BatchReader *r, uint32 nchains,
							  TracelabPolicy **policies, int npolicies,
							  BatchDecisionCallback callback, void *arg)
{
	MemoryContext chain_cxt;
	uint32		c;

	chain_cxt = AllocSetContextCreate(CurrentMemoryContext,
									  "tracelab chain batch",
									  ALLOCSET_DEFAULT_SIZES);
	for (c = 0; c < nchains; c++)
	{
		MemoryContext old;
		BatchChain	chain;
		TracelabEntryScratch *scratch;
		int			p;

		CHECK_FOR_INTERRUPTS();
		old = MemoryContextSwitchTo(chain_cxt);
		tracelab_batch_read_chain(r, &chain);
		scratch = palloc(sizeof(TracelabEntryScratch) * chain.input.nentries);
		for (p = 0; p < npolicies; p++)
		{
			TracelabDecision decision;

			tracelab_policy_decide(policies[p], &chain.input, &chain.api,
								   scratch, &decision);
			callback(arg, c, p, policies[p], &chain, &decision);
		}
		MemoryContextSwitchTo(old);
		MemoryContextReset(chain_cxt);
	}
	MemoryContextDelete(chain_cxt);
}

/*
 * tracelab_batch_begin
 *		Start reading chains: check the magic and the version, and return the
 *		chain count.  With result_bytes, fail when so many bytes per chain and
 *		policy would not fit in one result.
 */
uint32
tracelab_batch_begin(BatchReader *r, bytea *chains, int npolicies,
					 Size result_bytes)
{
	uint32		nchains;

	r->data = (const unsigned char *) VARDATA_ANY(chains);
	r->len = VARSIZE_ANY_EXHDR(chains);
	r->off = 0;
	r->chain = 0;
	r->version = 0;
	need(r, BATCH_MAGIC_LEN);
	if (memcmp(r->data, BATCH_MAGIC, BATCH_MAGIC_LEN) != 0)
		batch_fail(r, "the data does not start with \"%s\"", BATCH_MAGIC);
	r->off = BATCH_MAGIC_LEN;
	r->version = get_u16(r);
	if (r->version < BATCH_MIN_VERSION || r->version > BATCH_MAX_VERSION)
		batch_fail(r, "unsupported batch version %u; this build reads versions %d to %d",
				   r->version, BATCH_MIN_VERSION, BATCH_MAX_VERSION);
	/* a chain takes at least its counts, kinds, command and one entry */
	nchains = (uint32) get_count(r, 4 + 4 + 2 + 4 + 4 + 4 +
								 ENTRY_BYTES(r->version), "chain");
	if (result_bytes > 0 && (uint64) nchains * Max(npolicies, 1) *
		result_bytes > MaxAllocSize - VARHDRSZ)
		batch_fail(r, "%u chains under %d policies give more than 1 GB of results",
				   nchains, npolicies);
	return nchains;
}

/*
 * tracelab_batch_end
 *		Fail unless the last chain ended the data.
 */
void
tracelab_batch_end(BatchReader *r)
{
	r->chain = 0;
	if (r->off != r->len)
		batch_fail(r, "unexpected data after the last chain at byte %zu", r->off);
}

/*
 * tracelab_batch_load_policies
 *		Every compiled policy of the array, in a child of cxt.
 */
TracelabPolicy **
tracelab_batch_load_policies(ArrayType *array, MemoryContext cxt,
							 int *npolicies)
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
