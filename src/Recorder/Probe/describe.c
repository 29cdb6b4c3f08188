/*-------------------------------------------------------------------------
 *
 * describe.c
 *	  Function descriptors, and what all descriptor tables share.
 *
 * Frames refer to roles, functions, relations, types and operators by oid.
 * The facts about each oid (names, owner, SUPERUSER, SECURITY DEFINER,
 * memberships, ...) are sent once per session in a descriptor frame before
 * the first frame that refers to the oid, and again after the catalog row
 * changes, so that the latest descriptor before a frame tells the facts as
 * they were at that moment.  That is what makes "mallory became superuser
 * inside alice's query" visible in the stream.  This file holds functions
 * and the machinery the other tables share; role.c, relation.c and
 * typeop.c hold roles, relations, types and operators the same way.
 *
 * Catalog lookups happen only when the caller says the path is safe
 * (inside a valid transaction, never in error, abort or exit paths).
 * Syscache invalidation callbacks only mark entries stale; the next safe
 * reference describes the object again.  A descriptor whose fields did not
 * change (for instance after a cache reset) is not sent again: frame.c
 * compares a CRC of its fields.  A function's role (type I/O function,
 * estimator, aggregate support, ...) is read from other catalogs, so
 * changes there mark the functions that could be affected stale too.
 * The extension an object belongs to (tracelab_extension_name) is read
 * from pg_depend when its descriptor is written; ALTER EXTENSION ADD or
 * DROP changes no row of the member, so it alone does not resend it.
 *
 * The tables live for the life of the backend and are consulted on every
 * function call, so the hot path is one hash lookup per oid once it is
 * described.  Their entries are allocated without throwing
 * (tracelab_hash_create), so that a hook never fails a query for want of
 * memory; it just records less.
 *
 * src/Recorder/Probe/describe.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/dependency.h"
#include "catalog/pg_aggregate.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_range.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "policy.h"
#include "tracelab_probe.h"

static HTAB *function_table = NULL;

/* Changes whenever a catalog a query's analysis or rewriting reads changes. */
uint64		tracelab_catalog_generation = 1;

/*
 * tracelab_catalog_changed
 *		A relation, function or role changed: what is cached per query shape
 *		(analysis.c, inline.c) must be worked out again.
 */
void
tracelab_catalog_changed(void)
{
	tracelab_catalog_generation++;
}

/*
 * hash_alloc
 *		dynahash allocator that returns NULL instead of throwing.
 */
static void *
hash_alloc(Size size)
{
	return MemoryContextAllocExtended(TopMemoryContext, size,
									  MCXT_ALLOC_NO_OOM);
}

/*
 * tracelab_hash_create
 *		Create a backend-lifetime hash table usable with HASH_ENTER_NULL.
 */
HTAB *
tracelab_hash_create(const char *name, Size keysize, Size entrysize,
					 bool string_keys)
{
	HASHCTL		ctl;

	ctl.keysize = keysize;
	ctl.entrysize = entrysize;
	ctl.alloc = hash_alloc;
	return hash_create(name, 64, &ctl,
					   HASH_ELEM | HASH_ALLOC |
					   (string_keys ? HASH_STRINGS : HASH_BLOBS));
}

/*
 * tracelab_work_context
 *		A scratch context for building one descriptor.
 *
 * Describing nests (a function describes its owner, an aggregate its
 * support functions), so each level has its own context, a child of the
 * current one so that an error frees it.
 */
MemoryContext
tracelab_work_context(void)
{
	return AllocSetContextCreate(CurrentMemoryContext, "TraceLab describe",
								 ALLOCSET_SMALL_SIZES);
}

/*
 * function_invalidated
 *		Syscache callback for pg_proc and the catalogs a function's role
 *		depends on: describe the affected functions again later.
 */
static void
function_invalidated(Datum arg, int cacheid, uint32 hashvalue)
{
	HASH_SEQ_STATUS status;
	TracelabFunction *entry;

	if (function_table == NULL)
		return;
	hash_seq_init(&status, function_table);
	while ((entry = hash_seq_search(&status)) != NULL)
	{
		bool		stale;

		switch (cacheid)
		{
			case PROCOID:
				stale = hashvalue == 0 || entry->hashvalue == hashvalue;
				if (stale)
					entry->body_known = false;
				break;
			case TYPEOID:
				stale = (entry->role_checks & TL_ROLE_CHECK_TYPE) != 0;
				break;
			case OPEROID:
				stale = (entry->role_checks & TL_ROLE_CHECK_OPERATOR) != 0;
				break;
			case RANGETYPE:
				stale = (entry->role_checks & TL_ROLE_CHECK_RANGE) != 0;
				break;
			default:
				stale = true;	/* AGGFNOID: any function may be support */
				break;
		}
		if (stale)
			entry->described = false;
	}
	tracelab_catalog_changed();
}

/*
 * describe_init
 *		Create the tables once.
 */
static void
describe_init(void)
{
	if (function_table != NULL)
		return;
	function_table = tracelab_hash_create("TraceLab functions", sizeof(Oid),
										  sizeof(TracelabFunction), false);
}

/*
 * tracelab_register_callbacks
 *		Register every invalidation callback of the probe, from _PG_init.
 *
 * Registering in the postmaster, before any backend exists, means that
 * running out of callback slots stops the server at start instead of
 * failing a user's query later; the callbacks cope with tables that were
 * not created yet in a process.
 */
void
tracelab_register_callbacks(void)
{
	CacheRegisterSyscacheCallback(PROCOID, function_invalidated, (Datum) 0);
	CacheRegisterSyscacheCallback(AGGFNOID, function_invalidated, (Datum) 0);
	CacheRegisterSyscacheCallback(TYPEOID, function_invalidated, (Datum) 0);
	CacheRegisterSyscacheCallback(OPEROID, function_invalidated, (Datum) 0);
	CacheRegisterSyscacheCallback(RANGETYPE, function_invalidated,
								  (Datum) 0);
	tracelab_role_register_callbacks();
	tracelab_inline_register_callbacks();
	tracelab_relation_register_callbacks();
	tracelab_typeop_register_callbacks();
}

/*
 * tracelab_function_arguments
 *		The input argument types of a function: "integer, text" (as
 *		FunctionDescribed and every message name it).
 */
char *
tracelab_function_arguments(Form_pg_proc proc)
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
 * tracelab_extension_name
 *		The name of the extension an object belongs to, or "" when none.
 *
 * The membership is a pg_depend row of deptype 'e'.  Both lookups are
 * index scans that return nothing, rather than throw, for a missing row
 * (an extension dropped concurrently); the name is palloc'd.
 */
const char *
tracelab_extension_name(Oid classid, Oid objid)
{
	Oid			extension = getExtensionOfObject(classid, objid);
	char	   *name;

	if (!OidIsValid(extension))
		return "";
	name = get_extension_name(extension);
	return name != NULL ? name : "";
}

/*
 * type_io_role
 *		"type_input" ... "type_send" when the function is a type's I/O one.
 *
 * The type is the function's result (input, receive) or first argument
 * (output, send); its pg_type row says whether this is its function.
 */
static const char *
type_io_role(Oid fnoid, Form_pg_proc proc)
{
	HeapTuple	tuple;
	Form_pg_type type;
	const char *role = NULL;
	Oid			first = proc->pronargs > 0 ? proc->proargtypes.values[0] :
		InvalidOid;

	if (first == CSTRINGOID || first == INTERNALOID)
	{
		tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(proc->prorettype));
		if (HeapTupleIsValid(tuple))
		{
			type = (Form_pg_type) GETSTRUCT(tuple);
			if (type->typinput == fnoid)
				role = "type_input";
			else if (type->typreceive == fnoid)
				role = "type_receive";
			ReleaseSysCache(tuple);
		}
	}
	if (role == NULL && OidIsValid(first) &&
		(proc->prorettype == CSTRINGOID || proc->prorettype == BYTEAOID))
	{
		tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(first));
		if (HeapTupleIsValid(tuple))
		{
			type = (Form_pg_type) GETSTRUCT(tuple);
			if (type->typoutput == fnoid)
				role = "type_output";
			else if (type->typsend == fnoid)
				role = "type_send";
			ReleaseSysCache(tuple);
		}
	}
	return role;
}

/*
 * catalog_uses_function
 *		Whether any row of a catalog names the function in the given
 *		regproc columns (a sequential scan: those columns have no index).
 *
 * *users counts the distinct rows and *user is the key column
 * (attnums[0]) of the last one, which the caller may ignore.
 */
static bool
catalog_uses_function(Oid catalog, const AttrNumber *attnums, int nattnums,
					  Oid fnoid, int *users, Oid *user)
{
	Relation	rel;
	SysScanDesc scan;
	HeapTuple	tuple;

	*users = 0;
	*user = InvalidOid;
	rel = table_open(catalog, AccessShareLock);
	scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		int			i;

		for (i = 1; i < nattnums; i++)
		{
			bool		isnull;
			Datum		value = heap_getattr(tuple, attnums[i],
											 RelationGetDescr(rel), &isnull);

			if (!isnull && DatumGetObjectId(value) == fnoid)
			{
				bool		keynull;

				(*users)++;
				*user = DatumGetObjectId(heap_getattr(tuple, attnums[0],
													  RelationGetDescr(rel),
													  &keynull));
				break;
			}
		}
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return *users > 0;
}

/*
 * function_role
 *		What the function is to PostgreSQL besides a callable function.
 *
 * Also sets the function's role_checks and single_aggregate.  The cheap
 * tests come first; pg_operator and pg_range are only scanned for
 * functions whose signature CREATE OPERATOR or CREATE TYPE would accept
 * as an estimator or a subtype_diff, so the answer stays exact.
 */
static const char *
function_role(TracelabFunction *entry, Form_pg_proc proc)
{
	static const AttrNumber agg_columns[] = {
		Anum_pg_aggregate_aggfnoid,
		Anum_pg_aggregate_aggtransfn, Anum_pg_aggregate_aggfinalfn,
		Anum_pg_aggregate_aggcombinefn, Anum_pg_aggregate_aggserialfn,
		Anum_pg_aggregate_aggdeserialfn, Anum_pg_aggregate_aggmtransfn,
		Anum_pg_aggregate_aggminvtransfn, Anum_pg_aggregate_aggmfinalfn
	};
	static const AttrNumber opr_columns[] = {
		Anum_pg_operator_oid, Anum_pg_operator_oprrest,
		Anum_pg_operator_oprjoin
	};
	static const AttrNumber range_columns[] = {
		Anum_pg_range_rngtypid, Anum_pg_range_rngsubdiff
	};
	Oid			fnoid = entry->oid;
	Oid			first = proc->pronargs > 0 ? proc->proargtypes.values[0] :
		InvalidOid;
	const char *role = NULL;
	int			agg_users;
	int			users;
	Oid			user;

	entry->role_checks = 0;
	entry->single_aggregate = InvalidOid;
	if (first == CSTRINGOID || first == INTERNALOID ||
		proc->prorettype == CSTRINGOID || proc->prorettype == BYTEAOID)
		entry->role_checks |= TL_ROLE_CHECK_TYPE;
	if (proc->prorettype == FLOAT8OID &&
		(proc->pronargs == 4 || proc->pronargs == 5) && first == INTERNALOID)
		entry->role_checks |= TL_ROLE_CHECK_OPERATOR;
	if (proc->prorettype == FLOAT8OID && proc->pronargs == 2)
		entry->role_checks |= TL_ROLE_CHECK_RANGE;

	/* any function may support an aggregate, which via needs to know */
	(void) catalog_uses_function(AggregateRelationId, agg_columns,
								 lengthof(agg_columns), fnoid, &agg_users,
								 &user);
	if (agg_users == 1)
		entry->single_aggregate = user;

	if (proc->prorettype == TRIGGEROID)
		role = "trigger";
	else if (proc->prorettype == EVENT_TRIGGEROID)
		role = "event_trigger";
	else if ((entry->role_checks & TL_ROLE_CHECK_TYPE) != 0)
		role = type_io_role(fnoid, proc);
	if (role == NULL && (entry->role_checks & TL_ROLE_CHECK_OPERATOR) != 0 &&
		catalog_uses_function(OperatorRelationId, opr_columns,
							  lengthof(opr_columns), fnoid, &users, &user))
		role = "estimator";
	if (role == NULL && agg_users > 0)
		role = "aggregate_support";
	if (role == NULL && (entry->role_checks & TL_ROLE_CHECK_RANGE) != 0 &&
		catalog_uses_function(RangeRelationId, range_columns,
							  lengthof(range_columns), fnoid, &users, &user))
		role = "range_subtype_diff";
	return role ? role : "";
}

/*
 * aggregate_support
 *		An aggregate's user support functions, into its entry.
 */
static void
aggregate_support(TracelabFunction *entry)
{
	HeapTuple	tuple;
	Form_pg_aggregate agg;
	Oid			fns[8];
	int			i;

	entry->nsupport = 0;
	tuple = SearchSysCache1(AGGFNOID, ObjectIdGetDatum(entry->oid));
	if (!HeapTupleIsValid(tuple))
		return;
	agg = (Form_pg_aggregate) GETSTRUCT(tuple);
	fns[0] = agg->aggtransfn;
	fns[1] = agg->aggfinalfn;
	fns[2] = agg->aggcombinefn;
	fns[3] = agg->aggserialfn;
	fns[4] = agg->aggdeserialfn;
	fns[5] = agg->aggmtransfn;
	fns[6] = agg->aggminvtransfn;
	fns[7] = agg->aggmfinalfn;
	ReleaseSysCache(tuple);
	for (i = 0; i < lengthof(fns); i++)
	{
		int			j;

		if (fns[i] < FirstNormalObjectId)
			continue;
		for (j = 0; j < entry->nsupport; j++)
		{
			if (entry->support[j] == fns[i])
				break;
		}
		if (j == entry->nsupport)
			entry->support[entry->nsupport++] = fns[i];
	}
}

/*
 * proc_config
 *		A function's proconfig as a list of strings, or NIL.
 */
static List *
proc_config(HeapTuple tuple)
{
	Datum		datum;
	bool		isnull;
	Datum	   *elems;
	int			nelems;
	int			i;
	List	   *result = NIL;

	datum = SysCacheGetAttr(PROCOID, tuple, Anum_pg_proc_proconfig, &isnull);
	if (isnull)
		return NIL;
	deconstruct_array(DatumGetArrayTypeP(datum), TEXTOID, -1, false,
					  TYPALIGN_INT, &elems, NULL, &nelems);
	for (i = 0; i < nelems; i++)
		result = lappend(result, TextDatumGetCString(elems[i]));
	return result;
}

/*
 * load_function
 *		Read a function's catalog rows into its entry and send its descriptor.
 */
static void
load_function(TracelabFunction *entry, uint64 parent, int depth)
{
	HeapTuple	tuple;
	Form_pg_proc proc;
	char		kind;
	char		volatility;
	bool		security_definer;
	Oid			owner;
	char	   *schema;
	char	   *name;
	char	   *arguments;
	char	   *language;
	char	   *return_type;
	const char *role;
	const char *extension;
	List	   *config;
	ListCell   *lc;
	MemoryContext work;
	MemoryContext oldcontext;
	int			i;

	tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(entry->oid));
	if (!HeapTupleIsValid(tuple))
	{
		entry->described = true;
		return;
	}
	proc = (Form_pg_proc) GETSTRUCT(tuple);
	entry->hashvalue = GetSysCacheHashValue1(PROCOID,
											 ObjectIdGetDatum(entry->oid));
	entry->owner = owner = proc->proowner;
	entry->name = proc->proname;
	if (proc->prorettype == TRIGGEROID)
		entry->call_kind = TL_CALL_TRIGGER;
	else if (proc->prorettype == EVENT_TRIGGEROID)
		entry->call_kind = TL_CALL_EVENT_TRIGGER;
	else
		entry->call_kind = TL_CALL_PLAIN;
	entry->known = true;
	entry->nsupport = 0;

	/* every fact is copied out before anything else reads the catalog */
	work = tracelab_work_context();
	oldcontext = MemoryContextSwitchTo(work);
	kind = proc->prokind;
	volatility = proc->provolatile;
	security_definer = proc->prosecdef;
	schema = get_namespace_name(proc->pronamespace);
	name = pstrdup(NameStr(proc->proname));
	arguments = tracelab_function_arguments(proc);
	language = get_language_name(proc->prolang, true);
	return_type = format_type_extended(proc->prorettype, -1,
									   FORMAT_TYPE_ALLOW_INVALID);
	if (proc->proretset)
		return_type = psprintf("SETOF %s", return_type);
	config = proc_config(tuple);
	role = function_role(entry, proc);
	if (kind == PROKIND_AGGREGATE)
		aggregate_support(entry);
	ReleaseSysCache(tuple);
	extension = tracelab_extension_name(ProcedureRelationId, entry->oid);
	entry->security_definer = security_definer;
	entry->traits = 0;
	if (strcmp(role, "type_output") == 0 || strcmp(role, "type_send") == 0)
		entry->traits |= TL_POLICY_TRAIT_TYPE_OUTPUT_FUNCTION;
	if (extension[0] != '\0')
		entry->traits |= TL_POLICY_TRAIT_EXTENSION_MEMBER;

	/* the owner and an aggregate's support functions come first */
	tracelab_describe_role(owner, parent, depth);
	for (i = 0; i < entry->nsupport; i++)
		(void) tracelab_describe_function(entry->support[i], true,
										  parent, depth);

	tracelab_frame_begin(TL_FUNCTION_DESCRIBED, 13, parent, depth);
	tracelab_put_uint(entry->oid);
	tracelab_put_str(schema);
	tracelab_put_str(name);
	tracelab_put_str(arguments);
	tracelab_put_uint(owner);
	tracelab_put_bool(security_definer);
	tracelab_put_str(language);
	tracelab_put_strn(&kind, 1);
	tracelab_put_strn(&volatility, 1);
	tracelab_put_str(return_type);
	tracelab_put_array(list_length(config));
	foreach(lc, config)
		tracelab_put_str((const char *) lfirst(lc));
	tracelab_put_str(role);
	tracelab_put_str(extension);
	entry->described = tracelab_frame_end_if_changed(&entry->facts_crc);

	MemoryContextSwitchTo(oldcontext);
	MemoryContextDelete(work);
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
		entry->role_checks = 0;
		entry->hashvalue = 0;
		entry->facts_crc = 0;
		entry->owner = InvalidOid;
		entry->call_kind = TL_CALL_PLAIN;
		entry->single_aggregate = InvalidOid;
		entry->nsupport = 0;
		entry->orig_addr = NULL;
		NameStr(entry->name)[0] = '\0';
		entry->body_known = false;
		entry->nbody = 0;
		entry->body = NULL;
		entry->owner_generation = 0;
	}
	if (!can_describe)
		return entry;
	if (!entry->described)
		load_function(entry, parent, depth);
	else if (entry->owner_generation != tracelab_role_generation)
	{
		/* the owner's descriptor may have to be sent again */
		entry->owner_generation = tracelab_role_generation;
		tracelab_describe_role(entry->owner, parent, depth);
	}
	return entry;
}

/*
 * tracelab_describe_functions
 *		Describe every function of a list of oids.
 */
void
tracelab_describe_functions(List *fnoids, uint64 parent, int depth)
{
	ListCell   *lc;

	foreach(lc, fnoids)
		(void) tracelab_describe_function(lfirst_oid(lc), true, parent,
										  depth);
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
 * tracelab_describe_forget
 *		Forget every descriptor sent: the block holding them was lost.
 */
void
tracelab_describe_forget(void)
{
	HASH_SEQ_STATUS status;
	TracelabFunction *entry;

	if (function_table != NULL)
	{
		hash_seq_init(&status, function_table);
		while ((entry = hash_seq_search(&status)) != NULL)
		{
			entry->described = false;
			entry->facts_crc = 0;
		}
	}
	tracelab_role_forget();
	tracelab_relation_forget();
	tracelab_typeop_forget();
}
