/*-------------------------------------------------------------------------
 *
 * objaccess.c
 *	  ObjectChanged: the effects of commands, from the object access hook.
 *
 * PostgreSQL calls the object access hook when an object is created,
 * altered, dropped or truncated (ALTER ROLE mallory SUPERUSER alters class
 * pg_authid, GRANT alters the object whose privileges change).  The frame
 * is nested in whatever is running: the statement that caused it.
 *
 * The hook runs in the middle of catalog changes, so its lookups must not
 * fail the user's command.  Catching an error with PG_TRY here would not
 * be safe: without a subtransaction to roll back, a caught error leaves
 * buffer pins, lock and cache references and interrupt holdoffs behind
 * (the transaction then complains about leaks, or worse), and starting a
 * subtransaction in the middle of DDL changes what the command's own
 * objects belong to.  So the probe only makes lookups that do not throw
 * for a missing or not yet visible object: getObjectTypeDescription and
 * getObjectIdentity with missing_ok, and only for the object classes
 * getObjectClass knows (it throws for others, and for a sub-object id on
 * anything but a relation).  On OAT_POST_CREATE the new row is usually not
 * visible yet (no CommandCounterIncrement has happened), so the identity
 * is empty there, as FORMAT.md allows; the type is still known for most
 * classes.  What schema a new object was created in is read from its own
 * catalog row with SnapshotSelf, which sees rows the current command has
 * inserted (as sepgsql does in its post-create hooks): a replay needs it to
 * tell that an object was created in a schema a policy prevented.
 *
 * src/Recorder/Probe/objaccess.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/objectaddress.h"
#include "catalog/pg_am.h"
#include "catalog/pg_amop.h"
#include "catalog/pg_amproc.h"
#include "catalog/pg_attrdef.h"
#include "catalog/pg_auth_members.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_cast.h"
#include "catalog/pg_class.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_conversion.h"
#include "catalog/pg_database.h"
#include "catalog/pg_default_acl.h"
#include "catalog/pg_event_trigger.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_foreign_data_wrapper.h"
#include "catalog/pg_foreign_server.h"
#include "catalog/pg_language.h"
#include "catalog/pg_largeobject.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_opclass.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_opfamily.h"
#include "catalog/pg_parameter_acl.h"
#include "catalog/pg_policy.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_publication.h"
#include "catalog/pg_publication_namespace.h"
#include "catalog/pg_publication_rel.h"
#include "catalog/pg_rewrite.h"
#include "catalog/pg_statistic_ext.h"
#include "catalog/pg_subscription.h"
#include "catalog/pg_tablespace.h"
#include "catalog/pg_transform.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_ts_config.h"
#include "catalog/pg_ts_dict.h"
#include "catalog/pg_ts_parser.h"
#include "catalog/pg_ts_template.h"
#include "catalog/pg_type.h"
#include "catalog/pg_user_mapping.h"
#include "utils/fmgroids.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "tracelab_probe.h"

/* The catalogs getObjectClass() knows (PostgreSQL 15, 16 and 17). */
static const Oid known_classes[] = {
#if PG_VERSION_NUM >= 160000
	AuthMemRelationId,
#endif
	RelationRelationId, ProcedureRelationId, TypeRelationId, CastRelationId,
	CollationRelationId, ConstraintRelationId, ConversionRelationId,
	AttrDefaultRelationId, LanguageRelationId, LargeObjectRelationId,
	OperatorRelationId, OperatorClassRelationId, OperatorFamilyRelationId,
	AccessMethodRelationId, AccessMethodOperatorRelationId,
	AccessMethodProcedureRelationId, RewriteRelationId, TriggerRelationId,
	NamespaceRelationId, StatisticExtRelationId, TSParserRelationId,
	TSDictionaryRelationId, TSTemplateRelationId, TSConfigRelationId,
	AuthIdRelationId, DatabaseRelationId, TableSpaceRelationId,
	ForeignDataWrapperRelationId, ForeignServerRelationId,
	UserMappingRelationId, DefaultAclRelationId, ExtensionRelationId,
	EventTriggerRelationId, ParameterAclRelationId, PolicyRelationId,
	PublicationNamespaceRelationId, PublicationRelationId,
	PublicationRelRelationId, SubscriptionRelationId, TransformRelationId
};

/*
 * The catalogs of objects that live in a schema, whose namespace a create
 * records.  get_object_attnum_namespace() throws for a class it does not
 * know, so only these are asked.
 */
static const Oid namespaced_classes[] = {
	RelationRelationId, ProcedureRelationId, TypeRelationId,
	OperatorRelationId, CollationRelationId, ConversionRelationId,
	OperatorClassRelationId, OperatorFamilyRelationId,
	StatisticExtRelationId, TSParserRelationId, TSDictionaryRelationId,
	TSTemplateRelationId, TSConfigRelationId
};

/*
 * describable
 *		Whether getObjectClass() accepts an object address without throwing.
 */
static bool
describable(const ObjectAddress *address)
{
	int			i;

	if (address->objectSubId != 0 &&
		address->classId != RelationRelationId)
		return false;
	for (i = 0; i < lengthof(known_classes); i++)
	{
		if (known_classes[i] == address->classId)
			return true;
	}
	return false;
}

/*
 * created_namespace
 *		The schema of an object the current command has just created, or
 *		InvalidOid when its class has none or the row cannot be found.
 *
 * The row is read with SnapshotSelf through the catalog's oid index: a
 * syscache lookup would not see it before the next CommandCounterIncrement.
 * The catalog is locked RowExclusive by the command that inserted into it,
 * so the AccessShareLock taken here conflicts with nothing and is released
 * at once.
 */
static Oid
created_namespace(const ObjectAddress *address)
{
	Relation	catalog;
	SysScanDesc scan;
	ScanKeyData key;
	HeapTuple	tuple;
	AttrNumber	attnum = InvalidAttrNumber;
	Oid			namespace = InvalidOid;
	int			i;

	if (address->objectSubId != 0)
		return InvalidOid;
	for (i = 0; i < lengthof(namespaced_classes); i++)
	{
		if (namespaced_classes[i] == address->classId)
		{
			attnum = get_object_attnum_namespace(address->classId);
			break;
		}
	}
	if (attnum == InvalidAttrNumber)
		return InvalidOid;

	catalog = table_open(address->classId, AccessShareLock);
	ScanKeyInit(&key, get_object_attnum_oid(address->classId),
				BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(address->objectId));
	scan = systable_beginscan(catalog, get_object_oid_index(address->classId),
							  true, SnapshotSelf, 1, &key);
	tuple = systable_getnext(scan);
	if (HeapTupleIsValid(tuple))
	{
		bool		isnull;
		Datum		value;

		value = heap_getattr(tuple, attnum, RelationGetDescr(catalog),
							 &isnull);
		if (!isnull)
			namespace = DatumGetObjectId(value);
	}
	systable_endscan(scan);
	table_close(catalog, AccessShareLock);
	return namespace;
}

/*
 * tracelab_capture_object_access
 *		object_access_hook: write ObjectChanged for a command's effect.
 */
void
tracelab_capture_object_access(ObjectAccessType access, Oid classId,
							   Oid objectId, int subId, void *arg)
{
	const char *what;
	ObjectAddress address;
	MemoryContext work;
	MemoryContext oldcontext;
	char	   *type = NULL;
	char	   *identity = NULL;
	Oid			namespace = InvalidOid;
	uint64		parent;
	int			depth;

	switch (access)
	{
		case OAT_POST_CREATE:
			what = "create";
			break;
		case OAT_POST_ALTER:
			what = "alter";
			break;
		case OAT_DROP:
			what = "drop";
			break;
		case OAT_TRUNCATE:
			what = "truncate";
			break;
		default:
			return;				/* namespace search, function execute */
	}
	if (!tracelab_recording() || !IsTransactionState())
		return;

	work = AllocSetContextCreate(CurrentMemoryContext, "TraceLab object",
								 ALLOCSET_SMALL_SIZES);
	oldcontext = MemoryContextSwitchTo(work);

	address.classId = classId;
	address.objectId = objectId;
	address.objectSubId = subId;
	if (describable(&address))
	{
		type = getObjectTypeDescription(&address, true);
		identity = getObjectIdentity(&address, true);
	}
	if (access == OAT_POST_CREATE)
		namespace = created_namespace(&address);

	tracelab_prepare_frame(true, &parent, &depth);
	if (tracelab_frame_begin(TL_OBJECT_CHANGED, 7, parent, depth) != 0)
	{
		tracelab_put_str(what);
		tracelab_put_uint(classId);
		tracelab_put_uint(objectId);
		tracelab_put_int(subId);
		tracelab_put_str(type);
		tracelab_put_str(identity);
		tracelab_put_uint(namespace);
		tracelab_frame_end();
	}

	MemoryContextSwitchTo(oldcontext);
	MemoryContextDelete(work);
}
