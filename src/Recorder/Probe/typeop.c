/*-------------------------------------------------------------------------
 *
 * typeop.c
 *	  Type and operator descriptors, interned per session.
 *
 * Operators and casts are ways to reach a user function without naming
 * it: SELECT 1 + 1 calls mallory's function when search_path finds
 * mallory's operator first.  FunctionEntered names the operator or the
 * cast's types in its via field, and those are described here first:
 * OperatorDescribed gives the operator's owner (who need not own its
 * function) and TypeDescribed a type's owner, I/O functions and, for a
 * domain, the CHECK constraints and the user functions they call.  Domains
 * are also described for the columns and coercions that use them.  Both
 * say which extension the object belongs to, and OperatorDescribed whether
 * the operator is a member of an operator family (pg_amop): what index and
 * sort machinery calls is infrastructure, whoever owns it.
 *
 * As in describe.c, lookups happen only in safe paths, syscache callbacks
 * only mark entries stale, and unchanged descriptors are not resent.  A
 * domain's constraints live in pg_constraint, so a change there marks
 * every type stale; operator family members live in pg_amop, whose
 * invalidations (rare: DDL on operator classes and families) likewise mark
 * every operator stale.
 *
 * src/Recorder/Probe/typeop.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/indexing.h"
#include "catalog/pg_amop.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/fmgroids.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "policy.h"
#include "tracelab_probe.h"

/* Domains over domains are described this many levels down, at most. */
#define TL_MAX_TYPE_LEVELS	16

/* What the probe keeps per type or operator. */
typedef struct TracelabTypeop
{
	Oid			oid;			/* hash key, must be first */
	bool		described;		/* a current descriptor is in the stream */
	bool		has_checks;		/* types: a domain with CHECK constraints,
								 * its own or its base domain's */
	uint32		hashvalue;		/* syscache hash, for invalidation */
	uint32		facts_crc;		/* CRC of the last descriptor's fields */
	NameData	name;			/* operators: the operator's name */
	Oid			owner;			/* operators: oprowner */
	uint8		traits;			/* operators: TL_POLICY_TRAIT_ flags */
} TracelabTypeop;

static HTAB *type_table = NULL;
static HTAB *operator_table = NULL;

static bool describe_type_level(Oid typid, uint64 parent, int depth,
								int level);

/*
 * typeop_invalidated
 *		Syscache callback for pg_type, pg_constraint, pg_operator and pg_amop.
 */
static void
typeop_invalidated(Datum arg, int cacheid, uint32 hashvalue)
{
	HASH_SEQ_STATUS status;
	TracelabTypeop *entry;
	bool		operators = cacheid == OPEROID || cacheid == AMOPOPID;
	HTAB	   *table = operators ? operator_table : type_table;

	if (table == NULL)
		return;
	hash_seq_init(&status, table);
	while ((entry = hash_seq_search(&status)) != NULL)
	{
		if (hashvalue == 0 || cacheid == CONSTROID || cacheid == AMOPOPID ||
			entry->hashvalue == hashvalue)
			entry->described = false;
	}
}

/*
 * typeop_init
 *		Create the tables once.
 */
static void
typeop_init(void)
{
	if (type_table != NULL)
		return;
	type_table = tracelab_hash_create("TraceLab types", sizeof(Oid),
									  sizeof(TracelabTypeop), false);
	operator_table = tracelab_hash_create("TraceLab operators", sizeof(Oid),
										  sizeof(TracelabTypeop), false);
}

/*
 * tracelab_typeop_register_callbacks
 *		Register the invalidation callbacks of type and operator descriptors.
 */
void
tracelab_typeop_register_callbacks(void)
{
	CacheRegisterSyscacheCallback(TYPEOID, typeop_invalidated, (Datum) 0);
	CacheRegisterSyscacheCallback(CONSTROID, typeop_invalidated, (Datum) 0);
	CacheRegisterSyscacheCallback(OPEROID, typeop_invalidated, (Datum) 0);
	CacheRegisterSyscacheCallback(AMOPOPID, typeop_invalidated, (Datum) 0);
}

/*
 * enter_typeop
 *		Find or create the entry of an oid; NULL when memory ran out.
 */
static TracelabTypeop *
enter_typeop(HTAB *table, Oid oid)
{
	TracelabTypeop *entry;
	bool		found;

	entry = hash_search(table, &oid, HASH_ENTER_NULL, &found);
	if (entry != NULL && !found)
	{
		entry->described = false;
		entry->has_checks = false;
		entry->hashvalue = 0;
		entry->facts_crc = 0;
		NameStr(entry->name)[0] = '\0';
	}
	return entry;
}

/*
 * domain_checks
 *		The CHECK constraints of a domain, with their user functions.
 */
static List *
domain_checks(Oid typid)
{
	Relation	catalog;
	SysScanDesc scan;
	ScanKeyData skey;
	HeapTuple	tuple;
	List	   *result = NIL;

	catalog = table_open(ConstraintRelationId, AccessShareLock);
	ScanKeyInit(&skey, Anum_pg_constraint_contypid, BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(typid));
	scan = systable_beginscan(catalog, ConstraintTypidIndexId, true, NULL,
							  1, &skey);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_constraint con = (Form_pg_constraint) GETSTRUCT(tuple);
		TracelabDomainCheck *check;
		bool		isnull;
		Datum		bin;

		if (con->contype != CONSTRAINT_CHECK)
			continue;
		check = palloc(sizeof(TracelabDomainCheck));
		check->oid = con->oid;
		check->name = pstrdup(NameStr(con->conname));
		bin = heap_getattr(tuple, Anum_pg_constraint_conbin,
						   RelationGetDescr(catalog), &isnull);
		check->functions = isnull ? NIL :
			tracelab_node_functions(TextDatumGetCString(bin));
		result = lappend(result, check);
	}
	systable_endscan(scan);
	table_close(catalog, AccessShareLock);
	return result;
}

/*
 * tracelab_domain_facts
 *		What the live chain needs of a domain (enforce_chain.c): its name as
 *		TypeDescribed gives it, owner, extension membership, CHECK
 *		constraints and base domain; false for a type that is not a domain.
 */
bool
tracelab_domain_facts(Oid typid, TracelabDomainFacts *facts)
{
	HeapTuple	tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
	Form_pg_type type;
	char	   *schema;

	if (!HeapTupleIsValid(tuple))
		return false;
	type = (Form_pg_type) GETSTRUCT(tuple);
	if (type->typtype != TYPTYPE_DOMAIN)
	{
		ReleaseSysCache(tuple);
		return false;
	}
	schema = get_namespace_name(type->typnamespace);
	facts->name = schema != NULL ?
		quote_qualified_identifier(schema, NameStr(type->typname)) :
		pstrdup(quote_identifier(NameStr(type->typname)));
	facts->owner = type->typowner;
	facts->base_domain = type->typbasetype;
	ReleaseSysCache(tuple);
	facts->traits = tracelab_extension_name(TypeRelationId, typid)[0] != '\0' ?
		TL_POLICY_TRAIT_EXTENSION_MEMBER : 0;
	facts->checks = domain_checks(typid);
	return true;
}

/*
 * tracelab_describe_type
 *		Send TypeDescribed unless a current one was sent.
 *
 * Returns whether the type is a domain with CHECK constraints (its own or
 * those of the domain it is based on).  Only call this in a safe path.
 */
bool
tracelab_describe_type(Oid typid, uint64 parent, int depth)
{
	return describe_type_level(typid, parent, depth, 0);
}

/*
 * describe_type_level
 *		Body of tracelab_describe_type, bounded in how far down it goes.
 */
static bool
describe_type_level(Oid typid, uint64 parent, int depth, int level)
{
	TracelabTypeop *entry;
	HeapTuple	tuple;
	Form_pg_type form;
	NameData	name;
	Oid			namespace;
	char		typtype;
	Oid			owner;
	Oid			base;
	Oid			input;
	Oid			output;
	Oid			receive;
	Oid			send;
	const char *extension;
	List	   *checks = NIL;
	ListCell   *lc;
	MemoryContext work;
	MemoryContext oldcontext;
	char	   *schema;

	if (!OidIsValid(typid) || !IsTransactionState())
		return false;
	typeop_init();
	entry = enter_typeop(type_table, typid);
	if (entry == NULL)
		return false;
	if (entry->described)
		return entry->has_checks;

	tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
	if (!HeapTupleIsValid(tuple))
	{
		entry->described = true;
		entry->has_checks = false;
		return false;
	}
	entry->hashvalue = GetSysCacheHashValue1(TYPEOID,
											 ObjectIdGetDatum(typid));
	form = (Form_pg_type) GETSTRUCT(tuple);
	name = form->typname;
	namespace = form->typnamespace;
	typtype = form->typtype;
	owner = form->typowner;
	base = (typtype == TYPTYPE_DOMAIN) ? form->typbasetype : InvalidOid;
	input = form->typinput;
	output = form->typoutput;
	receive = form->typreceive;
	send = form->typsend;
	ReleaseSysCache(tuple);

	work = tracelab_work_context();
	oldcontext = MemoryContextSwitchTo(work);
	entry->has_checks = false;
	entry->described = true;	/* no loop through a broken base chain */
	if (typtype == TYPTYPE_DOMAIN)
	{
		checks = domain_checks(typid);
		entry->has_checks = checks != NIL;
		if (level < TL_MAX_TYPE_LEVELS &&
			describe_type_level(base, parent, depth, level + 1))
			entry->has_checks = true;
	}
	schema = get_namespace_name(namespace);
	extension = tracelab_extension_name(TypeRelationId, typid);

	tracelab_describe_role(owner, parent, depth);
	if (input >= FirstNormalObjectId)
		(void) tracelab_describe_function(input, true, parent, depth);
	if (output >= FirstNormalObjectId)
		(void) tracelab_describe_function(output, true, parent, depth);
	if (receive >= FirstNormalObjectId)
		(void) tracelab_describe_function(receive, true, parent, depth);
	if (send >= FirstNormalObjectId)
		(void) tracelab_describe_function(send, true, parent, depth);
	foreach(lc, checks)
		tracelab_describe_functions(((TracelabDomainCheck *) lfirst(lc))->functions,
									parent, depth);

	tracelab_frame_begin(TL_TYPE_DESCRIBED, 12, parent, depth);
	tracelab_put_uint(typid);
	tracelab_put_str(schema);
	tracelab_put_str(NameStr(name));
	tracelab_put_strn(&typtype, 1);
	tracelab_put_uint(owner);
	tracelab_put_uint(base);
	tracelab_put_uint(input);
	tracelab_put_uint(output);
	tracelab_put_array(list_length(checks));
	foreach(lc, checks)
	{
		TracelabDomainCheck *check = (TracelabDomainCheck *) lfirst(lc);

		tracelab_put_array(3);
		tracelab_put_uint(check->oid);
		tracelab_put_str(check->name);
		tracelab_put_oid_list(check->functions);
	}
	tracelab_put_uint(receive);
	tracelab_put_uint(send);
	tracelab_put_str(extension);
	entry->described = tracelab_frame_end_if_changed(&entry->facts_crc);

	MemoryContextSwitchTo(oldcontext);
	MemoryContextDelete(work);
	return entry->has_checks;
}

/*
 * operand_type
 *		An operand type's name, or "" for the missing side of a prefix
 *		operator.
 */
static char *
operand_type(Oid typid)
{
	if (!OidIsValid(typid))
		return "";
	return format_type_extended(typid, -1, FORMAT_TYPE_ALLOW_INVALID);
}

/*
 * in_operator_family
 *		Whether an operator is a member of any operator family (pg_amop).
 */
static bool
in_operator_family(Oid opno)
{
	CatCList   *members;
	bool		result;

	members = SearchSysCacheList1(AMOPOPID, ObjectIdGetDatum(opno));
	result = members->n_members > 0;
	ReleaseSysCacheList(members);
	return result;
}

/*
 * tracelab_describe_operator
 *		Send OperatorDescribed (and its owner, types and function) unless a
 *		current one was sent.  Only call this in a safe path.
 */
void
tracelab_describe_operator(Oid opno, uint64 parent, int depth)
{
	TracelabTypeop *entry;
	HeapTuple	tuple;
	Form_pg_operator form;
	NameData	name;
	Oid			namespace;
	Oid			left;
	Oid			right;
	Oid			owner;
	Oid			function;
	bool		in_family;
	const char *extension;
	char	   *schema;
	char	   *left_name;
	char	   *right_name;
	MemoryContext work;
	MemoryContext oldcontext;

	if (!OidIsValid(opno) || !IsTransactionState())
		return;
	typeop_init();
	entry = enter_typeop(operator_table, opno);
	if (entry == NULL || entry->described)
		return;

	tuple = SearchSysCache1(OPEROID, ObjectIdGetDatum(opno));
	if (!HeapTupleIsValid(tuple))
	{
		entry->described = true;
		return;
	}
	entry->hashvalue = GetSysCacheHashValue1(OPEROID, ObjectIdGetDatum(opno));
	form = (Form_pg_operator) GETSTRUCT(tuple);
	name = form->oprname;
	entry->name = form->oprname;
	namespace = form->oprnamespace;
	left = form->oprleft;
	right = form->oprright;
	owner = form->oprowner;
	function = form->oprcode;
	ReleaseSysCache(tuple);

	work = tracelab_work_context();
	oldcontext = MemoryContextSwitchTo(work);
	schema = get_namespace_name(namespace);
	left_name = operand_type(left);
	right_name = operand_type(right);
	in_family = in_operator_family(opno);
	extension = tracelab_extension_name(OperatorRelationId, opno);
	entry->owner = owner;
	entry->traits = (in_family ? TL_POLICY_TRAIT_OPERATOR_CLASS : 0) |
		(extension[0] != '\0' ? TL_POLICY_TRAIT_EXTENSION_MEMBER : 0);
	tracelab_describe_role(owner, parent, depth);
	(void) tracelab_describe_type(left, parent, depth);
	(void) tracelab_describe_type(right, parent, depth);
	if (function >= FirstNormalObjectId)
		(void) tracelab_describe_function(function, true, parent, depth);

	tracelab_frame_begin(TL_OPERATOR_DESCRIBED, 9, parent, depth);
	tracelab_put_uint(opno);
	tracelab_put_str(schema);
	tracelab_put_str(NameStr(name));
	tracelab_put_str(left_name);
	tracelab_put_str(right_name);
	tracelab_put_uint(owner);
	tracelab_put_uint(function);
	tracelab_put_bool(in_family);
	tracelab_put_str(extension);
	entry->described = tracelab_frame_end_if_changed(&entry->facts_crc);

	MemoryContextSwitchTo(oldcontext);
	MemoryContextDelete(work);
}

/*
 * tracelab_operator_facts
 *		An operator's owner and traits as last described; false when it was
 *		not described.  No catalog access.
 */
bool
tracelab_operator_facts(Oid opno, Oid *owner, uint8 *traits)
{
	TracelabTypeop *entry;

	if (operator_table == NULL)
		return false;
	entry = hash_search(operator_table, &opno, HASH_FIND, NULL);
	if (entry == NULL || NameStr(entry->name)[0] == '\0')
		return false;
	*owner = entry->owner;
	*traits = entry->traits;
	return true;
}

/*
 * tracelab_operator_name
 *		An operator's name as last described, or NULL; no catalog access.
 */
const char *
tracelab_operator_name(Oid opno)
{
	TracelabTypeop *entry;

	if (operator_table == NULL)
		return NULL;
	entry = hash_search(operator_table, &opno, HASH_FIND, NULL);
	if (entry == NULL || NameStr(entry->name)[0] == '\0')
		return NULL;
	return NameStr(entry->name);
}

/*
 * forget_table
 *		Mark every entry of a table as not sent.
 */
static void
forget_table(HTAB *table)
{
	HASH_SEQ_STATUS status;
	TracelabTypeop *entry;

	hash_seq_init(&status, table);
	while ((entry = hash_seq_search(&status)) != NULL)
	{
		entry->described = false;
		entry->facts_crc = 0;
	}
}

/*
 * tracelab_typeop_forget
 *		Forget every type and operator descriptor sent.
 */
void
tracelab_typeop_forget(void)
{
	if (type_table == NULL)
		return;
	forget_table(type_table);
	forget_table(operator_table);
}
