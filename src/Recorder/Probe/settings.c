/*-------------------------------------------------------------------------
 *
 * settings.c
 *	  The probe's settings, and which sessions record.
 *
 * Every setting a DBA can change is defined here, with the checks that
 * keep a bad value out: a spool directory must exist, a list of roles or
 * databases must parse.  Names that are not (yet) roles or databases are
 * accepted, as for search_path: a role created later starts matching
 * without a reload.
 *
 * Whether a backend records is decided once per session and kept until a
 * setting it depends on changes or the session user does, because
 * tracelab_recording() is asked by every hook.  The role and database
 * lists need the catalog, so the decision is only taken inside a
 * transaction; before that nothing is recorded, which costs nothing since
 * every hook that records runs in one.  The role list applies to client
 * sessions and the parallel workers that work for them (a session user
 * that is a listed role or a member of one); autovacuum and logical
 * replication workers act for the owners of the tables they process and
 * are recorded whenever their database is.
 *
 * src/Recorder/Probe/settings.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <sys/stat.h>

#include "access/parallel.h"
#include "access/xact.h"
#include "commands/dbcommands.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/varlena.h"

#include "tracelab_probe.h"

/* GUC variables */
bool		tracelab_enabled = true;
char	   *tracelab_spool_directory = NULL;
int			tracelab_capture_text = TL_TEXT_FULL;
int			tracelab_spool_budget_mb = 0;
bool		tracelab_plpgsql_statements = false;
static char *tracelab_databases = NULL;
static char *tracelab_roles = NULL;

static const struct config_enum_entry capture_text_options[] = {
	{"full", TL_TEXT_FULL, false},
	{"normalized", TL_TEXT_NORMALIZED, false},
	{"none", TL_TEXT_NONE, false},
	{NULL, 0, false}
};

/* Bumped by every assign hook: a decision holds for one generation. */
uint64		tracelab_settings_generation = 1;

/* The generation whose "yes" depends on the settings only (0: none). */
uint64		tracelab_recording_known = 0;

/* The cached decision of session_selected(). */
static uint64 decided_generation = 0;
static Oid	decided_session_user = InvalidOid;
static bool decided_selected = false;

/*
 * check_spool_directory
 *		GUC check hook: a non-empty value must name an existing directory.
 */
static bool
check_spool_directory(char **newval, void **extra, GucSource source)
{
	struct stat st;
	char		path[MAXPGPATH];

	if (*newval == NULL || (*newval)[0] == '\0')
		return true;

	/* leave room for the data directory and "/<pid>-<start>.tlspool" */
	if (strlen(*newval) + strlen(DataDir ? DataDir : "") + 64 >= MAXPGPATH)
	{
		GUC_check_errdetail("Spool directory path is too long.");
		return false;
	}
	if (is_absolute_path(*newval) || DataDir == NULL)
		strlcpy(path, *newval, sizeof(path));
	else
		snprintf(path, sizeof(path), "%s/%s", DataDir, *newval);

	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
	{
		GUC_check_errdetail("Specified spool directory \"%s\" does not exist.",
							*newval);
		return false;
	}
	return true;
}

/*
 * check_name_list
 *		GUC check hook: a comma-separated list of (quotable) names.
 */
static bool
check_name_list(char **newval, void **extra, GucSource source)
{
	char	   *copy;
	List	   *names;
	bool		ok;

	if (*newval == NULL || (*newval)[0] == '\0')
		return true;
	copy = pstrdup(*newval);
	ok = SplitIdentifierString(copy, ',', &names);
	list_free(names);
	pfree(copy);
	if (!ok)
		GUC_check_errdetail("List syntax is invalid.");
	return ok;
}

/*
 * settings_changed
 *		GUC assign hook: decide again which sessions record.
 */
static void
settings_changed(const char *newval, void *extra)
{
	tracelab_settings_generation++;
}

/*
 * enabled_changed
 *		GUC assign hook of tracelab.enabled: decide again.
 */
static void
enabled_changed(bool newval, void *extra)
{
	tracelab_settings_generation++;
}

/*
 * listed
 *		Whether a comma-separated list names something, by a predicate.
 */
static bool
listed(const char *list, bool (*matches) (const char *name))
{
	char	   *copy = pstrdup(list);
	List	   *names;
	ListCell   *lc;
	bool		result = false;

	if (SplitIdentifierString(copy, ',', &names))
	{
		foreach(lc, names)
		{
			if (matches((const char *) lfirst(lc)))
			{
				result = true;
				break;
			}
		}
	}
	list_free(names);
	pfree(copy);
	return result;
}

/*
 * is_this_database
 *		Whether a name is the database of this backend.
 */
static bool
is_this_database(const char *name)
{
	return get_database_oid(name, true) == MyDatabaseId;
}

/*
 * is_session_role
 *		Whether the session user is a role, or a member of it.
 */
static bool
is_session_role(const char *name)
{
	Oid			role = get_role_oid(name, true);

	return OidIsValid(role) &&
		is_member_of_role_nosuper(GetSessionUserId(), role);
}

/*
 * session_selected
 *		Whether tracelab.databases and tracelab.roles select this session.
 */
static bool
session_selected(void)
{
	bool		check_role;

	if (decided_generation == tracelab_settings_generation &&
		(decided_session_user == GetSessionUserId() ||
		 !OidIsValid(decided_session_user)))
		return decided_selected;
	if ((tracelab_databases == NULL || tracelab_databases[0] == '\0') &&
		(tracelab_roles == NULL || tracelab_roles[0] == '\0'))
	{
		decided_generation = tracelab_settings_generation;
		decided_session_user = InvalidOid;
		decided_selected = true;
		return true;
	}
	if (!IsTransactionState())
		return false;

	check_role = MyBackendType == B_BACKEND || IsParallelWorker();
	decided_selected =
		(tracelab_databases == NULL || tracelab_databases[0] == '\0' ||
		 listed(tracelab_databases, is_this_database)) &&
		(!check_role || tracelab_roles == NULL ||
		 tracelab_roles[0] == '\0' || listed(tracelab_roles, is_session_role));
	decided_generation = tracelab_settings_generation;
	decided_session_user = GetSessionUserId();
	return decided_selected;
}

/*
 * tracelab_recording_decide
 *		Whether this process may open new frames now (tracelab_recording's
 *		slow path).
 *
 * Client backends, autovacuum workers and background workers connected to
 * a database record, once they are fully initialized, while
 * tracelab.enabled is on, a spool directory is set and the session is
 * selected by tracelab.databases and tracelab.roles.  Frames already open
 * are still closed after this turns false.
 *
 * Every hook asks, so a "yes" that depends on nothing but the settings
 * (no list of roles or databases, whose answer follows the session user)
 * is remembered until a setting changes: a process never leaves normal
 * processing, and its type and database stay what they are.
 */
bool
tracelab_recording_decide(void)
{
	bool		wanted;
	bool		selected;

	if (!IsUnderPostmaster || !IsNormalProcessingMode() ||
		tracelab_session_ended)
		return false;
	switch (MyBackendType)
	{
		case B_BACKEND:
		case B_AUTOVAC_WORKER:
			break;
		case B_BG_WORKER:
			if (!OidIsValid(MyDatabaseId))
				return false;
			break;
		default:
			return false;
	}
	wanted = tracelab_enabled && tracelab_spool_directory != NULL &&
		tracelab_spool_directory[0] != '\0';
	selected = wanted && session_selected();

	/*
	 * Enforcement needs the frames' chains whether or not they are
	 * recorded: a session that enforces without recording runs the same
	 * hooks and throws its frames away (frame.c).
	 */
	if (!selected && !tracelab_enforcing())
		return false;
	tracelab_frame_set_discard(!selected);
	/* an answer that follows the session user is not remembered */
	if (!wanted || !OidIsValid(decided_session_user))
		tracelab_recording_known = tracelab_settings_generation;
	return true;
}

/*
 * enforce_changed
 *		Assign hook of the enforcement settings: decide again, since a
 *		session that does not record may now have to follow its frames.
 */
void
tracelab_enforce_changed(void)
{
	tracelab_settings_generation++;
}

/*
 * tracelab_define_settings
 *		Define the probe's settings, from _PG_init.
 */
void
tracelab_define_settings(void)
{
	/*
	 * tracelab.enabled: superuser-only, so that the role being recorded
	 * cannot switch recording off; a superuser may set it per session, per
	 * role or per database (ALTER DATABASE ... SET), which is how the
	 * event store's own database is excluded.
	 */
	DefineCustomBoolVariable("tracelab.enabled",
							 "Records the provenance of code executed by sessions and background workers.",
							 "When off, the session opens no new frames; frames already open are still closed.",
							 &tracelab_enabled,
							 true,
							 PGC_SUSET,
							 0,
							 NULL,
							 enabled_changed,
							 NULL);

	/*
	 * tracelab.spool_directory: where each backend writes its spool file.
	 * Empty records nothing.  Changing it affects backends that have not
	 * created their spool file yet; the others keep theirs.
	 */
	DefineCustomStringVariable("tracelab.spool_directory",
							   "Sets the directory into which each backend writes its spool file.",
							   "An empty string records nothing. A relative path is relative to the data directory.",
							   &tracelab_spool_directory,
							   "",
							   PGC_SIGHUP,
							   GUC_SUPERUSER_ONLY,
							   check_spool_directory,
							   settings_changed,
							   NULL);

	/*
	 * tracelab.capture_text: statement texts may hold secrets (passwords in
	 * ALTER ROLE, personal data in literals); "normalized" replaces every
	 * literal by $1, $2, ... and "none" records no text at all.  Recorded
	 * locations always refer to the statement as the server received it.
	 */
	DefineCustomEnumVariable("tracelab.capture_text",
							 "Sets how much of each statement's text is recorded.",
							 "full records the text as received, normalized replaces every literal by a parameter symbol, none records no text.",
							 &tracelab_capture_text,
							 TL_TEXT_FULL,
							 capture_text_options,
							 PGC_SUSET,
							 0,
							 NULL,
							 NULL,
							 NULL);

	DefineCustomStringVariable("tracelab.databases",
							   "Sets the databases whose sessions are recorded.",
							   "A comma-separated list of database names; empty records every database.",
							   &tracelab_databases,
							   "",
							   PGC_SIGHUP,
							   GUC_LIST_INPUT,
							   check_name_list,
							   settings_changed,
							   NULL);

	DefineCustomStringVariable("tracelab.roles",
							   "Sets the roles whose sessions are recorded.",
							   "A comma-separated list of role names: sessions whose session user is one of them or a member of one are recorded; empty records every role.",
							   &tracelab_roles,
							   "",
							   PGC_SIGHUP,
							   GUC_LIST_INPUT,
							   check_name_list,
							   settings_changed,
							   NULL);

	/*
	 * tracelab.spool_budget: the probe never fills the disk the server
	 * needs.  Spool files are never removed by the probe or the recorder;
	 * once they add up to the budget, blocks are dropped (and counted)
	 * until files are removed or the budget is raised.
	 */
	DefineCustomIntVariable("tracelab.spool_budget",
							"Sets the most disk space the spool directory may use.",
							"Once the spool files add up to this size, new frames are dropped and counted. Zero means no limit.",
							&tracelab_spool_budget_mb,
							0,
							0,
							INT_MAX / 2,
							PGC_SIGHUP,
							GUC_UNIT_MB,
							NULL,
							NULL,
							NULL);

	/*
	 * tracelab.plpgsql_statements: PL/pgSQL's plugin slot is shared with
	 * plpgsql_check, pldebugger and plprofiler, so the probe takes it only
	 * when asked to.
	 */
	DefineCustomBoolVariable("tracelab.plpgsql_statements",
							 "Records the PL/pgSQL line and statement that runs each nested statement.",
							 "Uses the PL/pgSQL plugin slot, which debuggers and profilers also use.",
							 &tracelab_plpgsql_statements,
							 false,
							 PGC_SUSET,
							 0,
							 NULL,
							 tracelab_plpgsql_assign,
							 NULL);

	/* tracelab.enforce_policy and tracelab.enforce_mode */
	tracelab_define_enforce_settings();

	MarkGUCPrefixReserved("tracelab");
}
