using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Provenance;

/// <summary>Decides what brought a function call: the entries inserted between its parent's and its own.</summary>
/// <remarks>
/// <para>In order of precedence: a trigger; the event trigger(s) that use the function for the event; the type whose
/// input or output function it is (a function serving several types names all, as candidates); and otherwise the
/// stored definitions that may hold a call without a call site (see <see cref="StoredCodeAttribution"/>), followed by the
/// operator, cast or aggregate the call went through. An aggregate the call names is certain, so only the view that has
/// the aggregate remains to be found. A call that came from the body of an inlined SQL function gets that inlined call's
/// entries as one more candidate origin (see <see cref="InlinedBodyAttribution"/>).</para>
/// <para>Where to look depends on the parent frame: an executing statement brings its views, aggregates, coerced
/// domains, the row code of what it writes (defaults, CHECK and domain constraints, index code, rules for its event)
/// and the policies its plan applied; a plan brings anything the planner folds or proves; a utility command brings the
/// index code of what a maintenance command processes, or the row code of what COPY FROM writes; a background process
/// brings the code of the relations its activity names. A call directly under a function gets none: its call site is
/// in the function's own code.</para>
/// </remarks>
internal sealed class CallAttribution(Descriptors descriptors)
{
    private readonly StoredCodeAttribution storedCode = new(descriptors);

    /// <summary>What brought a call, inserted between its parent's entries and its own, as links (an inlined call keeps
    /// them as its path, see <see cref="InlinedCall"/>).</summary>
    /// <remarks>Runs for every call: the common case (a call written in the statement) allocates at most the one link,
    /// and the rarer cases, which use lambdas, are methods of their own so that their closures are not allocated for
    /// every call.</remarks>
    public IReadOnlyList<PathLink> Origin(FunctionEntered call, FrameNode? parent, ChainPhase phase, DescribedObject function, bool uncertain)
    {
        if (call.Trigger is { } trigger)
        {
            return [TriggerLink(trigger, call.Frame.Seq, phase)];
        }

        if (call.EventTrigger is { Triggers: { Count: > 0 } } eventTrigger)
        {
            return EventTriggerLinks(eventTrigger, call.Frame.Seq, phase);
        }

        var via = ViaLink(call, phase, function);
        if (via is null && IsTypeIo(function.Role))
        {
            return TypeIoLinks(call, phase);
        }

        var noCallSite = call.Location == -1 || (call.Location < 0 && phase is ChainPhase.Planning or ChainPhase.Maintenance);
        if (parent is null || !(noCallSite || InlinedBodyAttribution.MayApply(call, parent)))
        {
            // Written in the statement itself (most calls): nothing to look up or merge.
            return via is { } written ? [written] : [];
        }

        return Merged(call, parent, phase, via, noCallSite, uncertain);
    }

    private PathLink TriggerLink(TriggerContext trigger, long seq, ChainPhase phase)
    {
        var table = descriptors.Relation(trigger.RelationOid);
        return new PathLink(
            new LinkKey(ChainEntryKind.Trigger, trigger.TriggerOid),
            new EntryDraft(ChainEntryKind.Trigger, $"{ObjectNames.Identifier(trigger.Name)} on {table.Name}", table.OwnerOid, seq,
                phase, trigger.TriggerOid, Traits: table.Traits));
    }

    private static PathLink[] EventTriggerLinks(EventTriggerContext eventTrigger, long seq, ChainPhase phase)
    {
        var triggers = eventTrigger.Triggers ?? [];
        return
        [
            .. triggers.Select(t => new PathLink(
                new LinkKey(ChainEntryKind.EventTrigger, t.EventTriggerOid),
                new EntryDraft(
                    ChainEntryKind.EventTrigger, ObjectNames.EventTrigger(t.Name, eventTrigger.Event), t.OwnerOid, seq, phase,
                    t.EventTriggerOid, Candidate: triggers.Count > 1))),
        ];
    }

    private PathLink[] TypeIoLinks(FunctionEntered call, ChainPhase phase)
    {
        var seq = call.Frame.Seq;
        var types = descriptors.TypesWithIoFunction(call.FunctionOid);
        var output = descriptors.IsTypeOutputFunction(call.FunctionOid) ? EntryTraits.TypeOutputFunction : EntryTraits.None;
        return
        [
            .. types.Select(oid =>
            {
                var type = descriptors.Type(oid);
                return new PathLink(
                    new LinkKey(ChainEntryKind.TypeIo, oid),
                    new EntryDraft(
                        ChainEntryKind.TypeIo, type.Name, type.OwnerOid, seq, phase, oid, Candidate: types.Count > 1,
                        Traits: type.Traits | output));
            }),
        ];
    }

    /// <summary>A call with no call site, or one an inlined body may have made: the candidate origins merged, then the
    /// operator, cast or aggregate it went through.</summary>
    private List<PathLink> Merged(FunctionEntered call, FrameNode parent, ChainPhase phase, PathLink? via, bool noCallSite, bool uncertain)
    {
        var paths = new List<IReadOnlyList<PathLink>>();
        var calledOids = CalledOids(call);
        if (noCallSite)
        {
            paths.AddRange(StoredOrigin(call, parent, phase, calledOids));
        }

        paths.AddRange(InlinedBodyAttribution.Paths(call, parent, calledOids));

        var links = OriginPath.Merge(paths, uncertain);
        if (via is { } v)
        {
            links.Add(v);
        }

        return links;
    }

    /// <summary>The function called and, for an aggregate's support function, the aggregate: what a stored definition
    /// or an inlined body names.</summary>
    private static HashSet<uint> CalledOids(FunctionEntered call)
    {
        var oids = new HashSet<uint> { call.FunctionOid };
        if (call.Via is { Kind: "aggregate" } aggregate)
        {
            oids.Add(aggregate.Oid);
        }

        return oids;
    }

    private PathLink? ViaLink(FunctionEntered call, ChainPhase phase, DescribedObject function)
    {
        var seq = call.Frame.Seq;
        switch (call.Via)
        {
            case { Kind: "operator" } op:
                var described = descriptors.Operator(op.Oid);
                return new PathLink(
                    new LinkKey(ChainEntryKind.Operator, op.Oid),
                    new EntryDraft(ChainEntryKind.Operator, described.Name, described.OwnerOid, seq, phase, op.Oid, Traits: described.Traits));
            case { Kind: "cast" } cast:
                var name = ObjectNames.Cast(descriptors.Type(cast.Oid).Name, descriptors.Type(cast.Oid2).Name);
                return new PathLink(
                    new LinkKey(ChainEntryKind.Cast, cast.Oid, cast.Oid2),
                    new EntryDraft(
                        ChainEntryKind.Cast, name, function.OwnerOid, seq, phase, Traits: function.Traits & EntryTraits.ExtensionMember));
            case { Kind: "aggregate" } aggregate:
                var agg = descriptors.Function(aggregate.Oid);
                return new PathLink(
                    new LinkKey(ChainEntryKind.Aggregate, aggregate.Oid),
                    new EntryDraft(
                        ChainEntryKind.Aggregate, agg.Name, agg.OwnerOid, seq, phase, aggregate.Oid,
                        Traits: agg.Traits & EntryTraits.ExtensionMember));
            default:
                return null;
        }
    }

    /// <summary>The stored definitions that may hold a call without a call site, as candidate paths.</summary>
    private List<IReadOnlyList<PathLink>> StoredOrigin(FunctionEntered call, FrameNode parent, ChainPhase phase, IReadOnlySet<uint> oids)
    {
        var seq = call.Frame.Seq;
        if (call.Via is { Kind: "aggregate" })
        {
            // The aggregate entry is certain; only the view that has the aggregate call remains to be found.
            return parent is { Kind: FrameKind.PlannedStatement or FrameKind.Plan, Analysis: { } analysis }
                ? ViewAttribution.Paths(analysis, oids, descriptors)
                : [];
        }

        var scope = parent.Kind switch
        {
            FrameKind.PlannedStatement => StatementScope(parent, seq),
            FrameKind.Plan => PlanScope(parent, seq),
            FrameKind.UtilityStatement => UtilityScope(parent, seq),
            FrameKind.Maintenance => MaintenanceScope(parent, seq),
            _ => null,
        };
        return scope is null ? [] : storedCode.Paths(scope, oids, withAggregates: call.Via is null, phase);
    }

    /// <summary>An executing statement: its views and aggregates, the code of what it writes, the policies it applies.</summary>
    private static OriginScope StatementScope(FrameNode statement, long callSeq)
    {
        var tag = statement.CommandTag;
        var writes = tag == "DELETE" ? CodeKinds.None : CodeKinds.Write;

        // A rule's action runs as a statement of its own kind (DO ALSO SELECT …); the event that fired it is the
        // analysed statement's, from before the rewrite.
        var analysed = statement.Analysis?.CommandTag ?? tag;
        var ruleEvent = analysed is "INSERT" or "UPDATE" or "DELETE" ? analysed : null;
        return new OriginScope(
            statement.Analysis, null, writes | CodeKinds.Rules, CodeKinds.Policies, ruleEvent, statement.RowSecurity,
            statement.Analysis?.Frame.Seq ?? callSeq);
    }

    /// <summary>A plan being built: anything the planner folds or proves, of any relation the query lists.</summary>
    private static OriginScope PlanScope(FrameNode plan, long callSeq)
    {
        var tag = plan.Analysis?.CommandTag;
        var ruleEvent = tag is "INSERT" or "UPDATE" or "DELETE" ? tag : null;
        return new OriginScope(
            plan.Analysis, null, CodeKinds.Defaults | CodeKinds.DomainColumns | CodeKinds.Rules,
            CodeKinds.Checks | CodeKinds.Index | CodeKinds.Policies, ruleEvent, null, plan.Analysis?.Frame.Seq ?? callSeq);
    }

    /// <summary>A utility command: index code of what a maintenance command processes, row code of what COPY FROM
    /// (or another command naming relations) writes. Views are not looked up: the command's queries are frames of
    /// their own.</summary>
    private static OriginScope? UtilityScope(FrameNode utility, long callSeq)
    {
        if (utility.Targets.Count == 0)
        {
            return null;
        }

        var kinds = utility.IsMaintenanceContext ? CodeKinds.Index
            : utility.Copy is { IsFrom: false } ? CodeKinds.None
            : CodeKinds.Write;
        var listed = utility.Copy is { IsFrom: false } ? CodeKinds.Policies : CodeKinds.None;
        return new OriginScope(
            null, [.. utility.Targets.Select(t => new AnalyzedRelation(t, true))], kinds, listed, null, null, callSeq);
    }

    /// <summary>A background process: the relations its activity names, else every relation described in the session.</summary>
    private OriginScope MaintenanceScope(FrameNode maintenance, long callSeq)
    {
        var all = descriptors.AllRelations.ToList();
        var named = all.Where(r => ActivityNames.Names(maintenance.Text, r)).ToList();
        var relations = (named.Count > 0 ? named : all).Select(r => new AnalyzedRelation(r.RelationOid, true)).ToList();
        var kinds = maintenance.CommandTag.StartsWith("autovacuum", StringComparison.Ordinal) ? CodeKinds.Index : CodeKinds.Write;
        return new OriginScope(null, relations, kinds, CodeKinds.None, null, null, callSeq);
    }

    private static bool IsTypeIo(string role) => role is "type_input" or "type_output" or "type_receive" or "type_send";
}
