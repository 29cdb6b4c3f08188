/*-------------------------------------------------------------------------
 *
 * plpgsql.c
 *	  PL/pgSQL statement detail: which line of which function runs a query.
 *
 * With tracelab.plpgsql_statements on, a statement run from PL/pgSQL (a
 * query, EXECUTE, PERFORM, a utility command) records the line number and
 * the kind of the PL/pgSQL statement that ran it, so a chain can say
 * "mallory.f_evil line 4, EXECUTE" instead of only "mallory.f_evil".
 *
 * PL/pgSQL offers one plugin slot (the rendezvous variable
 * "PLpgSQL_plugin"), read each time a function starts and before each
 * statement.  plpgsql_check, pldebugger and plprofiler use the same slot,
 * so the probe only takes it while the setting is on and the slot is
 * empty, and gives it back when the setting goes off; if another plugin
 * holds it, nothing is recorded and one LOG line says why.  The probe
 * must not call plpgsql.so itself: it is loaded first, and plpgsql may
 * never be loaded at all.
 *
 * The plugin has no callback when a function fails, so the executions it
 * saw are kept by their estate address: a statement starting in an estate
 * further down the list cuts off the entries above it, which belonged to
 * calls that have ended one way or the other.
 *
 * src/Recorder/Probe/plpgsql.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "plpgsql.h"

#include "tracelab_probe.h"

/* PL/pgSQL executions nested deeper than this are not annotated. */
#define TL_MAX_PLPGSQL_DEPTH	64

/* The statement running in one PL/pgSQL execution. */
typedef struct PlpgsqlLevel
{
	PLpgSQL_execstate *estate;
	Oid			fn_oid;			/* InvalidOid for a DO block */
	int			lineno;
	PLpgSQL_stmt_type cmd_type;
} PlpgsqlLevel;

static PlpgsqlLevel levels[TL_MAX_PLPGSQL_DEPTH];
static int	level_count = 0;
static bool slot_busy_reported = false;

static void plugin_func_beg(PLpgSQL_execstate *estate,
							PLpgSQL_function *func);
static void plugin_stmt_beg(PLpgSQL_execstate *estate, PLpgSQL_stmt *stmt);

static PLpgSQL_plugin plugin = {
	.func_beg = plugin_func_beg,
	.stmt_beg = plugin_stmt_beg
};

/* Statement kinds, indexed by PLpgSQL_stmt_type (FORMAT.md). */
static const char *const statement_names[] = {
	"block", "assign", "if", "case", "loop", "while", "fori", "fors", "forc",
	"foreach", "exit", "return", "return_next", "return_query", "raise",
	"assert", "execsql", "dynexecute", "dynfors", "getdiag", "open", "fetch",
	"close", "perform", "call", "commit", "rollback"
};

/*
 * level_of
 *		The index of an estate in the list, or -1.
 */
static int
level_of(PLpgSQL_execstate *estate)
{
	int			i;

	for (i = level_count - 1; i >= 0; i--)
	{
		if (levels[i].estate == estate)
			return i;
	}
	return -1;
}

/*
 * plugin_func_beg
 *		A PL/pgSQL function or DO block starts: a new level.
 */
static void
plugin_func_beg(PLpgSQL_execstate *estate, PLpgSQL_function *func)
{
	int			i = level_of(estate);

	if (i >= 0)
		level_count = i;		/* a stale level at the same address */
	if (level_count >= TL_MAX_PLPGSQL_DEPTH)
		return;
	levels[level_count].estate = estate;
	levels[level_count].fn_oid = func->fn_oid;
	levels[level_count].lineno = 0;
	levels[level_count].cmd_type = PLPGSQL_STMT_BLOCK;
	level_count++;
}

/*
 * plugin_stmt_beg
 *		A PL/pgSQL statement starts: note it, drop levels that ended.
 */
static void
plugin_stmt_beg(PLpgSQL_execstate *estate, PLpgSQL_stmt *stmt)
{
	int			i = level_of(estate);

	if (i < 0)
		return;
	level_count = i + 1;
	levels[i].lineno = stmt->lineno;
	levels[i].cmd_type = stmt->cmd_type;
}

/*
 * tracelab_plpgsql_assign
 *		GUC assign hook of tracelab.plpgsql_statements: take or give back
 *		PL/pgSQL's plugin slot.
 */
void
tracelab_plpgsql_assign(bool newval, void *extra)
{
	PLpgSQL_plugin **slot;

	slot = (PLpgSQL_plugin **) find_rendezvous_variable("PLpgSQL_plugin");
	if (newval)
	{
		if (*slot == NULL)
			*slot = &plugin;
		else if (*slot != &plugin && !slot_busy_reported)
		{
			slot_busy_reported = true;
			ereport(LOG,
					(errmsg("tracelab_probe cannot record PL/pgSQL statements"),
					 errdetail("Another extension uses the PL/pgSQL plugin slot.")));
		}
	}
	else if (*slot == &plugin)
	{
		*slot = NULL;
		level_count = 0;
	}
}

/*
 * tracelab_plpgsql_annotate
 *		Fill in the PL/pgSQL statement running a statement that starts now.
 *
 * Only when the innermost open frame is the PL/pgSQL function (or DO
 * block) of the innermost PL/pgSQL execution the plugin saw; otherwise
 * the statement did not come from PL/pgSQL, or detail is off.
 */
void
tracelab_plpgsql_annotate(TracelabStatementExtras *extras)
{
	PlpgsqlLevel *level;
	TracelabEntry *below;
	Oid			fn_oid;

	if (!tracelab_plpgsql_statements || level_count == 0 ||
		tracelab_stack_height == 0)
		return;
	below = &tracelab_stack[tracelab_stack_height - 1];
	if (below->kind == TL_ENTRY_FUNCTION && below->flinfo != NULL)
		fn_oid = below->flinfo->fn_oid;
	else if (below->kind == TL_ENTRY_UTILITY && below->commits)
		fn_oid = InvalidOid;	/* a DO block */
	else
		return;
	level = &levels[level_count - 1];
	if (level->fn_oid != fn_oid || level->lineno == 0)
		return;
	extras->plpgsql_line = level->lineno;
	extras->plpgsql_statement =
		((int) level->cmd_type < (int) lengthof(statement_names)) ?
		statement_names[level->cmd_type] : "";
}
