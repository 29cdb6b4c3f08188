/*-------------------------------------------------------------------------
 *
 * storedcode.c
 *	  The code a relation stores, read from the catalogs.
 *
 * Column defaults and generated columns (pg_attrdef), CHECK constraints
 * (pg_constraint), index expressions and predicates (pg_index), rules and
 * a view's own body (pg_rewrite) and row-level-security policies
 * (pg_policy) are stored as node trees; each is parsed and walked for the
 * user functions it calls (refs.c).  relation.c sends the result as the
 * code of RelationDescribed (FORMAT.md, "Stored code") and keeps a view's
 * body summary, a table's policies and the code that calls user functions
 * (for the chain built live, enforce_chain.c).
 *
 * Everything is read by oid through the catalog indexes, without opening
 * or locking the relation itself (see relation.c for why).  Only entries
 * that call user functions are listed, except rules and policies, which
 * are all listed.
 *
 * src/Recorder/Probe/storedcode.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/indexing.h"
#include "catalog/pg_attrdef.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_index.h"
#include "catalog/pg_policy.h"
#include "catalog/pg_rewrite.h"
#include "parser/parsetree.h"
#include "rewrite/rewriteSupport.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "tracelab_probe.h"

/*
 * open_scan
 *		Start an index scan of a catalog on its first key column.
 */
static SysScanDesc
open_scan(Relation catalog, Oid index, AttrNumber attnum, Oid key)
{
	ScanKeyData skey;

	ScanKeyInit(&skey, attnum, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(key));
	return systable_beginscan(catalog, index, true, NULL, 1, &skey);
}

/*
 * text_attr
 *		A text (pg_node_tree) column of a catalog tuple, or NULL.
 */
static char *
text_attr(HeapTuple tuple, Relation catalog, AttrNumber attnum)
{
	bool		isnull;
	Datum		datum = heap_getattr(tuple, attnum, RelationGetDescr(catalog),
									 &isnull);

	return isnull ? NULL : TextDatumGetCString(datum);
}

/*
 * attr_functions
 *		The user functions a pg_node_tree column of a catalog tuple calls.
 */
static List *
attr_functions(HeapTuple tuple, Relation catalog, AttrNumber attnum)
{
	return tracelab_node_functions(text_attr(tuple, catalog, attnum));
}

/*
 * note_functions
 *		Record the user functions of one piece of code in the union.
 */
static List *
note_functions(TracelabStoredCode *code, List *functions)
{
	ListCell   *lc;

	foreach(lc, functions)
		code->functions = list_append_unique_oid(code->functions,
												 lfirst_oid(lc));
	return functions;
}

/*
 * read_columns
 *		The live columns of a relation, in attribute order.
 */
static List *
read_columns(Oid relid)
{
	CatCList   *attrs;
	List	   *columns = NIL;
	int			i;

	attrs = SearchSysCacheList1(ATTNUM, ObjectIdGetDatum(relid));
	for (i = 0; i < attrs->n_members; i++)
	{
		Form_pg_attribute att;
		TracelabColumn	   *column;

		att = (Form_pg_attribute) GETSTRUCT(&attrs->members[i]->tuple);
		if (att->attnum <= 0 || att->attisdropped)
			continue;
		column = palloc(sizeof(TracelabColumn));
		column->attnum = att->attnum;
		column->name = pstrdup(NameStr(att->attname));
		column->type = att->atttypid;
		column->has_default = att->atthasdef;
		column->generated = att->attgenerated != '\0';
		columns = lappend(columns, column);
	}
	ReleaseSysCacheList(attrs);
	return columns;
}

/*
 * find_column
 *		A column by number, or NULL.
 */
static TracelabColumn *
find_column(List *columns, int attnum)
{
	ListCell   *lc;

	foreach(lc, columns)
	{
		if (((TracelabColumn *) lfirst(lc))->attnum == attnum)
			return (TracelabColumn *) lfirst(lc);
	}
	return NULL;
}

/*
 * read_defaults
 *		Defaults and generated columns that call user functions.
 */
static void
read_defaults(Oid relid, List *columns, TracelabStoredCode *code)
{
	Relation	catalog;
	SysScanDesc scan;
	HeapTuple	tuple;

	catalog = table_open(AttrDefaultRelationId, AccessShareLock);
	scan = open_scan(catalog, AttrDefaultIndexId, Anum_pg_attrdef_adrelid,
					 relid);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_attrdef def = (Form_pg_attrdef) GETSTRUCT(tuple);
		TracelabColumn	   *column = find_column(columns, def->adnum);
		List	   *functions;
		TracelabStoredDefault *stored;

		functions = attr_functions(tuple, catalog, Anum_pg_attrdef_adbin);
		if (column == NULL || functions == NIL)
			continue;
		stored = palloc(sizeof(TracelabStoredDefault));
		stored->attnum = def->adnum;
		stored->column = column->name;
		stored->generated = column->generated;
		stored->functions = note_functions(code, functions);
		code->defaults = lappend(code->defaults, stored);
	}
	systable_endscan(scan);
	table_close(catalog, AccessShareLock);
}

/*
 * new_object
 *		A TracelabStoredObject with the given oid and name.
 */
static TracelabStoredObject *
new_object(Oid oid, const char *name)
{
	TracelabStoredObject *object = palloc0(sizeof(TracelabStoredObject));

	object->oid = oid;
	object->name = pstrdup(name);
	return object;
}

/*
 * read_checks
 *		CHECK constraints that call user functions.
 */
static void
read_checks(Oid relid, TracelabStoredCode *code)
{
	Relation	catalog;
	SysScanDesc scan;
	HeapTuple	tuple;

	catalog = table_open(ConstraintRelationId, AccessShareLock);
	scan = open_scan(catalog, ConstraintRelidTypidNameIndexId,
					 Anum_pg_constraint_conrelid, relid);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_constraint con = (Form_pg_constraint) GETSTRUCT(tuple);
		TracelabStoredObject *check;
		List	   *functions;

		if (con->contype != CONSTRAINT_CHECK)
			continue;
		functions = attr_functions(tuple, catalog, Anum_pg_constraint_conbin);
		if (functions == NIL)
			continue;
		check = new_object(con->oid, NameStr(con->conname));
		check->functions = note_functions(code, functions);
		code->checks = lappend(code->checks, check);
	}
	systable_endscan(scan);
	table_close(catalog, AccessShareLock);
}

/*
 * read_indexes
 *		Indexes whose expressions or predicate call user functions.
 */
static void
read_indexes(Oid relid, TracelabStoredCode *code)
{
	Relation	catalog;
	SysScanDesc scan;
	HeapTuple	tuple;

	catalog = table_open(IndexRelationId, AccessShareLock);
	scan = open_scan(catalog, IndexIndrelidIndexId, Anum_pg_index_indrelid,
					 relid);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_index index = (Form_pg_index) GETSTRUCT(tuple);
		List	   *expressions;
		List	   *predicate;
		TracelabStoredObject *stored;
		char	   *name;

		expressions = attr_functions(tuple, catalog, Anum_pg_index_indexprs);
		predicate = attr_functions(tuple, catalog, Anum_pg_index_indpred);
		if (expressions == NIL && predicate == NIL)
			continue;
		name = get_rel_name(index->indexrelid);
		stored = new_object(index->indexrelid, name ? name : "");
		stored->functions = note_functions(code, expressions);
		stored->functions2 = note_functions(code, predicate);
		code->indexes = lappend(code->indexes, stored);
	}
	systable_endscan(scan);
	table_close(catalog, AccessShareLock);
}

/*
 * rule_event
 *		The event of a rule (ev_type holds a CmdType as a character).
 */
static const char *
rule_event(char ev_type)
{
	switch (ev_type - '0')
	{
		case CMD_SELECT:
			return "SELECT";
		case CMD_UPDATE:
			return "UPDATE";
		case CMD_INSERT:
			return "INSERT";
		case CMD_DELETE:
			return "DELETE";
		default:
			return "";
	}
}

/*
 * base_relation
 *		The single relation a view body reads FROM, as in an auto-updatable
 *		view, or InvalidOid.
 */
static Oid
base_relation(Node *actions)
{
	Query	   *query;
	RangeTblRef *ref;
	RangeTblEntry *rte;

	if (!IsA(actions, List) || list_length((List *) actions) != 1 ||
		!IsA(linitial((List *) actions), Query))
		return InvalidOid;
	query = (Query *) linitial((List *) actions);
	if (query->jointree == NULL ||
		list_length(query->jointree->fromlist) != 1 ||
		!IsA(linitial(query->jointree->fromlist), RangeTblRef))
		return InvalidOid;
	ref = (RangeTblRef *) linitial(query->jointree->fromlist);
	rte = rt_fetch(ref->rtindex, query->rtable);
	return rte->rtekind == RTE_RELATION ? rte->relid : InvalidOid;
}

/*
 * read_rules
 *		The relation's rules; a view's _RETURN rule is its body instead.
 */
static void
read_rules(Oid relid, char relkind, TracelabStoredCode *code)
{
	Relation	catalog;
	SysScanDesc scan;
	HeapTuple	tuple;

	catalog = table_open(RewriteRelationId, AccessShareLock);
	scan = open_scan(catalog, RewriteRelRulenameIndexId,
					 Anum_pg_rewrite_ev_class, relid);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_rewrite rule = (Form_pg_rewrite) GETSTRUCT(tuple);
		char	   *action = text_attr(tuple, catalog,
									   Anum_pg_rewrite_ev_action);
		char	   *qual = text_attr(tuple, catalog, Anum_pg_rewrite_ev_qual);
		TracelabRefs refs;
		TracelabStoredObject *stored;

		memset(&refs, 0, sizeof(refs));
		if (relkind == RELKIND_VIEW && rule->ev_type - '0' == CMD_SELECT &&
			strcmp(NameStr(rule->rulename), ViewSelectRuleName) == 0)
		{
			/* the view's own body: summarised, not listed as a rule */
			code->body.self = relid;
			if (action != NULL)
			{
				Node	   *body = (Node *) stringToNode(action);

				tracelab_refs_walk(body, &code->body);
				code->base_relation = base_relation(body);
			}
			tracelab_refs_resolve(&code->body);
			continue;
		}
		if (action != NULL)
			tracelab_refs_walk((Node *) stringToNode(action), &refs);
		if (qual != NULL)
			tracelab_refs_walk((Node *) stringToNode(qual), &refs);
		tracelab_refs_resolve(&refs);
		stored = new_object(rule->oid, NameStr(rule->rulename));
		stored->kind = rule_event(rule->ev_type);
		stored->functions = note_functions(code, refs.functions);
		code->rules = lappend(code->rules, stored);
	}
	systable_endscan(scan);
	table_close(catalog, AccessShareLock);
}

/*
 * policy_command
 *		The command of a policy (polcmd).
 */
static const char *
policy_command(char polcmd)
{
	switch (polcmd)
	{
		case 'r':
			return "SELECT";
		case 'a':
			return "INSERT";
		case 'w':
			return "UPDATE";
		case 'd':
			return "DELETE";
		default:
			return "ALL";
	}
}

/*
 * read_policies
 *		Every row-level-security policy of the relation.
 */
static void
read_policies(Oid relid, TracelabStoredCode *code)
{
	Relation	catalog;
	SysScanDesc scan;
	HeapTuple	tuple;

	catalog = table_open(PolicyRelationId, AccessShareLock);
	scan = open_scan(catalog, PolicyPolrelidPolnameIndexId,
					 Anum_pg_policy_polrelid, relid);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_policy policy = (Form_pg_policy) GETSTRUCT(tuple);
		TracelabStoredObject *stored;
		bool		isnull;
		Datum		datum;

		stored = new_object(policy->oid, NameStr(policy->polname));
		stored->kind = policy_command(policy->polcmd);
		stored->permissive = policy->polpermissive;
		datum = heap_getattr(tuple, Anum_pg_policy_polroles,
							 RelationGetDescr(catalog), &isnull);
		if (!isnull)
		{
			ArrayType  *roles = DatumGetArrayTypeP(datum);
			Oid		   *oids = (Oid *) ARR_DATA_PTR(roles);
			int			n = ArrayGetNItems(ARR_NDIM(roles), ARR_DIMS(roles));
			int			i;

			for (i = 0; i < n; i++)
			{
				stored->roles = lappend_oid(stored->roles, oids[i]);
				code->roles = list_append_unique_oid(code->roles, oids[i]);
			}
		}
		stored->cmd = policy->polcmd;
		stored->functions =
			note_functions(code, attr_functions(tuple, catalog,
												Anum_pg_policy_polqual));
		stored->functions2 =
			note_functions(code, attr_functions(tuple, catalog,
												Anum_pg_policy_polwithcheck));
		code->policies = lappend(code->policies, stored);
	}
	systable_endscan(scan);
	table_close(catalog, AccessShareLock);
}

/*
 * tracelab_stored_code_read
 *		Read the stored code of a relation from the catalogs.
 *
 * The counters from pg_class say which catalogs can hold anything, so a
 * plain table costs a read of its columns and of pg_policy.
 */
void
tracelab_stored_code_read(Oid relid, char relkind, int nchecks,
						  bool has_index, bool has_rules,
						  TracelabStoredCode *code)
{
	ListCell   *lc;
	bool		has_defaults = false;

	memset(code, 0, sizeof(*code));
	code->columns = read_columns(relid);
	foreach(lc, code->columns)
		has_defaults |= ((TracelabColumn *) lfirst(lc))->has_default;
	if (has_defaults)
		read_defaults(relid, code->columns, code);
	if (nchecks > 0)
		read_checks(relid, code);
	if (has_index)
		read_indexes(relid, code);
	if (has_rules || relkind == RELKIND_VIEW)
		read_rules(relid, relkind, code);
	if (relkind == RELKIND_RELATION || relkind == RELKIND_PARTITIONED_TABLE)
		read_policies(relid, code);
}

/*
 * put_functions_of
 *		Append an array of function oids.
 */
static void
put_functions_of(List *functions)
{
	tracelab_put_oid_list(functions);
}

/*
 * tracelab_stored_code_put
 *		Append RelationDescribed's code: nil, or the six lists.
 */
void
tracelab_stored_code_put(TracelabStoredCode *code)
{
	ListCell   *lc;

	if (code->defaults == NIL && code->checks == NIL &&
		code->indexes == NIL && code->rules == NIL &&
		code->policies == NIL && code->domains == NIL)
	{
		tracelab_put_nil();
		return;
	}
	tracelab_put_array(6);
	tracelab_put_array(list_length(code->defaults));
	foreach(lc, code->defaults)
	{
		TracelabStoredDefault *def = (TracelabStoredDefault *) lfirst(lc);

		tracelab_put_array(4);
		tracelab_put_int(def->attnum);
		tracelab_put_str(def->column);
		tracelab_put_bool(def->generated);
		put_functions_of(def->functions);
	}
	tracelab_put_array(list_length(code->checks));
	foreach(lc, code->checks)
	{
		TracelabStoredObject *check = (TracelabStoredObject *) lfirst(lc);

		tracelab_put_array(3);
		tracelab_put_uint(check->oid);
		tracelab_put_str(check->name);
		put_functions_of(check->functions);
	}
	tracelab_put_array(list_length(code->indexes));
	foreach(lc, code->indexes)
	{
		TracelabStoredObject *index = (TracelabStoredObject *) lfirst(lc);

		tracelab_put_array(4);
		tracelab_put_uint(index->oid);
		tracelab_put_str(index->name);
		put_functions_of(index->functions);
		put_functions_of(index->functions2);
	}
	tracelab_put_array(list_length(code->rules));
	foreach(lc, code->rules)
	{
		TracelabStoredObject *rule = (TracelabStoredObject *) lfirst(lc);

		tracelab_put_array(4);
		tracelab_put_uint(rule->oid);
		tracelab_put_str(rule->name);
		tracelab_put_str(rule->kind);
		put_functions_of(rule->functions);
	}
	tracelab_put_array(list_length(code->policies));
	foreach(lc, code->policies)
	{
		TracelabStoredObject *policy = (TracelabStoredObject *) lfirst(lc);

		tracelab_put_array(7);
		tracelab_put_uint(policy->oid);
		tracelab_put_str(policy->name);
		tracelab_put_str(policy->kind);
		tracelab_put_bool(policy->permissive);
		tracelab_put_oid_list(policy->roles);
		put_functions_of(policy->functions);
		put_functions_of(policy->functions2);
	}
	tracelab_put_array(list_length(code->domains) / 2);
	for (lc = list_head(code->domains); lc != NULL;
		 lc = lnext(code->domains, lnext(code->domains, lc)))
	{
		tracelab_put_array(2);
		tracelab_put_int((int) lfirst_oid(lc));
		tracelab_put_uint(lfirst_oid(lnext(code->domains, lc)));
	}
}
