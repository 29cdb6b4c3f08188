/*-------------------------------------------------------------------------
 *
 * privileges.c
 *	  The effect of GRANT and REVOKE: PrivilegesChanged.
 *
 * PostgreSQL 15's object access hook is not told when privileges change
 * (ExecGrant_* update the ACL without an OAT_POST_ALTER call, except for
 * default privileges), so the effect is taken from the statement itself
 * once it has succeeded: which privileges on which objects were granted to
 * or revoked from whom.  Object names are written as the statement gave
 * them; roles named CURRENT_USER, SESSION_USER or CURRENT_ROLE are
 * resolved, so a replay does not depend on who those were.
 *
 * src/Recorder/Probe/privileges.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "nodes/parsenodes.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "tracelab_probe.h"

/*
 * object_type_name
 *		The keyword a GRANT uses for objects of this type.
 */
static const char *
object_type_name(ObjectType type)
{
	switch (type)
	{
		case OBJECT_TABLE:
			return "TABLE";
		case OBJECT_SEQUENCE:
			return "SEQUENCE";
		case OBJECT_DATABASE:
			return "DATABASE";
		case OBJECT_DOMAIN:
			return "DOMAIN";
		case OBJECT_FDW:
			return "FOREIGN DATA WRAPPER";
		case OBJECT_FOREIGN_SERVER:
			return "FOREIGN SERVER";
		case OBJECT_FUNCTION:
			return "FUNCTION";
		case OBJECT_PROCEDURE:
			return "PROCEDURE";
		case OBJECT_ROUTINE:
			return "ROUTINE";
		case OBJECT_LANGUAGE:
			return "LANGUAGE";
		case OBJECT_LARGEOBJECT:
			return "LARGE OBJECT";
		case OBJECT_SCHEMA:
			return "SCHEMA";
		case OBJECT_TABLESPACE:
			return "TABLESPACE";
		case OBJECT_TYPE:
			return "TYPE";
		case OBJECT_PARAMETER_ACL:
			return "PARAMETER";
		default:
			return "OBJECT";
	}
}

/*
 * object_name
 *		One object of a GRANT as text, the way the statement named it.
 */
static const char *
object_name(Node *object)
{
	if (object == NULL)
		return "";
	switch (nodeTag(object))
	{
		case T_RangeVar:
			{
				RangeVar   *rv = (RangeVar *) object;

				return quote_qualified_identifier(rv->schemaname,
												  rv->relname);
			}
		case T_String:
			return strVal(object);
		case T_Integer:
			return psprintf("%d", intVal(object));
		case T_Float:
			return castNode(Float, object)->fval;
		case T_List:
			return NameListToString((List *) object);
		case T_ObjectWithArgs:
			return NameListToString(((ObjectWithArgs *) object)->objname);
		default:
			return "";
	}
}

/*
 * put_grantees
 *		Write the roles a GRANT or REVOKE names, PUBLIC as "PUBLIC".
 */
static void
put_grantees(List *grantees)
{
	ListCell   *lc;

	tracelab_put_array(list_length(grantees));
	foreach(lc, grantees)
	{
		RoleSpec   *spec = lfirst_node(RoleSpec, lc);

		if (spec->roletype == ROLESPEC_PUBLIC)
			tracelab_put_str("PUBLIC");
		else
			tracelab_put_str(get_rolespec_name(spec));
	}
}

/*
 * put_grant
 *		Write the body of PrivilegesChanged for a GRANT/REVOKE on objects.
 */
static void
put_grant(GrantStmt *grant)
{
	ListCell   *lc;

	tracelab_put_bool(grant->is_grant);
	if (grant->targtype == ACL_TARGET_ALL_IN_SCHEMA)
		tracelab_put_str(psprintf("ALL %sS IN SCHEMA",
								  object_type_name(grant->objtype)));
	else
		tracelab_put_str(object_type_name(grant->objtype));
	tracelab_put_array(list_length(grant->objects));
	foreach(lc, grant->objects)
		tracelab_put_str(object_name(lfirst(lc)));
	if (grant->privileges == NIL)
	{
		tracelab_put_array(1);
		tracelab_put_str("ALL");
	}
	else
	{
		tracelab_put_array(list_length(grant->privileges));
		foreach(lc, grant->privileges)
		{
			AccessPriv *priv = lfirst_node(AccessPriv, lc);

			tracelab_put_str(priv->priv_name ? priv->priv_name : "ALL");
		}
	}
	put_grantees(grant->grantees);
	tracelab_put_bool(grant->grant_option);
}

/*
 * put_grant_role
 *		Write the body of PrivilegesChanged for a GRANT/REVOKE of roles.
 */
static void
put_grant_role(GrantRoleStmt *grant)
{
	ListCell   *lc;

	tracelab_put_bool(grant->is_grant);
	tracelab_put_str("ROLE");
	tracelab_put_array(list_length(grant->granted_roles));
	foreach(lc, grant->granted_roles)
	{
		AccessPriv *priv = lfirst_node(AccessPriv, lc);

		tracelab_put_str(priv->priv_name ? priv->priv_name : "");
	}
	tracelab_put_array(1);
	tracelab_put_str("MEMBER");
	put_grantees(grant->grantee_roles);
	tracelab_put_bool(grant->admin_opt);
}

/*
 * tracelab_note_privileges
 *		After a successful GRANT or REVOKE, write what it changed.
 *
 * Called with the statement's frame still innermost, in a transaction, so
 * the role lookups of CURRENT_USER and friends are safe.
 */
void
tracelab_note_privileges(Node *stmt)
{
	MemoryContext work;
	MemoryContext oldcontext;
	uint64		parent;
	int			depth;

	if (!IsA(stmt, GrantStmt) && !IsA(stmt, GrantRoleStmt))
		return;
	if (IsA(stmt, GrantStmt) &&
		((GrantStmt *) stmt)->targtype == ACL_TARGET_DEFAULTS)
		return;					/* ALTER DEFAULT PRIVILEGES: ObjectChanged */
	if (!tracelab_recording())
		return;

	work = AllocSetContextCreate(CurrentMemoryContext, "TraceLab privileges",
								 ALLOCSET_SMALL_SIZES);
	oldcontext = MemoryContextSwitchTo(work);
	tracelab_prepare_frame(true, &parent, &depth);
	if (tracelab_frame_begin(TL_PRIVILEGES_CHANGED, 6, parent, depth) != 0)
	{
		if (IsA(stmt, GrantStmt))
			put_grant((GrantStmt *) stmt);
		else
			put_grant_role((GrantRoleStmt *) stmt);
		tracelab_frame_end();
	}
	MemoryContextSwitchTo(oldcontext);
	MemoryContextDelete(work);
}
