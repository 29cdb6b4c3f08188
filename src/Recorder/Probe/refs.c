/*-------------------------------------------------------------------------
 *
 * refs.c
 *	  The objects a query or stored expression uses: walks over node trees.
 *
 * Analysed queries, view bodies, column defaults, CHECK constraints, index
 * expressions, rules, policies and domain constraints are all node trees.
 * The walk here collects what the provenance record needs from them: the
 * views and table-like relations they reference, the result relations,
 * the user functions they call (directly, through operators, through the
 * I/O functions of user types in casts), the user aggregates and the
 * domains they coerce to.
 *
 * The walk only reads the tree and does no catalog access, because a tree
 * may belong to the relcache, and catalog access can process invalidations
 * that rebuild the entry it belongs to.  Operators whose opfuncid is not
 * filled in yet and user types converted through their I/O functions are
 * collected and resolved afterwards by tracelab_refs_resolve.  The lists
 * are bounded, so a pathological query costs a bounded amount of work.
 *
 * src/Recorder/Probe/refs.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "nodes/nodeFuncs.h"
#include "parser/parsetree.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "tracelab_probe.h"

/* No list of a walk grows beyond this many oids. */
#define TL_MAX_REFS		1000

/*
 * add_oid
 *		Append an oid to a list once, up to the bound.
 */
static List *
add_oid(List *list, Oid oid)
{
	if (list_length(list) >= TL_MAX_REFS)
		return list;
	return list_append_unique_oid(list, oid);
}

/*
 * add_function
 *		Append a function to the walk's user functions.
 */
static void
add_function(TracelabRefs *refs, Oid fnoid)
{
	if (fnoid >= FirstNormalObjectId)
		refs->functions = add_oid(refs->functions, fnoid);
}

/*
 * refs_walker
 *		Walker behind tracelab_refs_walk.
 */
static bool
refs_walker(Node *node, TracelabRefs *refs)
{
	if (node == NULL)
		return false;

	if (IsA(node, Query))
	{
		Query	   *query = (Query *) node;

		if (query->resultRelation > 0 &&
			query->resultRelation <= list_length(query->rtable))
		{
			RangeTblEntry *rte = rt_fetch(query->resultRelation,
										  query->rtable);

			if (rte->rtekind == RTE_RELATION)
				refs->targets = add_oid(refs->targets, rte->relid);
		}
		return query_tree_walker(query, refs_walker, refs,
								 QTW_EXAMINE_RTES_BEFORE);
	}
	if (IsA(node, RangeTblEntry))
	{
		RangeTblEntry *rte = (RangeTblEntry *) node;

		if (rte->rtekind != RTE_RELATION)
			return false;		/* range_table_walker goes on inside */
		if (rte->relkind != RELKIND_VIEW)
			refs->relations = add_oid(refs->relations, rte->relid);
#if PG_VERSION_NUM < 160000
		/* PG15 view queries start with OLD/NEW RTEs naming the view */
		else if (rte->relid == refs->self)
			return false;
#endif
		else
			refs->views = add_oid(refs->views, rte->relid);
		return false;
	}

	switch (nodeTag(node))
	{
		case T_FuncExpr:
			add_function(refs, ((FuncExpr *) node)->funcid);
			break;
		case T_OpExpr:
		case T_DistinctExpr:
		case T_NullIfExpr:
			/* never fill in opfuncid here: the tree may be the relcache's */
			if (OidIsValid(((OpExpr *) node)->opfuncid))
				add_function(refs, ((OpExpr *) node)->opfuncid);
			else
				refs->operators = add_oid(refs->operators,
										  ((OpExpr *) node)->opno);
			break;
		case T_ScalarArrayOpExpr:
			if (OidIsValid(((ScalarArrayOpExpr *) node)->opfuncid))
				add_function(refs, ((ScalarArrayOpExpr *) node)->opfuncid);
			else
				refs->operators = add_oid(refs->operators,
										  ((ScalarArrayOpExpr *) node)->opno);
			break;
		case T_RowCompareExpr:
			{
				ListCell   *lc;

				foreach(lc, ((RowCompareExpr *) node)->opnos)
					refs->operators = add_oid(refs->operators, lfirst_oid(lc));
				break;
			}
		case T_Aggref:
			{
				Oid			aggoid = ((Aggref *) node)->aggfnoid;

				add_function(refs, aggoid);
				if (aggoid >= FirstNormalObjectId)
					refs->aggregates = add_oid(refs->aggregates, aggoid);
				break;
			}
		case T_WindowFunc:
			{
				WindowFunc *wfunc = (WindowFunc *) node;

				add_function(refs, wfunc->winfnoid);
				if (wfunc->winagg && wfunc->winfnoid >= FirstNormalObjectId)
					refs->aggregates = add_oid(refs->aggregates,
											   wfunc->winfnoid);
				break;
			}
		case T_CoerceViaIO:
			{
				CoerceViaIO *coerce = (CoerceViaIO *) node;
				Oid			source = exprType((Node *) coerce->arg);

				if (coerce->resulttype >= FirstNormalObjectId)
					refs->input_types = add_oid(refs->input_types,
												coerce->resulttype);
				if (source >= FirstNormalObjectId)
					refs->output_types = add_oid(refs->output_types, source);
				break;
			}
		case T_CoerceToDomain:
			refs->domains = add_oid(refs->domains,
									((CoerceToDomain *) node)->resulttype);
			break;
		default:
			break;
	}
	return expression_tree_walker(node, refs_walker, refs);
}

/*
 * tracelab_refs_walk
 *		Collect the objects a query or expression tree uses; no catalog access.
 */
void
tracelab_refs_walk(Node *node, TracelabRefs *refs)
{
	(void) refs_walker(node, refs);
}

/*
 * type_io_function
 *		A type's input or output function, InvalidOid when it has none.
 *
 * Read straight from pg_type: getTypeInputInfo would throw for a shell
 * type.
 */
static Oid
type_io_function(Oid typid, bool input)
{
	HeapTuple	tuple;
	Oid			result;

	tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
	if (!HeapTupleIsValid(tuple))
		return InvalidOid;
	if (input)
		result = ((Form_pg_type) GETSTRUCT(tuple))->typinput;
	else
		result = ((Form_pg_type) GETSTRUCT(tuple))->typoutput;
	ReleaseSysCache(tuple);
	return result;
}

/*
 * tracelab_refs_resolve
 *		Add the functions of collected operators and I/O conversions.
 */
void
tracelab_refs_resolve(TracelabRefs *refs)
{
	ListCell   *lc;

	foreach(lc, refs->operators)
		add_function(refs, get_opcode(lfirst_oid(lc)));
	foreach(lc, refs->input_types)
		add_function(refs, type_io_function(lfirst_oid(lc), true));
	foreach(lc, refs->output_types)
		add_function(refs, type_io_function(lfirst_oid(lc), false));
	list_free(refs->operators);
	list_free(refs->input_types);
	list_free(refs->output_types);
	refs->operators = NIL;
	refs->input_types = NIL;
	refs->output_types = NIL;
}

/*
 * tracelab_node_functions
 *		The user functions a stored expression (pg_node_tree text) calls.
 */
List *
tracelab_node_functions(const char *node_text)
{
	TracelabRefs refs;

	memset(&refs, 0, sizeof(refs));
	if (node_text == NULL)
		return NIL;
	tracelab_refs_walk((Node *) stringToNode(node_text), &refs);
	tracelab_refs_resolve(&refs);
	return refs.functions;
}

/*
 * tracelab_copy_oids
 *		Copy a list of oids into an array allocated in context.
 */
void
tracelab_copy_oids(MemoryContext context, List *list, TracelabOids *oids)
{
	ListCell   *lc;
	int			i = 0;

	oids->count = list_length(list);
	oids->oids = NULL;
	if (oids->count == 0)
		return;
	oids->oids = MemoryContextAlloc(context, oids->count * sizeof(Oid));
	foreach(lc, list)
		oids->oids[i++] = lfirst_oid(lc);
}
