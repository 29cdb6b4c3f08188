/*-------------------------------------------------------------------------
 *
 * role.c
 *	  Role descriptors, interned per session.
 *
 * RoleDescribed gives a role's facts (SUPERUSER, LOGIN, INHERIT, BYPASSRLS,
 * CREATEROLE) and its direct memberships, so that the reader can tell what
 * privileges the current, outer and session user of every frame had at
 * that moment.  The roles a role is a member of are described first,
 * bounded in depth.  A change of pg_authid or pg_auth_members marks roles
 * stale; a membership row's hash names neither of its roles, so every
 * role is looked at again then, and only changed descriptors are resent
 * (describe.c explains the scheme).
 *
 * src/Recorder/Probe/role.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_auth_members.h"
#include "catalog/pg_authid.h"
#include "utils/catcache.h"
#include "utils/inval.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "tracelab_probe.h"

/* Role memberships are described this many levels up, at most. */
#define TL_MAX_ROLE_LEVELS	16

/* What the probe keeps per role. */
typedef struct TracelabRole
{
	Oid			oid;			/* hash key, must be first */
	bool		described;		/* a current descriptor is in the stream */
	uint32		hashvalue;		/* AUTHOID syscache hash, for invalidation */
	uint32		facts_crc;		/* CRC of the last descriptor's fields */
} TracelabRole;

/* A direct membership of a role. */
typedef struct Membership
{
	Oid			roleid;
	bool		admin_option;
} Membership;

static HTAB *role_table = NULL;

/* Changes whenever a role may need describing again (stack.c). */
uint64		tracelab_role_generation = 1;

static void describe_role_level(Oid roleid, uint64 parent, int depth,
								int level);

/*
 * role_invalidated
 *		Syscache callback for pg_authid and pg_auth_members.
 *
 * A membership row names two roles and its hash says neither, so every
 * role is described again; unchanged descriptors are not resent.
 */
static void
role_invalidated(Datum arg, int cacheid, uint32 hashvalue)
{
	HASH_SEQ_STATUS status;
	TracelabRole *entry;

	tracelab_role_generation++;
	tracelab_catalog_changed();
	if (role_table == NULL)
		return;
	hash_seq_init(&status, role_table);
	while ((entry = hash_seq_search(&status)) != NULL)
	{
		if (hashvalue == 0 || cacheid != AUTHOID ||
			entry->hashvalue == hashvalue)
			entry->described = false;
	}
}

/*
 * tracelab_role_register_callbacks
 *		Register the invalidation callbacks of role descriptors.
 */
void
tracelab_role_register_callbacks(void)
{
	CacheRegisterSyscacheCallback(AUTHOID, role_invalidated, (Datum) 0);
	CacheRegisterSyscacheCallback(AUTHMEMMEMROLE, role_invalidated,
								  (Datum) 0);
}

/*
 * role_memberships
 *		The direct memberships of a role (pg_auth_members), palloc'd.
 */
static Membership *
role_memberships(Oid roleid, int *count)
{
	CatCList   *members;
	Membership *result;
	int			i;

	members = SearchSysCacheList1(AUTHMEMMEMROLE, ObjectIdGetDatum(roleid));
	result = palloc(sizeof(Membership) * Max(members->n_members, 1));
	for (i = 0; i < members->n_members; i++)
	{
		Form_pg_auth_members form;

		form = (Form_pg_auth_members) GETSTRUCT(&members->members[i]->tuple);
		result[i].roleid = form->roleid;
		result[i].admin_option = form->admin_option;
	}
	*count = members->n_members;
	ReleaseSysCacheList(members);
	return result;
}

/*
 * tracelab_describe_role
 *		Send RoleDescribed for a role unless a current one was sent.
 *
 * Only call this in a safe path: it may read the catalog.  The roles it is
 * a member of are described first.
 */
void
tracelab_describe_role(Oid roleid, uint64 parent, int depth)
{
	describe_role_level(roleid, parent, depth, 0);
}

/*
 * describe_role_level
 *		Body of tracelab_describe_role, bounded in how far up it goes.
 */
static void
describe_role_level(Oid roleid, uint64 parent, int depth, int level)
{
	TracelabRole *entry;
	HeapTuple	tuple;
	Form_pg_authid role;
	NameData	name;
	bool		facts[5];
	Membership *members;
	int			nmembers;
	int			i;
	bool		found;
	MemoryContext work;
	MemoryContext oldcontext;

	if (!OidIsValid(roleid) || !IsTransactionState())
		return;
	if (role_table == NULL)
		role_table = tracelab_hash_create("TraceLab roles", sizeof(Oid),
										  sizeof(TracelabRole), false);
	entry = hash_search(role_table, &roleid, HASH_ENTER_NULL, &found);
	if (entry == NULL)
		return;
	if (!found)
	{
		entry->described = false;
		entry->hashvalue = 0;
		entry->facts_crc = 0;
	}
	if (entry->described)
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
	name = role->rolname;
	facts[0] = role->rolsuper;
	facts[1] = role->rolcanlogin;
	facts[2] = role->rolinherit;
	facts[3] = role->rolbypassrls;
	facts[4] = role->rolcreaterole;
	ReleaseSysCache(tuple);

	work = tracelab_work_context();
	oldcontext = MemoryContextSwitchTo(work);
	members = role_memberships(roleid, &nmembers);

	/* the groups first, so the memberships name described roles */
	entry->described = true;	/* no loop through a membership cycle */
	if (level < TL_MAX_ROLE_LEVELS)
	{
		for (i = 0; i < nmembers; i++)
			describe_role_level(members[i].roleid, parent, depth, level + 1);
	}

	tracelab_frame_begin(TL_ROLE_DESCRIBED, 8, parent, depth);
	tracelab_put_uint(roleid);
	tracelab_put_str(NameStr(name));
	tracelab_put_bool(facts[0]);
	tracelab_put_bool(facts[1]);
	tracelab_put_bool(facts[2]);
	tracelab_put_bool(facts[3]);
	tracelab_put_array(nmembers);
	for (i = 0; i < nmembers; i++)
	{
		tracelab_put_array(2);
		tracelab_put_uint(members[i].roleid);
		tracelab_put_bool(members[i].admin_option);
	}
	tracelab_put_bool(facts[4]);
	entry->described = tracelab_frame_end_if_changed(&entry->facts_crc);
	if (!entry->described)
		tracelab_role_generation++; /* dropped: try again next frame */

	MemoryContextSwitchTo(oldcontext);
	MemoryContextDelete(work);
}

/*
 * tracelab_role_forget
 *		Forget every role descriptor sent.
 */
void
tracelab_role_forget(void)
{
	HASH_SEQ_STATUS status;
	TracelabRole *entry;

	tracelab_role_generation++;
	if (role_table == NULL)
		return;
	hash_seq_init(&status, role_table);
	while ((entry = hash_seq_search(&status)) != NULL)
	{
		entry->described = false;
		entry->facts_crc = 0;
	}
}
