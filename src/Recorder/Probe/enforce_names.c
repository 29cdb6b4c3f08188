/*-------------------------------------------------------------------------
 *
 * enforce_names.c
 *	  The names of chain links, written the way the replayer writes them.
 *
 * A message names the links of the chain (view mallory.v, function
 * mallory.f(integer), trigger trg on mallory.t): the replayer makes those
 * names from the descriptors the probe recorded (ObjectNames.cs), so they
 * are made here from the same catalog columns, with the same quoting: an
 * identifier is quoted unless it is lower-case letters, digits and
 * underscores not starting with a digit (keywords are not quoted, unlike
 * quote_identifier).  Names are only made for a decision that blocks or
 * warns.
 *
 * src/Recorder/Probe/enforce_names.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/pg_class.h"
#include "catalog/pg_event_trigger.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_policy.h"
#include "catalog/pg_rewrite.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "tracelab_probe.h"
#include "enforce.h"

/*
 * append_identifier
 *		ObjectNames.Identifier: quoted unless plainly lower-case.
 */
static void
append_identifier(StringInfo buf, const char *name)
{
	const char *p;
	bool		safe = name[0] != '\0' &&
		((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');

	for (p = name; safe && *p; p++)
		safe = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
			*p == '_';
	if (safe)
	{
		appendStringInfoString(buf, name);
		return;
	}
	appendStringInfoChar(buf, '"');
	for (p = name; *p; p++)
	{
		if (*p == '"')
			appendStringInfoChar(buf, '"');
		appendStringInfoChar(buf, *p);
	}
	appendStringInfoChar(buf, '"');
}

/*
 * append_qualified
 *		ObjectNames.Qualified: schema.name, each an identifier.
 */
static void
append_qualified(StringInfo buf, Oid namespace, const char *name)
{
	char	   *schema = get_namespace_name(namespace);

	if (schema != NULL && schema[0] != '\0')
	{
		append_identifier(buf, schema);
		appendStringInfoChar(buf, '.');
	}
	append_identifier(buf, name);
}

/*
 * function_name
 *		schema.name(argument types), or "function N".
 */
static char *
function_name(Oid fnoid, bool with_arguments)
{
	HeapTuple	tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(fnoid));
	Form_pg_proc proc;
	StringInfoData buf;

	if (!HeapTupleIsValid(tuple))
		return psprintf("function %u", fnoid);
	proc = (Form_pg_proc) GETSTRUCT(tuple);
	initStringInfo(&buf);
	append_qualified(&buf, proc->pronamespace, NameStr(proc->proname));
	if (with_arguments)
		appendStringInfo(&buf, "(%s)", tracelab_function_arguments(proc));
	ReleaseSysCache(tuple);
	return buf.data;
}

/*
 * tracelab_function_object
 *		A function as a rule's objects pattern sees it: schema.name.
 */
char *
tracelab_function_object(Oid fnoid)
{
	return function_name(fnoid, false);
}

/*
 * tracelab_relation_display
 *		A relation as messages and objects patterns see it: schema.name.
 */
char *
tracelab_relation_display(Oid relid)
{
	HeapTuple	tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	StringInfoData buf;

	if (!HeapTupleIsValid(tuple))
		return psprintf("relation %u", relid);
	initStringInfo(&buf);
	append_qualified(&buf, ((Form_pg_class) GETSTRUCT(tuple))->relnamespace,
					 NameStr(((Form_pg_class) GETSTRUCT(tuple))->relname));
	ReleaseSysCache(tuple);
	return buf.data;
}

/*
 * type_name
 *		schema.name of a type, or "type N".
 */
static char *
type_name(Oid typid)
{
	HeapTuple	tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
	StringInfoData buf;

	if (!HeapTupleIsValid(tuple))
		return psprintf("type %u", typid);
	initStringInfo(&buf);
	append_qualified(&buf, ((Form_pg_type) GETSTRUCT(tuple))->typnamespace,
					 NameStr(((Form_pg_type) GETSTRUCT(tuple))->typname));
	ReleaseSysCache(tuple);
	return buf.data;
}

/*
 * operator_name
 *		schema.op(left, right), NONE for a missing operand, or "operator N".
 */
static char *
operator_name(Oid opno)
{
	HeapTuple	tuple = SearchSysCache1(OPEROID, ObjectIdGetDatum(opno));
	Form_pg_operator form;
	StringInfoData buf;
	char	   *schema;

	if (!HeapTupleIsValid(tuple))
		return psprintf("operator %u", opno);
	form = (Form_pg_operator) GETSTRUCT(tuple);
	initStringInfo(&buf);
	schema = get_namespace_name(form->oprnamespace);
	if (schema != NULL && schema[0] != '\0')
	{
		append_identifier(&buf, schema);
		appendStringInfoChar(&buf, '.');
	}
	appendStringInfo(&buf, "%s(%s, %s)", NameStr(form->oprname),
					 OidIsValid(form->oprleft) ?
					 format_type_extended(form->oprleft, -1,
										  FORMAT_TYPE_ALLOW_INVALID) : "NONE",
					 OidIsValid(form->oprright) ?
					 format_type_extended(form->oprright, -1,
										  FORMAT_TYPE_ALLOW_INVALID) : "NONE");
	ReleaseSysCache(tuple);
	return buf.data;
}

/*
 * name_by_oid
 *		The name column of a catalog row found by oid through the catalog's
 *		oid index (for catalogs without a syscache on oid), or "".
 */
static char *
name_by_oid(Oid catalog, Oid oid_index, AttrNumber oid_attnum,
			AttrNumber name_attnum, Oid oid)
{
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tuple;
	char	   *name = "";

	rel = table_open(catalog, AccessShareLock);
	ScanKeyInit(&key, oid_attnum, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(oid));
	scan = systable_beginscan(rel, oid_index, true, NULL, 1, &key);
	tuple = systable_getnext(scan);
	if (HeapTupleIsValid(tuple))
	{
		bool		isnull;
		Datum		datum = heap_getattr(tuple, name_attnum,
										 RelationGetDescr(rel), &isnull);

		if (!isnull)
			name = pstrdup(NameStr(*DatumGetName(datum)));
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return name;
}

/*
 * trigger_name
 *		"name on schema.table", from pg_trigger.
 */
static char *
trigger_name(Oid tgoid, Oid relid)
{
	StringInfoData buf;

	initStringInfo(&buf);
	append_identifier(&buf, name_by_oid(TriggerRelationId, TriggerOidIndexId,
										Anum_pg_trigger_oid,
										Anum_pg_trigger_tgname, tgoid));
	appendStringInfo(&buf, " on %s", tracelab_relation_display(relid));
	return buf.data;
}

/*
 * event_trigger_name
 *		"name on event".
 */
static char *
event_trigger_name(Oid evtoid, const char *event)
{
	HeapTuple	tuple = SearchSysCache1(EVENTTRIGGEROID,
										ObjectIdGetDatum(evtoid));
	StringInfoData buf;

	initStringInfo(&buf);
	append_identifier(&buf, HeapTupleIsValid(tuple) ?
					  NameStr(((Form_pg_event_trigger) GETSTRUCT(tuple))->evtname) :
					  "");
	if (HeapTupleIsValid(tuple))
		ReleaseSysCache(tuple);
	appendStringInfo(&buf, " on %s", event != NULL ? event : "");
	return buf.data;
}

/*
 * stored_code_name
 *		The name of a link to a relation's stored code, as ObjectNames makes
 *		it: "index i on s.t", "check constraint c on s.t", "rule r on s.t",
 *		"policy p on s.t", "default of s.t.c", "generated column s.t.c".
 */
static char *
stored_code_name(const TracelabChainEntry *link, const TracelabChainAux *aux)
{
	char	   *relation = tracelab_relation_display(aux->oid2);
	StringInfoData buf;
	const char *what;
	char	   *name;

	initStringInfo(&buf);
	switch (link->kind)
	{
		case TL_POLICY_ENTRY_INDEX_EXPRESSION:
		case TL_POLICY_ENTRY_INDEX_PREDICATE:
			what = "index";
			name = get_rel_name(link->object_oid);
			break;
		case TL_POLICY_ENTRY_CHECK_CONSTRAINT:
			what = "check constraint";
			name = get_constraint_name(link->object_oid);
			break;
		case TL_POLICY_ENTRY_RULE:
			what = "rule";
			name = name_by_oid(RewriteRelationId, RewriteOidIndexId,
							   Anum_pg_rewrite_oid, Anum_pg_rewrite_rulename,
							   link->object_oid);
			break;
		case TL_POLICY_ENTRY_POLICY:
			what = "policy";
			name = name_by_oid(PolicyRelationId, PolicyOidIndexId,
							   Anum_pg_policy_oid, Anum_pg_policy_polname,
							   link->object_oid);
			break;
		default:
			/* a column's default or generation expression */
			name = get_attname(aux->oid2, (AttrNumber) aux->oid1, true);
			appendStringInfo(&buf, "%s %s.",
							 link->kind == TL_POLICY_ENTRY_GENERATED_COLUMN ?
							 "generated column" : "default of", relation);
			append_identifier(&buf, name != NULL ? name : "");
			return buf.data;
	}
	appendStringInfo(&buf, "%s ", what);
	append_identifier(&buf, name != NULL ? name : "");
	appendStringInfo(&buf, " on %s", relation);
	return buf.data;
}

/*
 * tracelab_chain_names
 *		Fill object_name of the first nentries links.
 */
void
tracelab_chain_names(int nentries)
{
	int			i;

	for (i = 0; i < nentries; i++)
	{
		TracelabChainEntry *link = &tracelab_chain[i];
		TracelabChainAux *aux = &tracelab_chain_aux[i];

		switch (link->kind)
		{
			case TL_POLICY_ENTRY_FUNCTION:
			case TL_POLICY_ENTRY_AGGREGATE:
				link->object_name = function_name(link->object_oid, true);
				break;
			case TL_POLICY_ENTRY_VIEW:
				link->object_name = tracelab_relation_display(link->object_oid);
				break;
			case TL_POLICY_ENTRY_TRIGGER:
				link->object_name = trigger_name(link->object_oid, aux->oid2);
				break;
			case TL_POLICY_ENTRY_EVENT_TRIGGER:
				link->object_name = event_trigger_name(link->object_oid,
													   aux->text);
				break;
			case TL_POLICY_ENTRY_OPERATOR:
				link->object_name = operator_name(link->object_oid);
				break;
			case TL_POLICY_ENTRY_CAST:
				link->object_name = psprintf("(%s AS %s)",
											 type_name(aux->oid1),
											 type_name(aux->oid2));
				break;
			case TL_POLICY_ENTRY_TYPE_IO:
				link->object_name = type_name(link->object_oid);
				break;
			case TL_POLICY_ENTRY_INDEX_EXPRESSION:
			case TL_POLICY_ENTRY_INDEX_PREDICATE:
			case TL_POLICY_ENTRY_CHECK_CONSTRAINT:
			case TL_POLICY_ENTRY_RULE:
			case TL_POLICY_ENTRY_POLICY:
			case TL_POLICY_ENTRY_DEFAULT:
			case TL_POLICY_ENTRY_GENERATED_COLUMN:
				link->object_name = OidIsValid(aux->oid2) ?
					stored_code_name(link, aux) :
					(aux->text != NULL ? aux->text : "");
				break;
			default:
				link->object_name = aux->text != NULL ? aux->text : "";
				break;
		}
	}
}
