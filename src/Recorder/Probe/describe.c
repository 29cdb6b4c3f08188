/*-------------------------------------------------------------------------
 *
 * describe.c
 *	  Role, function and relation descriptors, interned per session.
 *
 * Frames refer to roles, functions and relations by oid.  The facts about
 * each oid (names, owner, SUPERUSER, SECURITY DEFINER, ...) are sent once
 * per session in a descriptor frame before the first frame that refers to
 * the oid, and again after the catalog row changes, so that the latest
 * descriptor before a frame tells the facts as they were at that moment.
 * That is what makes "mallory became superuser inside alice's query"
 * visible in the stream.
 *
 * Catalog lookups happen only here, and only when the caller says the path
 * is safe (inside a valid transaction, never in error, abort or exit
 * paths).  Syscache invalidation callbacks (AUTHOID, PROCOID, RELOID) only
 * mark entries stale; the next safe reference describes the object again.
 * A descriptor whose fields did not change (for instance after a cache
 * reset) is not sent again: frame.c compares a CRC of its fields.
 *
 * The tables live in TopMemoryContext for the life of the backend and are
 * consulted on every function call, so the hot path is one hash lookup per
 * oid once it is described.
 *
 * src/Recorder/Probe/describe.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_class.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "tracelab_probe.h"

/* What the probe keeps per role and per relation. */
typedef struct TracelabObject
{
	Oid			oid;			/* hash key, must be first */
	bool		described;		/* a current descriptor is in the stream */
	uint32		hashvalue;		/* syscache hash, for invalidation */
	uint32		facts_crc;		/* CRC of the last descriptor's fields */
} TracelabObject;

static HTAB *role_table = NULL;
static HTAB *function_table = NULL;
static HTAB *relation_table = NULL;
static MemoryContext describe_context = NULL;

/*
 * invalidate_objects
 *		Mark the role or relation entries matching a syscache hash stale.
 */
static void
invalidate_objects(HTAB *table, uint32 hashvalue)
{
	HASH_SEQ_STATUS status;
	TracelabObject *entry;

	hash_seq_init(&status, table);
	while ((entry = hash_seq_search(&status)) != NULL)
	{
		if (hashvalue == 0 || entry->hashvalue == hashvalue)
			entry->described = false;
	}
}

/*
 * role_invalidated
 *		Syscache callback for pg_authid: describe the role again later.
 */
static void
role_invalidated(Datum arg, int cacheid, uint32 hashvalue)
{
	invalidate_objects(role_table, hashvalue);
}

/*
 * relation_invalidated
 *		Syscache callback for pg_class: describe the relation again later.
 */
static void
relation_invalidated(Datum arg, int cacheid, uint32 hashvalue)
{
	invalidate_objects(relation_table, hashvalue);
}

/*
 * function_invalidated
 *		Syscache callback for pg_proc: describe the function again later.
 */
static void
function_invalidated(Datum arg, int cacheid, uint32 hashvalue)
{
	HASH_SEQ_STATUS status;
	TracelabFunction *entry;

	hash_seq_init(&status, function_table);
	while ((entry = hash_seq_search(&status)) != NULL)
	{
		if (hashvalue == 0 || entry->hashvalue == hashvalue)
			entry->described = false;
	}
}

/*
 * describe_init
 *		Create the tables and register the invalidation callbacks once.
 */
static void
describe_init(void)
{
	HASHCTL		ctl;

	if (role_table != NULL)
		return;

	describe_context = AllocSetContextCreate(TopMemoryContext,
											 "TraceLab descriptors",
											 ALLOCSET_SMALL_SIZES);

	ctl.keysize = sizeof(Oid);
	ctl.entrysize = sizeof(TracelabObject);
	ctl.hcxt = TopMemoryContext;
	role_table = hash_create("TraceLab roles", 64, &ctl,
							 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	relation_table = hash_create("TraceLab relations", 64, &ctl,
								 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	ctl.entrysize = sizeof(TracelabFunction);
	function_table = hash_create("TraceLab functions", 256, &ctl,
								 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	CacheRegisterSyscacheCallback(AUTHOID, role_invalidated, (Datum) 0);
	CacheRegisterSyscacheCallback(PROCOID, function_invalidated, (Datum) 0);
	CacheRegisterSyscacheCallback(RELOID, relation_invalidated, (Datum) 0);
}

/*
 * enter_object
 *		Find or create the entry of an oid; NULL when memory ran out.
 */
static TracelabObject *
enter_object(HTAB *table, Oid oid)
{
	TracelabObject *entry;
	bool		found;

	entry = hash_search(table, &oid, HASH_ENTER_NULL, &found);
	if (entry != NULL && !found)
	{
		entry->described = false;
		entry->hashvalue = 0;
		entry->facts_crc = 0;
	}
	return entry;
}

/*
 * tracelab_describe_role
 *		Send RoleDescribed for a role unless a current one was sent.
 *
 * Only call this in a safe path: it may read the catalog.
 */
void
tracelab_describe_role(Oid roleid, uint64 parent, int depth)
{
	TracelabObject *entry;
	HeapTuple	tuple;
	Form_pg_authid role;

	if (!OidIsValid(roleid) || !IsTransactionState())
		return;
	describe_init();
	entry = enter_object(role_table, roleid);
	if (entry == NULL || entry->described)
		return;

	tuple = SearchSysCache1(AUTHOID, ObjectIdGetDatum(roleid));
	if (!HeapTupleIsValid(tuple))
	{
		/* dropped meanwhile: nothing to tell until it changes again */
		entry->described = true;
		return;
	}
	entry->hashvalue = GetSysCacheHashValue1(AUTHOID,
											 ObjectIdGetDatum(roleid));
	role = (Form_pg_authid) GETSTRUCT(tuple);

	tracelab_frame_begin(TL_ROLE_DESCRIBED, 6, parent, depth);
	tracelab_put_uint(roleid);
	tracelab_put_str(NameStr(role->rolname));
	tracelab_put_bool(role->rolsuper);
	tracelab_put_bool(role->rolcanlogin);
	tracelab_put_bool(role->rolinherit);
	tracelab_put_bool(role->rolbypassrls);
	entry->described = tracelab_frame_end_if_changed(&entry->facts_crc);

	ReleaseSysCache(tuple);
}

/*
 * tracelab_describe_relation
 *		Send RelationDescribed (and its owner) for an open relation.
 */
void
tracelab_describe_relation(Relation rel, uint64 parent, int depth)
{
	TracelabObject *entry;
	Oid			relid = RelationGetRelid(rel);
	char		relkind = rel->rd_rel->relkind;
	bool		security_invoker = false;
	bool		security_barrier = false;
	MemoryContext oldcontext;

	if (!IsTransactionState())
		return;
	describe_init();
	tracelab_describe_role(rel->rd_rel->relowner, parent, depth);
	entry = enter_object(relation_table, relid);
	if (entry == NULL || entry->described)
		return;

	entry->hashvalue = GetSysCacheHashValue1(RELOID, ObjectIdGetDatum(relid));
	if (relkind == RELKIND_VIEW)
	{
		security_invoker = RelationHasSecurityInvoker(rel);
		security_barrier = RelationIsSecurityView(rel);
	}

	oldcontext = MemoryContextSwitchTo(describe_context);
	tracelab_frame_begin(TL_RELATION_DESCRIBED, 7, parent, depth);
	tracelab_put_uint(relid);
	tracelab_put_str(get_namespace_name(RelationGetNamespace(rel)));
	tracelab_put_str(RelationGetRelationName(rel));
	tracelab_put_strn(&relkind, 1);
	tracelab_put_uint(rel->rd_rel->relowner);
	tracelab_put_bool(security_invoker);
	tracelab_put_bool(security_barrier);
	entry->described = tracelab_frame_end_if_changed(&entry->facts_crc);
	MemoryContextSwitchTo(oldcontext);
	MemoryContextReset(describe_context);
}

/*
 * identity_arguments
 *		The input argument types of a function: "integer, text".
 */
static char *
identity_arguments(Form_pg_proc proc)
{
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	for (i = 0; i < proc->pronargs; i++)
	{
		if (i > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfoString(&buf,
							   format_type_extended(proc->proargtypes.values[i],
													-1,
													FORMAT_TYPE_ALLOW_INVALID));
	}
	return buf.data;
}

/*
 * load_function
 *		Read a function's catalog row into its entry and send its descriptor.
 */
static void
load_function(TracelabFunction *entry, uint64 parent, int depth)
{
	HeapTuple	tuple;
	Form_pg_proc proc;
	char		kind;
	char		volatility;
	char	   *return_type;
	MemoryContext oldcontext;

	tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(entry->oid));
	if (!HeapTupleIsValid(tuple))
	{
		entry->described = true;
		return;
	}
	proc = (Form_pg_proc) GETSTRUCT(tuple);
	entry->hashvalue = GetSysCacheHashValue1(PROCOID,
											 ObjectIdGetDatum(entry->oid));
	entry->owner = proc->proowner;
	if (proc->prorettype == TRIGGEROID)
		entry->call_kind = TL_CALL_TRIGGER;
	else if (proc->prorettype == EVENT_TRIGGEROID)
		entry->call_kind = TL_CALL_EVENT_TRIGGER;
	else
		entry->call_kind = TL_CALL_PLAIN;
	entry->known = true;

	tracelab_describe_role(proc->proowner, parent, depth);

	oldcontext = MemoryContextSwitchTo(describe_context);
	return_type = format_type_extended(proc->prorettype, -1,
									   FORMAT_TYPE_ALLOW_INVALID);
	if (proc->proretset)
		return_type = psprintf("SETOF %s", return_type);
	kind = proc->prokind;
	volatility = proc->provolatile;

	tracelab_frame_begin(TL_FUNCTION_DESCRIBED, 10, parent, depth);
	tracelab_put_uint(entry->oid);
	tracelab_put_str(get_namespace_name(proc->pronamespace));
	tracelab_put_str(NameStr(proc->proname));
	tracelab_put_str(identity_arguments(proc));
	tracelab_put_uint(proc->proowner);
	tracelab_put_bool(proc->prosecdef);
	tracelab_put_str(get_language_name(proc->prolang, true));
	tracelab_put_strn(&kind, 1);
	tracelab_put_strn(&volatility, 1);
	tracelab_put_str(return_type);
	entry->described = tracelab_frame_end_if_changed(&entry->facts_crc);

	MemoryContextSwitchTo(oldcontext);
	MemoryContextReset(describe_context);
	ReleaseSysCache(tuple);
}

/*
 * tracelab_describe_function
 *		Find a function's entry, describing it (and its owner) when allowed.
 *
 * With can_describe false (unsafe paths) only what is already known is
 * returned.  NULL when memory ran out.
 */
TracelabFunction *
tracelab_describe_function(Oid fnoid, bool can_describe, uint64 parent,
						   int depth)
{
	TracelabFunction *entry;
	bool		found;

	can_describe = can_describe && IsTransactionState();
	if (function_table == NULL)
	{
		if (!can_describe)
			return NULL;
		describe_init();
	}
	entry = hash_search(function_table, &fnoid, HASH_ENTER_NULL, &found);
	if (entry == NULL)
		return NULL;
	if (!found)
	{
		entry->known = false;
		entry->described = false;
		entry->hashvalue = 0;
		entry->facts_crc = 0;
		entry->owner = InvalidOid;
		entry->call_kind = TL_CALL_PLAIN;
		entry->orig_addr = NULL;
	}
	if (!can_describe)
		return entry;
	if (!entry->described)
		load_function(entry, parent, depth);
	else
		tracelab_describe_role(entry->owner, parent, depth);
	return entry;
}

/*
 * tracelab_lookup_function
 *		Find a function's entry without any catalog access.
 */
TracelabFunction *
tracelab_lookup_function(Oid fnoid)
{
	if (function_table == NULL)
		return NULL;
	return hash_search(function_table, &fnoid, HASH_FIND, NULL);
}

/*
 * forget_objects
 *		Mark every entry of a role or relation table as not sent.
 */
static void
forget_objects(HTAB *table)
{
	HASH_SEQ_STATUS status;
	TracelabObject *entry;

	hash_seq_init(&status, table);
	while ((entry = hash_seq_search(&status)) != NULL)
	{
		entry->described = false;
		entry->facts_crc = 0;
	}
}

/*
 * tracelab_describe_forget
 *		Forget every descriptor sent: the block holding them was lost.
 */
void
tracelab_describe_forget(void)
{
	HASH_SEQ_STATUS status;
	TracelabFunction *entry;

	if (role_table == NULL)
		return;
	forget_objects(role_table);
	forget_objects(relation_table);
	hash_seq_init(&status, function_table);
	while ((entry = hash_seq_search(&status)) != NULL)
	{
		entry->described = false;
		entry->facts_crc = 0;
	}
}
