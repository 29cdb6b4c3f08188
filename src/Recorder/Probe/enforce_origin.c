/*-------------------------------------------------------------------------
 *
 * enforce_origin.c
 *	  What stored code brought a call with no call site, for the live chain.
 *
 * A function called by no expression of the statement itself (location -1)
 * was brought in by a definition stored in the catalog: a view's body, a
 * column default, a CHECK constraint, a rule, an index expression, a
 * row-security policy, a domain's constraint.  The replayer's CallAttribution looks for it under
 * the frame below the call (its OriginScope: the query's analysis for an
 * executing statement or a plan, the targets of a utility command, the
 * relation an autovacuum worker processes) and OriginPath merges what it
 * finds; this file does the same from the same facts, so that a policy
 * enforced live judges the chain a replay would.
 *
 * Each definition that calls the function is one candidate path (a view
 * with the views from the one the query named down to it); a link on every
 * path is certain, one that is not is a candidate.  Most calls have a call
 * site or nothing to look through, and return before anything is
 * allocated.
 *
 * src/Recorder/Probe/enforce_origin.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/parallel.h"
#include "utils/builtins.h"

#include "tracelab_probe.h"
#include "enforce.h"

/* Bounds of tracelab_chain_origin: candidate paths kept, and links on one path. */
#define TL_MAX_ORIGIN_PATHS	16
#define TL_MAX_ORIGIN_PATH	32
#define TL_MAX_DOMAIN_LEVELS 16

typedef TracelabOriginLink OriginLink;

typedef struct OriginPaths
{
	int			npaths;
	int			lengths[TL_MAX_ORIGIN_PATHS];
	OriginLink	links[TL_MAX_ORIGIN_PATHS][TL_MAX_ORIGIN_PATH];
} OriginPaths;

/*
 * same_link
 *		Whether two links are the same entry (by kind and key).
 */
static inline bool
same_link(const OriginLink *a, const OriginLink *b)
{
	return a->kind == b->kind && a->key1 == b->key1 && a->key2 == b->key2;
}

/*
 * path_has
 *		Whether kept path p has the link.
 */
static bool
path_has(const OriginPaths *paths, int p, const OriginLink *link)
{
	int			k;

	for (k = 0; k < paths->lengths[p]; k++)
	{
		if (same_link(&paths->links[p][k], link))
			return true;
	}
	return false;
}

/*
 * same_path
 *		Whether path p has the links of the candidate being built (at
 *		npaths).
 */
static bool
same_path(const OriginPaths *paths, int p, int n)
{
	int			k;

	if (paths->lengths[p] != n)
		return false;
	for (k = 0; k < n; k++)
	{
		if (!same_link(&paths->links[p][k], &paths->links[paths->npaths][k]))
			return false;
	}
	return true;
}

/*
 * keep_path
 *		Keep the candidate built at npaths with n links, unless a path with
 *		the same links is kept already (paths with the same links count
 *		once).
 */
static void
keep_path(OriginPaths *paths, int n)
{
	int			p;

	if (n == 0)
		return;
	for (p = 0; p < paths->npaths; p++)
	{
		if (same_path(paths, p, n))
			return;
	}
	paths->lengths[paths->npaths++] = n;
}

/*
 * view_paths
 *		The views of the query's analysis whose own body calls the function
 *		(for an aggregate's support function, the aggregate), each with the
 *		path of views from the one the query named, as ViewAttribution finds
 *		them: paths through the same views (by oid) count once.
 */
static void
view_paths(OriginPaths *paths, List *list, Oid fnoid, Oid aggoid, int index)
{
	TracelabExpandedView *views[TL_MAX_ORIGIN_PATHS * TL_MAX_ORIGIN_PATH];
	int			nviews = 0;
	int			first = paths->npaths;
	ListCell   *lc;
	int			i;

	foreach(lc, list)
	{
		if (nviews == lengthof(views))
			break;
		views[nviews++] = (TracelabExpandedView *) lfirst(lc);
	}
	for (i = 0; i < nviews && paths->npaths < TL_MAX_ORIGIN_PATHS; i++)
	{
		int			reversed[TL_MAX_ORIGIN_PATH];
		int			n = 0;
		int			v;
		int			k;
		int			p;
		bool		broken = false;
		bool		seen = false;

		if (!list_member_oid(views[i]->functions, fnoid) &&
			!(OidIsValid(aggoid) && list_member_oid(views[i]->functions, aggoid)))
			continue;
		/* from the view at i up the parent links; stop at a broken one */
		for (v = i; v >= 0 && !broken; v = views[v]->parent)
		{
			if (v >= nviews || n == TL_MAX_ORIGIN_PATH)
				broken = true;
			for (k = 0; k < n && !broken; k++)
				broken = reversed[k] == v;	/* a cycle */
			if (!broken)
				reversed[n++] = v;
		}
		if (broken || n == 0)
			continue;
		for (k = 0; k < n; k++)
		{
			OriginLink *link = &paths->links[paths->npaths][k];
			TracelabExpandedView *view = views[reversed[n - 1 - k]];
			TracelabRelation *rel = tracelab_describe_relation(view->oid, 0,
															   index);

			memset(link, 0, sizeof(OriginLink));
			link->kind = TL_POLICY_ENTRY_VIEW;
			link->key1 = (Oid) reversed[n - 1 - k];
			link->phase = TL_POLICY_PHASE_REWRITE;
			link->owner = rel != NULL ? rel->owner : InvalidOid;
			link->traits = rel != NULL ? rel->traits : 0;
			link->object_oid = view->oid;
		}
		/* a view path through the same views as a kept one counts once */
		for (p = first; p < paths->npaths && !seen; p++)
		{
			seen = paths->lengths[p] == n;
			for (k = 0; k < n && seen; k++)
				seen = paths->links[p][k].object_oid ==
					paths->links[paths->npaths][k].object_oid;
		}
		if (!seen)
			keep_path(paths, n);
	}
}

/*
 * domain_checks
 *		The CHECK constraints of a domain, and of the domains it is based
 *		on, that call the function: one path each, as StoredCodeAttribution's
 *		AddDomainChecks finds them.
 */
static void
domain_checks(OriginPaths *paths, Oid typid, Oid fnoid, uint8 phase)
{
	Oid			seen[TL_MAX_DOMAIN_LEVELS];
	int			nseen = 0;

	while (OidIsValid(typid) && nseen < TL_MAX_DOMAIN_LEVELS)
	{
		TracelabDomainFacts facts;
		ListCell   *cc;
		int			k;
		bool		again = false;

		for (k = 0; k < nseen; k++)
			again |= seen[k] == typid;
		if (again || !tracelab_domain_facts(typid, &facts))
			break;
		seen[nseen++] = typid;
		foreach(cc, facts.checks)
		{
			TracelabDomainCheck *check = (TracelabDomainCheck *) lfirst(cc);
			OriginLink *link;

			if (!list_member_oid(check->functions, fnoid) ||
				paths->npaths == TL_MAX_ORIGIN_PATHS)
				continue;
			link = &paths->links[paths->npaths][0];
			memset(link, 0, sizeof(OriginLink));
			link->kind = TL_POLICY_ENTRY_DOMAIN_CONSTRAINT;
			link->key1 = typid;
			link->key2 = check->oid;
			link->phase = phase;
			link->owner = facts.owner;
			link->traits = facts.traits;
			link->object_oid = typid;
			link->text = psprintf("domain %s check %s", facts.name,
								  quote_identifier(check->name));
			keep_path(paths, 1);
		}
		typid = facts.base_domain;
	}
}

/*
 * oids_member
 *		Whether a kept oid array has the oid.
 */
static bool
oids_member(const TracelabOids *oids, Oid oid)
{
	int			i;

	for (i = 0; i < oids->count; i++)
	{
		if (oids->oids[i] == oid)
			return true;
	}
	return false;
}

/*
 * OriginScope
 *		The relations whose stored code may have brought a call, and which
 *		kinds of it may run, under the frame below the call: the replayer's
 *		OriginScope as CallAttribution's StatementScope, PlanScope,
 *		UtilityScope and MaintenanceScope make it.
 */
typedef struct OriginScope
{
	List	   *relations;		/* an analysis's relations, or NIL */
	List	   *targets;		/* its result relations */
	const Oid  *listed;			/* or these (a utility's targets) */
	int			nlisted;
	uint8		target_kinds;	/* of result relations (of every listed one) */
	uint8		listed_kinds;	/* of every relation */
	const char *rule_event;		/* NULL: every rule fires */
	bool		applied_known;	/* the plan said which policies it applied */
	List	   *applied;		/* then these: relation oid, its policies */
} OriginScope;

/*
 * policy_applied
 *		Whether a relation's policy counts for the scope: applied by the
 *		plan when the plan said, else any policy of a relation with row
 *		security enabled (StoredCodeAttribution's AppliedPolicies).
 */
static bool
policy_applied(const OriginScope *scope, const TracelabRelation *rel,
			   Oid policy)
{
	ListCell   *lc;

	if (!scope->applied_known)
		return rel->row_security;
	foreach(lc, scope->applied)
	{
		List	   *relation = (List *) lfirst(lc);

		if (linitial_oid(relation) == rel->oid &&
			list_member_oid(relation, policy))
			return true;
	}
	return false;
}

/*
 * policy_paths
 *		The row-security policies of a relation that count for the scope and
 *		call the function (in USING or WITH CHECK): one path each, in the
 *		rewrite phase, owned by the relation's owner.
 */
static void
policy_paths(OriginPaths *paths, const TracelabRelation *rel,
			 const OriginScope *scope, Oid fnoid)
{
	int			i;
	int			k;

	for (i = 0; i < rel->npolicies; i++)
	{
		const TracelabRowPolicy *policy = &rel->policies[i];
		OriginLink *link;
		bool		calls = false;

		for (k = 0; k < policy->nfunctions && !calls; k++)
			calls = policy->functions[k] == fnoid;
		if (!calls || !policy_applied(scope, rel, policy->oid))
			continue;
		if (paths->npaths == TL_MAX_ORIGIN_PATHS)
			return;
		link = &paths->links[paths->npaths][0];
		memset(link, 0, sizeof(OriginLink));
		link->kind = TL_POLICY_ENTRY_POLICY;
		link->key1 = policy->oid;
		link->phase = TL_POLICY_PHASE_REWRITE;
		link->owner = rel->owner;
		link->traits = rel->traits;
		link->object_oid = policy->oid;
		link->oid2 = rel->oid;
		keep_path(paths, 1);
	}
}

/*
 * has_code
 *		Whether a relation has stored code that calls user functions, or
 *		policies.
 */
static inline bool
has_code(const TracelabRelation *rel)
{
	return rel != NULL && rel->exists &&
		(rel->ncode > 0 || rel->npolicies > 0);
}

/*
 * relation_paths
 *		The stored code of a relation, of the kinds that may run, that calls
 *		the function: one path each, as StoredCodeAttribution's
 *		AddRelationCode finds it (a rule only for the event that fired it,
 *		when the statement says).  Owned by the relation's owner; defaults
 *		and rules are in the rewrite phase, the rest take the call's.
 */
static void
relation_paths(OriginPaths *paths, TracelabRelation *rel, uint8 kinds,
			   const OriginScope *scope, Oid fnoid, uint8 phase)
{
	const char *rule_event = scope->rule_event;
	int			i;

	for (i = 0; i < rel->ncode; i++)
	{
		const TracelabCodeItem *item = &rel->code[i];
		OriginLink *link;
		bool		defaults = item->code_kind == TL_CODE_DEFAULTS;

		if ((item->code_kind & kinds) == 0)
			continue;
		if (item->code_kind == TL_CODE_DOMAIN_COLUMNS)
		{
			domain_checks(paths, item->oid, fnoid, phase);
			continue;
		}
		if (!oids_member(&item->functions, fnoid) ||
			(item->code_kind == TL_CODE_RULES && rule_event != NULL &&
			 strcmp(item->event, rule_event) != 0))
			continue;
		if (paths->npaths == TL_MAX_ORIGIN_PATHS)
			return;
		link = &paths->links[paths->npaths][0];
		memset(link, 0, sizeof(OriginLink));
		link->kind = item->entry_kind;
		link->key1 = defaults ? rel->oid : item->oid;
		link->key2 = defaults ? item->oid : InvalidOid;
		link->phase = (item->entry_kind == TL_POLICY_ENTRY_DEFAULT ||
					   item->entry_kind == TL_POLICY_ENTRY_RULE) ?
			TL_POLICY_PHASE_REWRITE : phase;
		link->owner = rel->owner;
		link->traits = rel->traits;
		link->object_oid = defaults ? InvalidOid : item->oid;
		link->oid2 = rel->oid;
		link->oid1 = defaults ? item->oid : InvalidOid;
		keep_path(paths, 1);
	}
	if (kinds & TL_CODE_POLICIES)
		policy_paths(paths, rel, scope, fnoid);
}

/*
 * rule_event_of
 *		The event that fires rules for an analysed command, or NULL.
 */
static const char *
rule_event_of(CommandTag tag)
{
	switch (tag)
	{
		case CMDTAG_INSERT:
			return "INSERT";
		case CMDTAG_UPDATE:
			return "UPDATE";
		case CMDTAG_DELETE:
			return "DELETE";
		default:
			return NULL;
	}
}

/*
 * origin_scope
 *		The scope of the frame below a call; false when no stored code of a
 *		relation can be reached from it.
 */
static bool
origin_scope(int parent_index, OriginScope *scope)
{
	const TracelabEntry *parent = &tracelab_stack[parent_index];
	const TracelabFrameScope *frame;
	const char *command;
	List	   *inlined;
	CommandTag	tag;

	memset(scope, 0, sizeof(OriginScope));
	switch (parent->kind)
	{
		case TL_ENTRY_PLANNED:
			if (!tracelab_analysis_scope(parent->query_id, &scope->relations,
										 &scope->targets, &tag))
				return false;
			command = tracelab_frame_scope(parent_index)->command;
			scope->target_kinds = TL_CODE_RULES |
				((command != NULL && strcmp(command, "DELETE") == 0) ?
				 0 : TL_CODE_WRITE);
			scope->listed_kinds = TL_CODE_POLICIES;
			scope->rule_event = rule_event_of(tag);
			scope->applied_known =
				tracelab_plan_facts(parent->query_id, &scope->applied,
									&inlined);
			return scope->relations != NIL;
		case TL_ENTRY_PLAN:
			if (!tracelab_analysis_scope(parent->query_id, &scope->relations,
										 &scope->targets, &tag))
				return false;
			scope->target_kinds = TL_CODE_DEFAULTS | TL_CODE_DOMAIN_COLUMNS |
				TL_CODE_RULES;
			scope->listed_kinds = TL_CODE_CHECKS | TL_CODE_INDEX |
				TL_CODE_POLICIES;
			scope->rule_event = rule_event_of(tag);
			return scope->relations != NIL;
		case TL_ENTRY_UTILITY:
		case TL_ENTRY_MAINTENANCE:
			frame = tracelab_frame_scope(parent_index);
			scope->listed = frame->targets;
			scope->nlisted = Min(frame->ntargets, TL_SCOPE_TARGETS);
			scope->target_kinds = frame->code_kinds;
			return scope->nlisted > 0 && scope->target_kinds != 0;
		default:
			return false;
	}
}

/* A relation of the scope with stored code, and the kinds that may run. */
typedef struct ScopeRelation
{
	TracelabRelation *rel;
	uint8		kinds;
} ScopeRelation;

/* Most relations of one scope looked through (paths are bounded anyway). */
#define TL_MAX_SCOPE_RELATIONS	TL_MAX_ORIGIN_PATHS

/*
 * scope_relations
 *		The scope's relations that have stored code of a kind that may run,
 *		in the replayer's order (a utility's targets, else the analysis's
 *		relations); most statements have none, and nothing is allocated for
 *		them.
 */
static int
scope_relations(const OriginScope *scope, int parent_index,
				ScopeRelation *out)
{
	ListCell   *lc;
	int			n = 0;
	int			i;

	for (i = 0; i < scope->nlisted + list_length(scope->relations) &&
		 n < TL_MAX_SCOPE_RELATIONS; i++)
	{
		Oid			relid;
		uint8		kinds;
		TracelabRelation *rel;

		if (i < scope->nlisted)
		{
			relid = scope->listed[i];
			kinds = scope->target_kinds;
		}
		else
		{
			lc = list_nth_cell(scope->relations, i - scope->nlisted);
			relid = lfirst_oid(lc);
			kinds = scope->listed_kinds |
				(list_member_oid(scope->targets, relid) ?
				 scope->target_kinds : 0);
		}
		if (kinds == 0)
			continue;
		rel = tracelab_describe_relation(relid,
										 tracelab_stack[parent_index].seq,
										 parent_index + 1);
		if (has_code(rel))
		{
			out[n].rel = rel;
			out[n].kinds = kinds;
			n++;
		}
	}
	return n;
}

/*
 * inlined_paths
 *		The inlined calls a call with no call site may have come from, as
 *		InlinedBodyAttribution finds them: those whose body may call the
 *		function (or, through an aggregate, the aggregate), each path being
 *		the inlined call's own links.  Under a planned statement, the calls
 *		its latest plan inlined; under a plan, the calls it inlined so far,
 *		or, for a call that is not itself inlined while there are none, those
 *		of the latest earlier plan of the query.
 */
static void
inlined_paths(OriginPaths *paths, int parent_index, const TracelabCall *call,
			  bool aggregate)
{
	const TracelabEntry *parent = &tracelab_stack[parent_index];
	List	   *candidates = NIL;
	List	   *applied;
	ListCell   *lc;

	if (call->location != -1)
		return;
	if (parent->kind == TL_ENTRY_PLAN)
		candidates = tracelab_inline_live_calls(parent_index);
	if (parent->kind == TL_ENTRY_PLANNED ||
		(parent->kind == TL_ENTRY_PLAN && candidates == NIL && !call->inlined))
		(void) tracelab_plan_facts(parent->query_id, &applied, &candidates);
	foreach(lc, candidates)
	{
		const TracelabInlinedLinks *inlined = lfirst(lc);
		bool		calls = false;
		int			k;

		for (k = 0; k < inlined->body.count && !calls; k++)
			calls = inlined->body.oids[k] == call->fnoid ||
				(aggregate && inlined->body.oids[k] == call->via_oid);
		if (!calls || inlined->nlinks == 0 ||
			paths->npaths == TL_MAX_ORIGIN_PATHS)
			continue;
		memcpy(paths->links[paths->npaths], inlined->links,
			   sizeof(OriginLink) * Min(inlined->nlinks, TL_MAX_ORIGIN_PATH));
		keep_path(paths, Min(inlined->nlinks, TL_MAX_ORIGIN_PATH));
	}
}

/*
 * origin_merge
 *		What brought a call into the frame at parent_index, as the
 *		replayer's CallAttribution finds it there and OriginPath merges it:
 *		for a call with no call site, the views that call it, the stored code
 *		of the relations the frame may run code of, then the CHECK
 *		constraints of the domains the query coerces to; for a call at
 *		location -1 under a plan or planned statement, also the inlined calls
 *		whose body it may have come from.  With one distinct path its links
 *		are certain; with several, the links not on every path are
 *		candidates (in a parallel worker, where every call looks stored, all
 *		are; a link that is a candidate on its path stays one).  Returns the
 *		number of links written to out (at most max).
 */
static int
origin_merge(int parent_index, const TracelabCall *call, uint8 phase,
			 OriginLink *out, int max)
{
	TracelabEntry *parent;
	OriginPaths *paths;
	OriginScope scope;
	ScopeRelation relations[TL_MAX_SCOPE_RELATIONS];
	int			nrelations = 0;
	List	   *views = NIL;
	List	   *domains = NIL;
	bool		aggregate;
	bool		planned;
	int			n = 0;
	int			i;
	int			k;

	if (parent_index < 0 || call->location >= 0 ||
		(call->location != -1 && phase != TL_POLICY_PHASE_PLANNING &&
		 phase != TL_POLICY_PHASE_MAINTENANCE))
		return 0;
	parent = &tracelab_stack[parent_index];
	planned = parent->kind == TL_ENTRY_PLANNED ||
		parent->kind == TL_ENTRY_PLAN;
	aggregate = call->via_kind != NULL &&
		strcmp(call->via_kind, "aggregate") == 0;
	if (aggregate && !planned)
		return 0;

	if (planned)
	{
		views = tracelab_analysis_views(parent->query_id);
		/* an aggregate's entry is certain: only its views are looked for */
		domains = aggregate ? NIL : tracelab_analysis_domains(parent->query_id);
	}
	if (!aggregate && origin_scope(parent_index, &scope))
		nrelations = scope_relations(&scope, parent_index, relations);
	if (views == NIL && domains == NIL && nrelations == 0 &&
		!(planned && call->location == -1 &&
		  tracelab_inlined_candidates_exist(parent_index)))
		return 0;				/* most calls: nothing to look through */

	paths = palloc(sizeof(OriginPaths));
	paths->npaths = 0;
	view_paths(paths, views, call->fnoid,
			   aggregate ? call->via_oid : InvalidOid, parent_index + 1);
	for (i = 0; i < nrelations; i++)
		relation_paths(paths, relations[i].rel, relations[i].kinds, &scope,
					   call->fnoid, phase);
	for (i = 0; domains != NIL && i < list_length(domains); i++)
		domain_checks(paths, list_nth_oid(domains, i), call->fnoid, phase);
	if (planned)
		inlined_paths(paths, parent_index, call, aggregate);

	/* the links of every path, in order of first appearance */
	for (i = 0; i < paths->npaths; i++)
	{
		for (k = 0; k < paths->lengths[i] && n < max; k++)
		{
			const OriginLink *origin = &paths->links[i][k];
			int			on_paths = 0;
			int			p;
			bool		earlier = false;

			for (p = 0; p < i && !earlier; p++)
				earlier = path_has(paths, p, origin);
			if (earlier)
				continue;
			for (p = 0; p < paths->npaths; p++)
				on_paths += path_has(paths, p, origin) ? 1 : 0;
			out[n] = *origin;
			out[n].candidate = origin->candidate ||
				on_paths < paths->npaths || IsParallelWorker();
			n++;
		}
	}
	pfree(paths);
	return n;
}

/*
 * add_links
 *		Append merged origin links to the chain of the frame at index.
 */
static bool
add_links(int index, const OriginLink *links, int n)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		const OriginLink *origin = &links[i];
		TracelabChainEntry *link;
		TracelabChainAux *aux;

		link = tracelab_chain_add(index, origin->kind, origin->phase,
								  origin->owner, origin->text);
		if (link == NULL)
			return false;
		link->object_oid = origin->object_oid;
		link->traits = origin->traits;
		link->candidate = origin->candidate;
		link->inlined = origin->inlined;
		link->privilege_switch = origin->privilege_switch;
		aux = &tracelab_chain_aux[tracelab_stack[index].chain_end - 1];
		aux->oid1 = origin->oid1;
		aux->oid2 = origin->oid2;
	}
	return true;
}

/*
 * tracelab_chain_origin
 *		The links of what brought a call, whose frame is at index, into the
 *		frame below it (origin_merge).
 */
void
tracelab_chain_origin(int index, const TracelabCall *call, uint8 phase)
{
	OriginLink	links[TL_MAX_ORIGIN_PATH];
	int			n;

	if (index == 0)
		return;
	n = origin_merge(index - 1, call, phase, links, lengthof(links));
	if (n > 0)
		(void) add_links(index, links, n);
}

/*
 * tracelab_inlined_links
 *		The links an inlined call, written under the plan at plan_index,
 *		puts before the calls that come from its body: what brought it (an
 *		earlier inlined call, a view, stored code; then the operator or cast
 *		it was written as) and the function itself, marked inlined, as the
 *		replayer's ProvenanceBuilder keeps them (InlinedCall.Links).  Returns
 *		the number of links written to out.
 */
int
tracelab_inlined_links(int plan_index, const TracelabCall *call,
					   OriginLink *out, int max)
{
	TracelabFunction *fn = tracelab_lookup_function(call->fnoid);
	int			n;

	if (fn != NULL && !fn->known)
		fn = NULL;
	n = origin_merge(plan_index, call, TL_POLICY_PHASE_PLANNING, out, max - 2);
	if (call->via_kind != NULL && strcmp(call->via_kind, "operator") == 0)
	{
		OriginLink *link = &out[n++];
		Oid			owner;
		uint8		traits;

		memset(link, 0, sizeof(OriginLink));
		if (!tracelab_operator_facts(call->via_oid, &owner, &traits))
		{
			owner = InvalidOid;
			traits = 0;
		}
		link->kind = TL_POLICY_ENTRY_OPERATOR;
		link->key1 = call->via_oid;
		link->phase = TL_POLICY_PHASE_PLANNING;
		link->owner = owner;
		link->traits = traits;
		link->object_oid = call->via_oid;
	}
	else if (call->via_kind != NULL && strcmp(call->via_kind, "cast") == 0)
	{
		OriginLink *link = &out[n++];

		memset(link, 0, sizeof(OriginLink));
		link->kind = TL_POLICY_ENTRY_CAST;
		link->key1 = call->via_oid;
		link->key2 = call->via_oid2;
		link->phase = TL_POLICY_PHASE_PLANNING;
		link->owner = fn != NULL ? fn->owner : InvalidOid;
		link->traits = (fn != NULL ? fn->traits : 0) &
			TL_POLICY_TRAIT_EXTENSION_MEMBER;
		link->oid1 = call->via_oid;
		link->oid2 = call->via_oid2;
	}
	memset(&out[n], 0, sizeof(OriginLink));
	out[n].kind = TL_POLICY_ENTRY_FUNCTION;
	out[n].key1 = call->fnoid;
	out[n].phase = TL_POLICY_PHASE_PLANNING;
	out[n].owner = fn != NULL ? fn->owner : InvalidOid;
	out[n].traits = fn != NULL ? fn->traits : 0;
	out[n].object_oid = call->fnoid;
	out[n].privilege_switch = fn != NULL && fn->security_definer;
	out[n].inlined = true;
	return n + 1;
}
