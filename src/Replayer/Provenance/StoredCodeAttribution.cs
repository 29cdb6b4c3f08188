using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Provenance;

/// <summary>Collects every stored definition that could have brought a call without a call site into a statement.</summary>
/// <remarks>
/// <para>
/// The candidates of a call are, in this order: the views of the analysis whose own body has the function; for each
/// relation in scope (in the order the analysis or the command lists them) its column defaults and generated columns,
/// CHECK constraints, domain constraints of domain columns, rules, index expressions, index predicates and
/// row-security policies that call it, as far as the scope's code kinds allow; the CHECK constraints of the domains the
/// query coerces to; and the aggregates the query calls whose support functions include it, behind the view that has
/// the aggregate if one does. Relation code comes from the latest RelationDescribed before the call, domain
/// constraints from the latest TypeDescribed, following a domain's base domains.
/// </para>
/// <para>
/// Views, rules, policies and column defaults are in the rewrite phase: the rewriter puts them into the query. Index
/// expressions and predicates, CHECK and domain constraints and generation expressions take the phase of the call they
/// bring (planning for a partial-index proof, execution for an INSERT, utility for COPY FROM, maintenance for ANALYZE):
/// the rewriter never sees them; the planner or executor loads them when it runs them.
/// </para>
/// <para>
/// A policy counts only if the plan applied it, when the recording says which were applied (PlanFinished); otherwise
/// every policy of a relation with row security enabled counts. Stored code is owned by its relation's owner, a domain
/// constraint by the domain's owner, an aggregate by the aggregate's owner.
/// </para>
/// </remarks>
internal sealed class StoredCodeAttribution(Descriptors descriptors)
{
    public List<IReadOnlyList<PathLink>> Paths(
        OriginScope scope, IReadOnlySet<uint> functionOids, bool withAggregates, ChainPhase callPhase)
    {
        var paths = new List<IReadOnlyList<PathLink>>();
        var analysis = scope.Analysis;
        if (analysis is not null)
        {
            paths.AddRange(ViewAttribution.Paths(analysis, functionOids, descriptors));
        }

        foreach (var relation in scope.Relations ?? analysis?.Relations ?? [])
        {
            var kinds = scope.ListedKinds | (relation.Target ? scope.TargetKinds : CodeKinds.None);
            if (kinds != CodeKinds.None && descriptors.RelationDetails(relation.RelationOid) is { } details)
            {
                AddRelationCode(paths, details, kinds, scope, functionOids, callPhase);
            }
        }

        if (analysis is not null)
        {
            foreach (var domain in analysis.Domains ?? [])
            {
                AddDomainChecks(paths, domain, functionOids, scope.Seq, callPhase);
            }

            if (withAggregates)
            {
                AddAggregates(paths, analysis, functionOids, scope.Seq, callPhase);
            }
        }

        return paths;
    }

    private void AddRelationCode(
        List<IReadOnlyList<PathLink>> paths, RelationDescribed relation, CodeKinds kinds, OriginScope scope, IReadOnlySet<uint> oids,
        ChainPhase callPhase)
    {
        if (relation.Code is not { } code)
        {
            return;
        }

        var name = ObjectNames.Relation(relation);
        var traits = Descriptors.ExtensionTrait(relation.Extension);
        void Add(ChainEntryKind kind, string text, uint oid, long second = 0)
        {
            var key = new LinkKey(kind, oid == 0 ? relation.RelationOid : oid, second);
            paths.Add([Link(key, kind, text, relation.OwnerOid, scope.Seq, oid, PhaseOf(kind, callPhase), traits)]);
        }

        if (kinds.HasFlag(CodeKinds.Defaults))
        {
            foreach (var d in code.Defaults.Where(d => Calls(d.FunctionOids, oids)))
            {
                if (d.Generated)
                {
                    Add(ChainEntryKind.GeneratedColumn, ObjectNames.GeneratedColumn(name, d.Column), 0, d.AttributeNumber);
                }
                else
                {
                    Add(ChainEntryKind.Default, ObjectNames.Default(name, d.Column), 0, d.AttributeNumber);
                }
            }
        }

        if (kinds.HasFlag(CodeKinds.Checks))
        {
            foreach (var c in code.Checks.Where(c => Calls(c.FunctionOids, oids)))
            {
                Add(ChainEntryKind.CheckConstraint, ObjectNames.Check(c.Name, name), c.ConstraintOid);
            }
        }

        if (kinds.HasFlag(CodeKinds.DomainColumns))
        {
            foreach (var column in code.Domains)
            {
                AddDomainChecks(paths, column.TypeOid, oids, scope.Seq, callPhase);
            }
        }

        if (kinds.HasFlag(CodeKinds.Rules))
        {
            foreach (var r in code.Rules.Where(r => Calls(r.FunctionOids, oids) && Fires(r, scope.RuleEvent)))
            {
                Add(ChainEntryKind.Rule, ObjectNames.Rule(r.Name, name), r.RuleOid);
            }
        }

        foreach (var index in code.Indexes)
        {
            if (kinds.HasFlag(CodeKinds.IndexExpressions) && Calls(index.ExpressionFunctionOids, oids))
            {
                Add(ChainEntryKind.IndexExpression, ObjectNames.Index(index.Name, name), index.IndexOid);
            }

            if (kinds.HasFlag(CodeKinds.IndexPredicates) && Calls(index.PredicateFunctionOids, oids))
            {
                Add(ChainEntryKind.IndexPredicate, ObjectNames.Index(index.Name, name), index.IndexOid);
            }
        }

        if (kinds.HasFlag(CodeKinds.Policies))
        {
            foreach (var p in AppliedPolicies(relation, code, scope.AppliedRowSecurity))
            {
                if (Calls(p.QualFunctionOids, oids) || Calls(p.CheckFunctionOids, oids))
                {
                    Add(ChainEntryKind.Policy, ObjectNames.Policy(p.Name, name), p.PolicyOid);
                }
            }
        }
    }

    private static bool Fires(StoredRule rule, string? ruleEvent) =>
        ruleEvent is null || string.Equals(rule.Event, ruleEvent, StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<StoredPolicy> AppliedPolicies(
        RelationDescribed relation, RelationCode code, IReadOnlyList<AppliedRowSecurity>? applied)
    {
        if (applied is null)
        {
            return relation.RowSecurity ? code.Policies : [];
        }

        var used = applied.Where(a => a.RelationOid == relation.RelationOid).SelectMany(a => a.PolicyOids).ToHashSet();
        return code.Policies.Where(p => used.Contains(p.PolicyOid));
    }

    /// <summary>The CHECK constraints of a domain and of the domains it is based on that call the function.</summary>
    private void AddDomainChecks(
        List<IReadOnlyList<PathLink>> paths, uint typeOid, IReadOnlySet<uint> oids, long seq, ChainPhase callPhase)
    {
        var seen = new HashSet<uint>();
        var type = descriptors.TypeDetails(typeOid);
        while (type is not null && seen.Add(type.TypeOid))
        {
            var domain = ObjectNames.Type(type);
            foreach (var check in type.Checks.Where(c => Calls(c.FunctionOids, oids)))
            {
                var key = new LinkKey(ChainEntryKind.DomainConstraint, type.TypeOid, check.ConstraintOid);
                var text = ObjectNames.DomainCheck(domain, check.Name);
                paths.Add([Link(key, ChainEntryKind.DomainConstraint, text, type.OwnerOid, seq, type.TypeOid, callPhase,
                    Descriptors.ExtensionTrait(type.Extension))]);
            }

            type = descriptors.TypeDetails(type.BaseType);
        }
    }

    private void AddAggregates(
        List<IReadOnlyList<PathLink>> paths, QueryAnalyzed analysis, IReadOnlySet<uint> oids, long seq, ChainPhase phase)
    {
        foreach (var aggregate in analysis.Aggregates ?? [])
        {
            if (!oids.Contains(aggregate.AggregateOid) && !Calls(aggregate.FunctionOids, oids))
            {
                continue;
            }

            var described = descriptors.Function(aggregate.AggregateOid);
            var link = Link(new LinkKey(ChainEntryKind.Aggregate, aggregate.AggregateOid), ChainEntryKind.Aggregate,
                described.Name, described.OwnerOid, seq, aggregate.AggregateOid, phase, described.Traits & EntryTraits.ExtensionMember);
            var viewPaths = ViewAttribution.Paths(analysis, new HashSet<uint> { aggregate.AggregateOid }, descriptors);
            if (viewPaths.Count == 0)
            {
                paths.Add([link]);
            }

            paths.AddRange(viewPaths.Select(p => (IReadOnlyList<PathLink>)[.. p, link]));
        }
    }

    /// <summary>Views, rules, policies and defaults are put into the query by the rewriter; the planner and executor
    /// load the rest (index code, CHECK and domain constraints, generation expressions) when they run it.</summary>
    private static ChainPhase PhaseOf(ChainEntryKind kind, ChainPhase callPhase) =>
        kind is ChainEntryKind.Rule or ChainEntryKind.Policy or ChainEntryKind.Default ? ChainPhase.Rewrite : callPhase;

    private static bool Calls(IReadOnlyList<uint> functions, IReadOnlySet<uint> oids) => functions.Any(oids.Contains);

    private static PathLink Link(
        LinkKey key, ChainEntryKind kind, string name, uint owner, long seq, uint oid, ChainPhase phase = ChainPhase.Rewrite,
        EntryTraits traits = EntryTraits.None) =>
        new(key, new EntryDraft(kind, name, owner, seq, phase, oid, Traits: traits));
}
