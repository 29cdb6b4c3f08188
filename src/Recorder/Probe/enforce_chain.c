/*-------------------------------------------------------------------------
 *
 * enforce_chain.c
 *	  The chain of each open frame, built live for enforcement.
 *
 * The replayer rebuilds an operation's chain from the recorded frames
 * (src/Replayer/Provenance/ProvenanceBuilder.cs); a policy enforced live
 * must judge the same chain, so each frame of the probe's stack adds the
 * links the replayer gives the frame it writes, from the same facts, when
 * the frame is pushed:
 *
 *	a top-level statement	the root statement, owned by the session user
 *	a nested statement		a foreign_key link (foreign-key queries), then a
 *							query or utility link owned by the issuer of the
 *							frame below: the owner of the innermost function,
 *							the preparer of the prepared statement it runs,
 *							the role of a foreign-key check, else the session
 *							user; EXECUTE of a prepared statement adds a
 *							prepared_statement link owned by its preparer
 *	a top-level plan		a root statement in the planning phase
 *	a function call			what brought it (a trigger, event triggers, the
 *							operator, cast or aggregate it went through),
 *							then the function, owned by its owner; with no
 *							frame open, a root for its phase first (parse
 *							analysis, COMMIT, a background process)
 *
 * A call with no call site under a planned statement or a plan gets the
 * views of the query's analysis that call it and the CHECK constraints of
 * the domains it coerces to that call it (origin_links), as the replayer's
 * CallAttribution finds them there.  What else the replayer infers from
 * stored definitions (defaults, index code, CHECK constraints of tables,
 * domain columns of what a statement writes, policies, rules, aggregates,
 * inlined bodies, type I/O functions, maintenance links) is not built here
 * yet: such a call is judged directly under the frame that ran it.
 *
 * src/Recorder/Probe/enforce_chain.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/parallel.h"
#include "commands/trigger.h"
#include "miscadmin.h"
#include "tcop/utility.h"
#include "utils/builtins.h"

#include "tracelab_probe.h"
#include "enforce.h"

TracelabChainEntry *tracelab_chain = NULL;
TracelabChainAux *tracelab_chain_aux = NULL;
static int	chain_capacity = 0;
static int	aux_capacity = 0;

/* links written so far: a saved frame whose links were not overwritten
 * since needs no copy back (tracelab_chain_restore) */
static uint64 chain_writes = 0;

/* TracelabPhase to ChainPhase (policy.h) */
static const uint8 chain_phases[] = {
	[TL_PHASE_PARSE] = TL_POLICY_PHASE_PARSE,
	[TL_PHASE_PLANNING] = TL_POLICY_PHASE_PLANNING,
	[TL_PHASE_MAINTENANCE] = TL_POLICY_PHASE_MAINTENANCE,
	[TL_PHASE_COMMIT] = TL_POLICY_PHASE_COMMIT,
	[TL_PHASE_UTILITY] = TL_POLICY_PHASE_UTILITY,
	[TL_PHASE_EXECUTION] = TL_POLICY_PHASE_EXECUTION
};

/*
 * tracelab_chain_phase
 *		The ChainPhase of a call's phase.
 */
uint8
tracelab_chain_phase(TracelabPhase phase)
{
	return chain_phases[phase];
}

/*
 * tracelab_enforcing
 *		Whether operations are judged: a mode other than off and a policy.
 */
bool
tracelab_enforcing(void)
{
	return tracelab_enforce_mode != TL_ENFORCE_OFF &&
		tracelab_enforce_policy() != NULL;
}

/*
 * chain_begin
 *		Start the links of the frame at index; false when the frames below
 *		have no chain (they started while nothing was enforced).
 */
static bool
chain_begin(int index)
{
	TracelabEntry *entry = &tracelab_stack[index];

	if (index > 0 && !tracelab_stack[index - 1].chained)
	{
		entry->chained = false;
		return false;
	}
	entry->chained = true;
	entry->chain_end = (index > 0) ? tracelab_stack[index - 1].chain_end : 0;
	entry->current_user = GetUserId();
	entry->issuer = (index > 0) ? tracelab_stack[index - 1].issuer :
		GetSessionUserId();
	return true;
}

/*
 * chain_add
 *		Append a link to the frame at index; NULL when memory ran out (the
 *		frame then has no chain, and nothing nested in it is judged).
 */
static TracelabChainEntry *
chain_add(int index, uint8 kind, uint8 phase, Oid owner, const char *text)
{
	TracelabEntry *entry = &tracelab_stack[index];
	int			n = entry->chain_end;
	TracelabChainEntry *link;

	if (!entry->chained)
		return NULL;
	if (!tracelab_grow_array((void **) &tracelab_chain, &chain_capacity, n,
							 sizeof(TracelabChainEntry)) ||
		!tracelab_grow_array((void **) &tracelab_chain_aux, &aux_capacity, n,
							 sizeof(TracelabChainAux)))
	{
		entry->chained = false;
		return NULL;
	}
	chain_writes++;
	link = &tracelab_chain[n];
	memset(link, 0, sizeof(TracelabChainEntry));
	link->kind = kind;
	link->phase = phase;
	link->owner = owner;
	link->object_name = "";
	link->seq = (int64) entry->seq;
	tracelab_chain_aux[n].oid1 = InvalidOid;
	tracelab_chain_aux[n].oid2 = InvalidOid;
	tracelab_chain_aux[n].text = text;
	entry->chain_end = n + 1;
	return link;
}

/*
 * tracelab_chain_add
 *		Append a link to the frame at index, for callers outside this file.
 */
TracelabChainEntry *
tracelab_chain_add(int index, uint8 kind, uint8 phase, Oid owner,
				   const char *text)
{
	return chain_add(index, kind, phase, owner, text);
}

/*
 * tracelab_chain_statement
 *		The links of a statement whose frame was just pushed at index.
 */
void
tracelab_chain_statement(int index, CommandTag tag, bool planned,
						 bool foreign_key,
						 const TracelabStatementExtras *extras)
{
	TracelabEntry *entry = &tracelab_stack[index];
	uint8		phase = planned ? TL_POLICY_PHASE_EXECUTION :
		TL_POLICY_PHASE_UTILITY;
	const char *command = GetCommandTagName(tag);
	TracelabChainEntry *link;

	if (!chain_begin(index))
		return;
	if (index == 0 && !foreign_key)
	{
		link = chain_add(index, TL_POLICY_ENTRY_STATEMENT, phase,
						 GetSessionUserId(), NULL);
		if (link != NULL)
			link->command = command;
		entry->issuer = GetSessionUserId();
	}
	else
	{
		/* a foreign-key check deferred to COMMIT runs with no statement */
		if (index == 0)
			(void) chain_add(index, TL_POLICY_ENTRY_STATEMENT,
							 TL_POLICY_PHASE_COMMIT, GetSessionUserId(),
							 "COMMIT");
		if (foreign_key)
		{
			link = chain_add(index, TL_POLICY_ENTRY_FOREIGN_KEY, phase,
							 GetUserId(),
							 (planned && tag == CMDTAG_SELECT) ?
							 "foreign key check" : "foreign key action");
			if (link != NULL)
				link->privilege_switch = true;
			entry->issuer = GetUserId();
		}
		link = chain_add(index, planned ? TL_POLICY_ENTRY_QUERY :
						 TL_POLICY_ENTRY_UTILITY, phase, entry->issuer, NULL);
		if (link != NULL)
			link->command = command;
	}

	if (extras->prepared_name != NULL && tag != CMDTAG_PREPARE &&
		extras->portal_name == NULL)
	{
		int			i;
		Oid			preparer;

		/* EXECUTE of a statement a frame below is already running: none */
		for (i = index - 1; i >= 0; i--)
		{
			if (tracelab_stack[i].kind == TL_ENTRY_FUNCTION)
				break;
			if (tracelab_stack[i].prepared != NULL &&
				strcmp(tracelab_stack[i].prepared, extras->prepared_name) == 0)
				return;
		}
		preparer = tracelab_prepared_preparer(extras->prepared_name);
		link = chain_add(index, TL_POLICY_ENTRY_PREPARED_STATEMENT,
						 TL_POLICY_PHASE_PREPARE, preparer,
						 extras->prepared_name);
		if (link != NULL)
		{
			link->seq = (int64) extras->prepare_seq;
			if (link->seq == 0)
				link->seq = (int64) entry->seq;
		}
		entry->issuer = preparer;
		entry->prepared = extras->prepared_name;
	}
}

/*
 * tracelab_chain_plan
 *		The links of a plan whose frame was just pushed at index.
 */
void
tracelab_chain_plan(int index, Query *parse)
{
	TracelabChainEntry *link;

	if (!chain_begin(index) || index > 0)
		return;
	link = chain_add(index, TL_POLICY_ENTRY_STATEMENT, TL_POLICY_PHASE_PLANNING,
					 GetSessionUserId(), NULL);
	if (link != NULL)
		link->command = GetCommandTagName(CreateCommandTag((Node *) parse));
}

/*
 * tracelab_chain_maintenance
 *		The root link of a background process's synthetic frame.
 */
void
tracelab_chain_maintenance(int index, const char *kind)
{
	TracelabChainEntry *link;

	if (!chain_begin(index))
		return;
	link = chain_add(index, TL_POLICY_ENTRY_MAINTENANCE,
					 TL_POLICY_PHASE_MAINTENANCE, GetSessionUserId(), kind);
	if (link != NULL)
		link->command = kind;
}

/*
 * phase_root
 *		The made-up root of a call with no frame open, as the replayer's
 *		RootOf makes it.
 */
static void
phase_root(int index, uint8 phase)
{
	TracelabChainEntry *link;

	switch (phase)
	{
		case TL_POLICY_PHASE_PARSE:
			(void) chain_add(index, TL_POLICY_ENTRY_STATEMENT, phase,
							 GetSessionUserId(), "parse analysis");
			break;
		case TL_POLICY_PHASE_COMMIT:
			(void) chain_add(index, TL_POLICY_ENTRY_STATEMENT, phase,
							 GetSessionUserId(), "COMMIT");
			break;
		case TL_POLICY_PHASE_MAINTENANCE:
			link = chain_add(index, TL_POLICY_ENTRY_MAINTENANCE, phase,
							 GetSessionUserId(),
							 GetBackendTypeDesc(MyBackendType));
			if (link != NULL)
				link->command = GetBackendTypeDesc(MyBackendType);
			break;
		default:
			break;
	}
}

/*
 * via_link
 *		The operator, cast or aggregate a call went through; the traits of
 *		the function it adds (operator-family membership).
 */
static uint8
via_link(int index, const TracelabCall *call, uint8 phase,
		 const TracelabFunction *fn)
{
	TracelabChainEntry *link;
	Oid			owner = InvalidOid;
	uint8		traits = 0;

	if (call->via_kind == NULL)
		return 0;
	if (strcmp(call->via_kind, "operator") == 0)
	{
		if (!tracelab_operator_facts(call->via_oid, &owner, &traits))
			owner = InvalidOid;
		link = chain_add(index, TL_POLICY_ENTRY_OPERATOR, phase, owner, NULL);
		if (link != NULL)
		{
			link->object_oid = call->via_oid;
			link->traits = traits;
		}
		return traits & TL_POLICY_TRAIT_OPERATOR_CLASS;
	}
	if (strcmp(call->via_kind, "cast") == 0)
	{
		link = chain_add(index, TL_POLICY_ENTRY_CAST, phase,
						 fn != NULL ? fn->owner : InvalidOid, NULL);
		if (link != NULL)
		{
			link->traits = (fn != NULL ? fn->traits : 0) &
				TL_POLICY_TRAIT_EXTENSION_MEMBER;
			tracelab_chain_aux[tracelab_stack[index].chain_end - 1].oid1 =
				call->via_oid;
			tracelab_chain_aux[tracelab_stack[index].chain_end - 1].oid2 =
				call->via_oid2;
		}
		return 0;
	}
	if (strcmp(call->via_kind, "aggregate") == 0)
	{
		TracelabFunction *agg = tracelab_lookup_function(call->via_oid);

		link = chain_add(index, TL_POLICY_ENTRY_AGGREGATE, phase,
						 (agg != NULL && agg->known) ? agg->owner : InvalidOid,
						 NULL);
		if (link != NULL)
		{
			link->object_oid = call->via_oid;
			link->traits = (agg != NULL && agg->known ? agg->traits : 0) &
				TL_POLICY_TRAIT_EXTENSION_MEMBER;
		}
	}
	return 0;
}

/* Bounds of origin_links: candidate paths kept, and links on one path. */
#define TL_MAX_ORIGIN_PATHS	16
#define TL_MAX_ORIGIN_PATH	32
#define TL_MAX_DOMAIN_LEVELS 16

/*
 * One link of a candidate origin path, as the replayer's PathLink: kind and
 * key identify it across paths (a view by its place in the analysis, a
 * domain constraint by its domain and constraint oids).
 */
typedef struct OriginLink
{
	uint8		kind;
	Oid			key1;
	Oid			key2;
	uint8		phase;
	Oid			owner;
	uint8		traits;
	Oid			object_oid;
	const char *text;			/* domain constraints: their name */
} OriginLink;

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
 * domain_paths
 *		The CHECK constraints of the domains the query coerces to, and of
 *		the domains those are based on, that call the function: one path
 *		each, as StoredCodeAttribution's AddDomainChecks finds them.
 */
static void
domain_paths(OriginPaths *paths, List *domains, Oid fnoid, uint8 phase)
{
	ListCell   *lc;

	foreach(lc, domains)
	{
		Oid			typid = lfirst_oid(lc);
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
}

/*
 * origin_links
 *		What brought a call with no call site into the statement or plan at
 *		index - 1, as the replayer's CallAttribution finds it there and
 *		OriginPath merges it: the views that call it, then the CHECK
 *		constraints of the domains the query coerces to.  With one distinct
 *		path its links are certain; with several, the links not on every
 *		path are candidates (in a parallel worker, where every call looks
 *		stored, all are).
 */
static void
origin_links(int index, const TracelabCall *call, uint8 phase)
{
	TracelabEntry *parent;
	OriginPaths *paths;
	List	   *views;
	List	   *domains;
	bool		aggregate;
	int			i;
	int			k;

	if (index == 0 || call->location >= 0 ||
		(call->location != -1 && phase != TL_POLICY_PHASE_PLANNING &&
		 phase != TL_POLICY_PHASE_MAINTENANCE))
		return;
	parent = &tracelab_stack[index - 1];
	if (parent->kind != TL_ENTRY_PLANNED && parent->kind != TL_ENTRY_PLAN)
		return;
	aggregate = call->via_kind != NULL &&
		strcmp(call->via_kind, "aggregate") == 0;

	views = tracelab_analysis_views(parent->query_id);
	/* an aggregate's entry is certain: only its views are looked for */
	domains = aggregate ? NIL : tracelab_analysis_domains(parent->query_id);
	if (views == NIL && domains == NIL)
		return;					/* most queries: nothing to look through */

	paths = palloc(sizeof(OriginPaths));
	paths->npaths = 0;
	view_paths(paths, views, call->fnoid,
			   aggregate ? call->via_oid : InvalidOid, index);
	domain_paths(paths, domains, call->fnoid, phase);

	/* the links of every path, in order of first appearance */
	for (i = 0; i < paths->npaths; i++)
	{
		for (k = 0; k < paths->lengths[i]; k++)
		{
			const OriginLink *origin = &paths->links[i][k];
			TracelabChainEntry *link;
			int			on_paths = 0;
			int			p;
			bool		earlier = false;

			for (p = 0; p < i && !earlier; p++)
				earlier = path_has(paths, p, origin);
			if (earlier)
				continue;
			for (p = 0; p < paths->npaths; p++)
				on_paths += path_has(paths, p, origin) ? 1 : 0;
			link = chain_add(index, origin->kind, origin->phase, origin->owner,
							 origin->text);
			if (link == NULL)
			{
				pfree(paths);
				return;
			}
			link->object_oid = origin->object_oid;
			link->traits = origin->traits;
			link->candidate = on_paths < paths->npaths || IsParallelWorker();
		}
	}
	pfree(paths);
}


/*
 * tracelab_chain_function
 *		The links of a function call whose frame is at index: what brought
 *		it, then the function.  fcinfo is set for calls seen by the
 *		trampoline (triggers); event trigger links are added by the caller
 *		before this (tracelab_chain_add).
 */
void
tracelab_chain_function(int index, const TracelabCall *call,
						FunctionCallInfo fcinfo, bool links_added)
{
	TracelabEntry *entry = &tracelab_stack[index];
	TracelabFunction *fn = tracelab_lookup_function(call->fnoid);
	uint8		phase = chain_phases[call->phase];
	uint8		traits = 0;
	TracelabChainEntry *link;

	if (fn != NULL && !fn->known)
		fn = NULL;
	if (!links_added)
	{
		if (!chain_begin(index))
			return;
		if (index == 0)
			phase_root(index, phase);
	}
	if (fcinfo != NULL && CALLED_AS_TRIGGER(fcinfo))
	{
		TriggerData *trigdata = (TriggerData *) fcinfo->context;
		TracelabRelation *rel =
		tracelab_describe_relation(RelationGetRelid(trigdata->tg_relation),
								   0, index);

		link = chain_add(index, TL_POLICY_ENTRY_TRIGGER, phase,
						 rel != NULL ? rel->owner : InvalidOid, NULL);
		if (link != NULL)
		{
			link->object_oid = trigdata->tg_trigger->tgoid;
			link->traits = rel != NULL ? rel->traits : 0;
			tracelab_chain_aux[entry->chain_end - 1].oid2 =
				RelationGetRelid(trigdata->tg_relation);
		}
	}
	else if (!links_added)
	{
		origin_links(index, call, phase);
		traits = via_link(index, call, phase, fn);
	}

	link = chain_add(index, TL_POLICY_ENTRY_FUNCTION, phase,
					 fn != NULL ? fn->owner : InvalidOid, NULL);
	if (link != NULL)
	{
		link->object_oid = call->fnoid;
		link->privilege_switch = fn != NULL && fn->security_definer;
		link->traits = (fn != NULL ? fn->traits : 0) | traits;
	}
	entry->issuer = fn != NULL ? fn->owner : InvalidOid;
}

/*
 * tracelab_chain_begin_function
 *		Start the links of a call whose frame is at index, for callers that
 *		add links before the function's own (event triggers).
 */
bool
tracelab_chain_begin_function(int index, TracelabPhase phase)
{
	if (!chain_begin(index))
		return false;
	if (index == 0)
		phase_root(index, chain_phases[phase]);
	return true;
}

/*
 * tracelab_chain_save
 *		Copy the links of the frame at index (a planned statement, which
 *		the executor pushes again for each run).
 */
void
tracelab_chain_save(int index, TracelabSavedLinks *saved)
{
	TracelabEntry *entry = &tracelab_stack[index];
	int			base = (index > 0) ? tracelab_stack[index - 1].chain_end : 0;
	int			n = entry->chained ? entry->chain_end - base : 0;

	saved->chained = entry->chained && n <= TL_SAVED_LINKS;
	saved->nlinks = saved->chained ? n : 0;
	saved->base = base;
	saved->writes = chain_writes;
	saved->issuer = entry->issuer;
	saved->current_user = entry->current_user;
	saved->prepared = entry->prepared;
	if (saved->nlinks > 0)
	{
		memcpy(saved->links, &tracelab_chain[base],
			   n * sizeof(TracelabChainEntry));
		memcpy(saved->aux, &tracelab_chain_aux[base],
			   n * sizeof(TracelabChainAux));
	}
}

/*
 * tracelab_chain_restore
 *		Put back the saved links of a planned statement pushed again at index.
 */
void
tracelab_chain_restore(int index, const TracelabSavedLinks *saved)
{
	TracelabEntry *entry = &tracelab_stack[index];
	int			i;

	if (!saved->chained || !chain_begin(index))
	{
		entry->chained = false;
		return;
	}
	entry->issuer = saved->issuer;
	entry->current_user = saved->current_user;
	entry->prepared = saved->prepared;
	if (saved->base == entry->chain_end && saved->writes == chain_writes)
	{
		/* nothing was written since: the links are still in place */
		entry->chain_end += saved->nlinks;
		return;
	}
	for (i = 0; i < saved->nlinks; i++)
	{
		TracelabChainEntry *link = chain_add(index, 0, 0, InvalidOid, NULL);

		if (link == NULL)
			return;
		*link = saved->links[i];
		tracelab_chain_aux[entry->chain_end - 1] = saved->aux[i];
	}
}
