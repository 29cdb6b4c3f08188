/*-------------------------------------------------------------------------
 *
 * relation.c
 *	  Relation descriptors with the code the relation stores.
 *
 * A relation can run code on behalf of whoever touches it: column defaults
 * and generated columns, CHECK constraints, index expressions and
 * predicates, rules, row-level-security policies and the CHECK constraints
 * of domain-typed columns.  RelationDescribed lists that code (FORMAT.md,
 * "Stored code", read by storedcode.c) with the user functions each piece
 * calls, so that a call with no location can be traced to the definitions
 * that may have caused it; it also names the extension the relation
 * belongs to, if any.  For a view, the entry also keeps a summary of its
 * own body (the views, relations, functions, aggregates and domains it
 * uses), which analyze.c expands without reading the view again, and for a
 * table its policies, which plan.c matches against the planned query.
 *
 * Everything is read from the catalogs by oid, without opening or locking
 * the relation: a relation named by a utility command or reached through
 * a view body is not locked yet, and taking a lock here first (weaker than
 * the one the command is about to take) could create deadlocks that the
 * server alone would not have.  The catalog snapshot gives the committed
 * definitions, which is what the command will see.
 *
 * The summary is cached per relation for the session and recomputed after
 * the relation's relcache entry is invalidated (rules, policies, indexes,
 * constraints and defaults all invalidate it) or a domain constraint
 * changes; the callbacks only mark entries stale.  Unchanged descriptors
 * are not resent (frame.c compares a CRC of the fields).
 *
 * src/Recorder/Probe/relation.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/reloptions.h"
#include "access/xact.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "policy.h"
#include "tracelab_probe.h"

static HTAB *relation_table = NULL;
static MemoryContext relations_context = NULL;

/*
 * relcache_invalidated
 *		Relcache callback: describe the relation (or all) again later.
 */
static void
relcache_invalidated(Datum arg, Oid relid)
{
	HASH_SEQ_STATUS status;
	TracelabRelation *entry;

	tracelab_catalog_changed();
	if (relation_table == NULL)
		return;
	if (OidIsValid(relid))
	{
		entry = hash_search(relation_table, &relid, HASH_FIND, NULL);
		if (entry != NULL)
			entry->described = false;
		return;
	}
	hash_seq_init(&status, relation_table);
	while ((entry = hash_seq_search(&status)) != NULL)
		entry->described = false;
}

/*
 * syscache_invalidated
 *		Syscache callback for pg_class and pg_constraint.
 *
 * A domain's constraints are in pg_constraint and change no relcache
 * entry, so relations with domain-typed columns are described again.
 */
static void
syscache_invalidated(Datum arg, int cacheid, uint32 hashvalue)
{
	HASH_SEQ_STATUS status;
	TracelabRelation *entry;

	tracelab_catalog_changed();
	if (relation_table == NULL)
		return;
	hash_seq_init(&status, relation_table);
	while ((entry = hash_seq_search(&status)) != NULL)
	{
		if (cacheid == CONSTROID ? entry->domain_columns :
			(hashvalue == 0 || entry->hashvalue == hashvalue))
			entry->described = false;
	}
}

/*
 * relation_init
 *		Create the table once.
 */
static void
relation_init(void)
{
	if (relation_table != NULL)
		return;
	relations_context = AllocSetContextCreate(TopMemoryContext,
											  "TraceLab relations",
											  ALLOCSET_SMALL_SIZES);
	relation_table = tracelab_hash_create("TraceLab relations", sizeof(Oid),
										  sizeof(TracelabRelation), false);
}

/*
 * tracelab_relation_register_callbacks
 *		Register the invalidation callbacks of relation descriptors.
 */
void
tracelab_relation_register_callbacks(void)
{
	CacheRegisterRelcacheCallback(relcache_invalidated, (Datum) 0);
	CacheRegisterSyscacheCallback(RELOID, syscache_invalidated, (Datum) 0);
	CacheRegisterSyscacheCallback(CONSTROID, syscache_invalidated,
								  (Datum) 0);
}

/*
 * keep_policies
 *		Cache a table's policies in its entry for PlanFinished and the live
 *		chain.
 */
static void
keep_policies(TracelabRelation *entry, TracelabStoredCode *code)
{
	ListCell   *lc;
	int			i = 0;

	entry->npolicies = list_length(code->policies);
	entry->policies = MemoryContextAllocZero(entry->context,
											 sizeof(TracelabRowPolicy) *
											 Max(entry->npolicies, 1));
	foreach(lc, code->policies)
	{
		TracelabStoredObject *stored = (TracelabStoredObject *) lfirst(lc);
		TracelabRowPolicy *policy = &entry->policies[i++];
		ListCell   *rc;
		int			j = 0;

		policy->oid = stored->oid;
		policy->cmd = stored->cmd;
		policy->nfunctions = list_length(stored->functions) +
			list_length(stored->functions2);
		policy->functions = MemoryContextAlloc(entry->context, sizeof(Oid) *
											   Max(policy->nfunctions, 1));
		foreach(rc, stored->functions)
			policy->functions[j++] = lfirst_oid(rc);
		foreach(rc, stored->functions2)
			policy->functions[j++] = lfirst_oid(rc);
		j = 0;
		policy->nroles = list_length(stored->roles);
		policy->roles = MemoryContextAlloc(entry->context,
										   sizeof(Oid) *
										   Max(policy->nroles, 1));
		foreach(rc, stored->roles)
			policy->roles[j++] = lfirst_oid(rc);
	}
}

/*
 * keep_body
 *		Cache a view's body summary in its entry for analyze.c.
 */
static void
keep_body(TracelabRelation *entry, TracelabStoredCode *code)
{
	tracelab_copy_oids(entry->context, code->body.views, &entry->views);
	tracelab_copy_oids(entry->context, code->body.functions,
					   &entry->functions);
	tracelab_copy_oids(entry->context, code->body.relations,
					   &entry->relations);
	tracelab_copy_oids(entry->context, code->body.aggregates,
					   &entry->aggregates);
	tracelab_copy_oids(entry->context, code->body.domains, &entry->domains);
	entry->base_relation = code->base_relation;
}

/*
 * code_item
 *		Append a piece of stored code to the entry's array, unless it calls
 *		no user function (a domain column is always kept: its domain's
 *		constraints are looked up when a call needs them).
 */
static void
code_item(TracelabRelation *entry, int *allocated, uint8 code_kind,
		  uint8 entry_kind, Oid oid, const char *event, List *functions)
{
	TracelabCodeItem *item;

	if (functions == NIL && code_kind != TL_CODE_DOMAIN_COLUMNS)
		return;
	if (entry->ncode == *allocated)
	{
		*allocated = Max(4, *allocated * 2);
		entry->code = (entry->code == NULL) ?
			MemoryContextAlloc(entry->context,
							   sizeof(TracelabCodeItem) * *allocated) :
			repalloc(entry->code, sizeof(TracelabCodeItem) * *allocated);
	}
	item = &entry->code[entry->ncode++];
	item->code_kind = code_kind;
	item->entry_kind = entry_kind;
	item->oid = oid;
	item->event = event;
	tracelab_copy_oids(entry->context, functions, &item->functions);
}

/*
 * keep_code
 *		Keep the stored code that calls user functions in the entry, in the
 *		order the replayer's StoredCodeAttribution looks through it.
 */
static void
keep_code(TracelabRelation *entry, TracelabStoredCode *code)
{
	int			allocated = 0;
	ListCell   *lc;
	int			i;

	foreach(lc, code->defaults)
	{
		TracelabStoredDefault *d = (TracelabStoredDefault *) lfirst(lc);

		code_item(entry, &allocated, TL_CODE_DEFAULTS,
				  d->generated ? TL_POLICY_ENTRY_GENERATED_COLUMN :
				  TL_POLICY_ENTRY_DEFAULT, (Oid) d->attnum, NULL,
				  d->functions);
	}
	foreach(lc, code->checks)
	{
		TracelabStoredObject *c = (TracelabStoredObject *) lfirst(lc);

		code_item(entry, &allocated, TL_CODE_CHECKS,
				  TL_POLICY_ENTRY_CHECK_CONSTRAINT, c->oid, NULL, c->functions);
	}
	/* pairs of attribute number and domain */
	for (i = 0; i + 1 < list_length(code->domains); i += 2)
		code_item(entry, &allocated, TL_CODE_DOMAIN_COLUMNS,
				  TL_POLICY_ENTRY_DOMAIN_CONSTRAINT,
				  list_nth_oid(code->domains, i + 1), NULL, NIL);
	foreach(lc, code->rules)
	{
		TracelabStoredObject *r = (TracelabStoredObject *) lfirst(lc);

		code_item(entry, &allocated, TL_CODE_RULES, TL_POLICY_ENTRY_RULE,
				  r->oid, r->kind, r->functions);
	}
	foreach(lc, code->indexes)
	{
		TracelabStoredObject *index = (TracelabStoredObject *) lfirst(lc);

		code_item(entry, &allocated, TL_CODE_INDEX_EXPRESSIONS,
				  TL_POLICY_ENTRY_INDEX_EXPRESSION, index->oid, NULL,
				  index->functions);
		code_item(entry, &allocated, TL_CODE_INDEX_PREDICATES,
				  TL_POLICY_ENTRY_INDEX_PREDICATE, index->oid, NULL,
				  index->functions2);
	}
}

/*
 * read_domain_columns
 *		Columns whose type is a domain with CHECK constraints.
 *
 * The domains are described here (TypeDescribed before the relation).
 */
static bool
read_domain_columns(List *columns, TracelabStoredCode *code, uint64 parent,
					int depth)
{
	ListCell   *lc;
	bool		any = false;

	foreach(lc, columns)
	{
		TracelabColumn	   *column = (TracelabColumn *) lfirst(lc);

		if (get_typtype(column->type) != TYPTYPE_DOMAIN)
			continue;
		any = true;
		if (tracelab_describe_type(column->type, parent, depth))
		{
			code->domains = lappend_oid(code->domains,
										(Oid) column->attnum);
			code->domains = lappend_oid(code->domains, column->type);
		}
	}
	return any;
}

/*
 * clear_summary
 *		Empty the view body summary and policies kept in an entry.
 */
static void
clear_summary(TracelabRelation *entry)
{
	entry->views.count = 0;
	entry->functions.count = 0;
	entry->relations.count = 0;
	entry->aggregates.count = 0;
	entry->domains.count = 0;
	entry->base_relation = InvalidOid;
	entry->npolicies = 0;
	entry->policies = NULL;
	entry->ncode = 0;
	entry->code = NULL;
}

/*
 * load_relation
 *		Read a relation's catalog rows and send its descriptor.
 */
static void
load_relation(TracelabRelation *entry, uint64 parent, int depth)
{
	HeapTuple	tuple;
	Form_pg_class form;
	NameData	name;
	Oid			namespace;
	Oid			owner;
	bool		force_row_security;
	bool		has_rules;
	bool		has_index;
	int			nchecks;
	bool		security_invoker = false;
	bool		security_barrier = false;
	TracelabStoredCode code;
	MemoryContext work;
	MemoryContext oldcontext;
	char	   *schema;
	const char *extension;
	ListCell   *lc;

	tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(entry->oid));
	if (!HeapTupleIsValid(tuple))
	{
		entry->exists = false;
		entry->described = true;
		return;
	}
	entry->hashvalue = GetSysCacheHashValue1(RELOID,
											 ObjectIdGetDatum(entry->oid));
	form = (Form_pg_class) GETSTRUCT(tuple);
	name = form->relname;
	namespace = form->relnamespace;
	owner = form->relowner;
	entry->relkind = form->relkind;
	entry->row_security = form->relrowsecurity;
	force_row_security = form->relforcerowsecurity;
	has_rules = form->relhasrules;
	has_index = form->relhasindex;
	nchecks = form->relchecks;
	entry->exists = true;
	entry->owner = owner;

	work = tracelab_work_context();
	oldcontext = MemoryContextSwitchTo(work);
	if (entry->relkind == RELKIND_VIEW)
	{
		bool		isnull;
		Datum		options = SysCacheGetAttr(RELOID, tuple,
											  Anum_pg_class_reloptions,
											  &isnull);

		if (!isnull)
		{
			ViewOptions *view = (ViewOptions *) view_reloptions(options,
																false);

			if (view != NULL)
			{
				security_invoker = view->security_invoker;
				security_barrier = view->security_barrier;
			}
		}
	}
	ReleaseSysCache(tuple);

	tracelab_stored_code_read(entry->oid, entry->relkind, nchecks, has_index,
							  has_rules, &code);

	/* what the descriptor names is described before it */
	tracelab_describe_role(owner, parent, depth);
	foreach(lc, code.roles)
		tracelab_describe_role(lfirst_oid(lc), parent, depth);
	tracelab_describe_functions(code.functions, parent, depth);
	entry->domain_columns = read_domain_columns(code.columns, &code, parent,
												depth);
	schema = get_namespace_name(namespace);
	extension = tracelab_extension_name(RelationRelationId, entry->oid);
	entry->traits = (extension[0] != '\0') ?
		TL_POLICY_TRAIT_EXTENSION_MEMBER : 0;

	/* keep what analyze.c, plan.c and the live chain need */
	if (entry->context != NULL)
		MemoryContextReset(entry->context);
	else if (entry->relkind == RELKIND_VIEW || code.policies != NIL ||
			 code.defaults != NIL || code.checks != NIL ||
			 code.domains != NIL || code.rules != NIL ||
			 code.indexes != NIL)
		entry->context = AllocSetContextCreate(relations_context,
											   "TraceLab relation",
											   ALLOCSET_SMALL_SIZES);
	clear_summary(entry);
	if (entry->relkind == RELKIND_VIEW)
		keep_body(entry, &code);
	if (code.policies != NIL)
		keep_policies(entry, &code);
	if (entry->context != NULL)
		keep_code(entry, &code);

	tracelab_frame_begin(TL_RELATION_DESCRIBED, 11, parent, depth);
	tracelab_put_uint(entry->oid);
	tracelab_put_str(schema);
	tracelab_put_str(NameStr(name));
	tracelab_put_strn(&entry->relkind, 1);
	tracelab_put_uint(owner);
	tracelab_put_bool(security_invoker);
	tracelab_put_bool(security_barrier);
	tracelab_put_bool(entry->row_security);
	tracelab_put_bool(force_row_security);
	tracelab_stored_code_put(&code);
	tracelab_put_str(extension);
	entry->described = tracelab_frame_end_if_changed(&entry->facts_crc);

	MemoryContextSwitchTo(oldcontext);
	MemoryContextDelete(work);
}

/*
 * tracelab_describe_relation
 *		Send RelationDescribed (and what it names) unless a current one was
 *		sent, and return the relation's entry.
 *
 * Only call this in a safe path: it may read the catalog.  NULL when the
 * path is not safe or memory ran out.
 */
TracelabRelation *
tracelab_describe_relation(Oid relid, uint64 parent, int depth)
{
	TracelabRelation *entry;
	bool		found;

	if (!OidIsValid(relid) || !IsTransactionState())
		return NULL;
	relation_init();
	entry = hash_search(relation_table, &relid, HASH_ENTER_NULL, &found);
	if (entry == NULL)
		return NULL;
	if (!found)
	{
		entry->described = false;
		entry->exists = false;
		entry->row_security = false;
		entry->domain_columns = false;
		entry->relkind = '\0';
		entry->hashvalue = 0;
		entry->facts_crc = 0;
		entry->owner = InvalidOid;
		entry->owner_generation = 0;
		entry->context = NULL;
		clear_summary(entry);
	}
	if (!entry->described)
		load_relation(entry, parent, depth);
	else if (entry->exists &&
			 entry->owner_generation != tracelab_role_generation)
	{
		/* the owner's descriptor may have to be sent again */
		entry->owner_generation = tracelab_role_generation;
		tracelab_describe_role(entry->owner, parent, depth);
	}
	return entry;
}

/*
 * tracelab_relation_forget
 *		Forget every relation descriptor sent.
 */
void
tracelab_relation_forget(void)
{
	HASH_SEQ_STATUS status;
	TracelabRelation *entry;

	if (relation_table == NULL)
		return;
	hash_seq_init(&status, relation_table);
	while ((entry = hash_seq_search(&status)) != NULL)
	{
		entry->described = false;
		entry->facts_crc = 0;
	}
}
