using System.Runtime.CompilerServices;
using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Provenance;

/// <summary>Rebuilds, from one session's events, the operations a policy judges and the chain of each.</summary>
/// <remarks>
/// <para>
/// Feed the events in seq order to <see cref="Observe"/>. Every <see cref="StatementStarted"/> (top level or nested,
/// planned or utility), every <see cref="FunctionEntered"/> and every <see cref="RoleSwitched"/> yields one
/// <see cref="Operation"/> at once, so a replay streams: it keeps the descriptors, the latest analysis, and the applied
/// row security and inlined calls of the latest plan, per query id, the session's prepared statements and the frames
/// that have started but not finished, never the whole session.
/// </para>
/// <para>Chain rules (JSON.md has the table of kinds, objects, owners and phases):</para>
/// <list type="bullet">
/// <item>A top-level statement is the root, owned by the session user; in a parallel worker its object names the
/// leader. A top-level plan (simple query or Bind planning before its statement starts) is a root too, in the
/// planning phase. Calls with no frame open get a made-up root: <c>parse analysis</c> (parse phase), <c>COMMIT</c>
/// (deferred triggers), or a maintenance root for a background process.</item>
/// <item>A nested statement becomes a query or utility entry owned by the issuer of its parent: the owner of the
/// innermost function, the role that prepared the prepared statement it runs, the role a foreign key or maintenance
/// command runs as, else the session user. A foreign-key query gets a foreign_key entry first.</item>
/// <item>A statement run from a prepared statement (EXECUTE, or a protocol portal) gets a prepared_statement entry
/// right after its own, owned by the preparer (<see cref="PreparedStatements"/>).</item>
/// <item>A security-restricted call or statement under a maintenance command or background process gets a
/// maintenance entry, owned by the role it runs as, before anything else it brings.</item>
/// <item>A function call brings what caused it: a trigger or event trigger(s); an operator, cast or aggregate it
/// went through (<c>Via</c>); the type whose I/O function it is; and, when it has no call site (location -1, or a
/// planning or maintenance call without one), the stored definitions that may contain it, directly under a planned
/// statement, plan, utility command or background process (see <see cref="CallAttribution"/>,
/// <see cref="StoredCodeAttribution"/> and <see cref="OriginPath"/>): one candidate is inserted as certain, several as candidates, none leaves the function
/// directly under its parent. A call with a location of 0 or more was written in the statement itself.</item>
/// <item>A call the planner inlined (probe 0.4: FunctionEntered with <c>Inlined</c> set, written under its plan when the
/// plan is complete) is a function call like any other, in the planning phase, under its plan; its function entry is
/// marked <see cref="ChainEntry.Inlined"/>. Its body never runs as a function, so a call that came from the body is put
/// back under it: a call directly under a planned statement or a plan whose location is -1 (the probe's verdict that the
/// call is not written in the statement) gets the entries of the plan's inlined calls whose body
/// may call it, as candidates when there are several, together with any stored definition found for it
/// (<see cref="InlinedBodyAttribution"/>). A function inlined inside another inlined body (location -1) gets the
/// earlier inlined call of the same plan that brought it. A statement's plan is the latest with its query id (for
/// query id 0, the plan just before it under the same parent).</item>
/// <item>A parent the replay has never seen ends the chain at a synthetic root whose owner is unknown, so a policy
/// cannot mistake a gap in the recording for a trusted link.</item>
/// </list>
/// <para>Version-1 recordings (no phases, no stored code) replay as before; the phase of a call is then inferred from
/// the statement that encloses it. Frames whose seq is not above the previous one are duplicates or out of order; they
/// are skipped and counted in <see cref="SkippedFrames"/>. Missing descriptors, finish frames and parents never
/// throw.</para>
/// </remarks>
public sealed class ProvenanceBuilder
{
    private readonly Descriptors descriptors = new();
    private readonly AnalysisIndex analyses = new();
    private readonly PreparedStatements prepared = new();
    private readonly Dictionary<long, FrameNode> live = [];

    /// <summary>Where a frame's entries are gathered before its node keeps them as an array of their exact size (a list
    /// per frame, mostly of one entry, was a large share of what a replay allocated).</summary>
    private readonly List<EntryDraft> entries = [];
    private readonly CallAttribution calls;
    private readonly LeaderSessionResolver? leaderResolver;
    private uint sessionUserOid;
    private long lastSeq;
    private string backendType = "";
    private string? workerSuffix;

    /// <summary>Starts a replay of the session <paramref name="sessionId"/>.</summary>
    /// <param name="sessionId">The session's id.</param>
    /// <param name="leaderResolver">Names the leader session of a parallel worker; without it the root of a worker's
    /// chains names the leader's pid.</param>
    public ProvenanceBuilder(string sessionId, LeaderSessionResolver? leaderResolver = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionId);
        SessionId = sessionId;
        this.leaderResolver = leaderResolver;
        calls = new CallAttribution(descriptors);
    }

    /// <summary>The session the operations belong to.</summary>
    public string SessionId { get; }

    /// <summary>The session's database, once its SessionStarted has been seen.</summary>
    public string? Database { get; private set; }

    /// <summary>Frames skipped because their seq was not above the previous frame's.</summary>
    public long SkippedFrames { get; private set; }

    /// <summary>Statement, plan, function and maintenance frames started and not yet finished.</summary>
    public int LiveFrames => live.Count;

    /// <summary>Query ids, prepared statements and descriptors remembered (for tests: bounded by the catalog and the
    /// distinct queries of the session, never by its length).</summary>
    internal int RememberedObjects => analyses.Count + prepared.Count + descriptors.Count;

    /// <summary>Whether <paramref name="seq"/> is a function call that has started and not returned.</summary>
    internal bool IsLiveFunction(long seq) => live.TryGetValue(seq, out var node) && node.Kind == FrameKind.Function;

    /// <summary>Consumes the next event; returns the operation it starts, if it starts one.</summary>
    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Operation? Observe(IRecordedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Frame.Seq <= lastSeq)
        {
            SkippedFrames++;
            return null;
        }

        lastSeq = frame.Frame.Seq;
        switch (frame)
        {
            case SessionStarted started:
                Begin(started);
                return null;
            case RoleDescribed role:
                descriptors.Apply(role);
                return null;
            case FunctionDescribed function:
                descriptors.Apply(function);
                return null;
            case RelationDescribed relation:
                descriptors.Apply(relation);
                return null;
            case OperatorDescribed op:
                descriptors.Apply(op);
                return null;
            case TypeDescribed type:
                descriptors.Apply(type);
                return null;
            case QueryAnalyzed analysis:
                Analyzed(analysis);
                return null;
            case StatementStarted statement:
                return Start(statement);
            case PlanStarted plan:
                analyses.Planned(plan);
                Plan(plan);
                return null;
            case TransactionEnded:
                analyses.TransactionEnded();
                return null;
            case PlanFinished planned:
                Planned(planned);
                return null;
            case FunctionEntered function:
                return Enter(function);
            case RoleSwitched switched:
                return Switch(switched);
            case MaintenanceStarted maintenance:
                Maintain(maintenance);
                return null;
            case StatementFinished finished:
                live.Remove(finished.StatementSeq);
                return null;
            case FunctionExited exited:
                live.Remove(exited.EnteredSeq);
                return null;
            case MaintenanceFinished finished:
                live.Remove(finished.MaintenanceSeq);
                return null;
            case SessionEnded:
                live.Clear();
                return null;
            default:
                return null;
        }
    }

    /// <summary>The operations of one session held in memory.</summary>
    public static IEnumerable<Operation> Build(
        string sessionId, IEnumerable<IRecordedFrame> frames, LeaderSessionResolver? leaderResolver = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var builder = new ProvenanceBuilder(sessionId, leaderResolver);
        foreach (var frame in frames)
        {
            if (builder.Observe(frame) is { } operation)
            {
                yield return operation;
            }
        }
    }

    /// <summary>The operations of one session streamed from the event store.</summary>
    public static IAsyncEnumerable<Operation> BuildAsync(
        string sessionId,
        IAsyncEnumerable<IRecordedFrame> frames,
        CancellationToken cancellationToken = default) =>
        BuildAsync(sessionId, frames, null, cancellationToken);

    /// <summary>The operations of one session streamed from the event store, naming parallel workers' leaders with
    /// <paramref name="leaderResolver"/>.</summary>
    public static async IAsyncEnumerable<Operation> BuildAsync(
        string sessionId,
        IAsyncEnumerable<IRecordedFrame> frames,
        LeaderSessionResolver? leaderResolver,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var builder = new ProvenanceBuilder(sessionId, leaderResolver);
        await foreach (var frame in frames.WithCancellation(cancellationToken))
        {
            if (builder.Observe(frame) is { } operation)
            {
                yield return operation;
            }
        }
    }

    private void Begin(SessionStarted started)
    {
        Database = started.Database;
        sessionUserOid = started.SessionUserOid;
        backendType = started.BackendType;
        if (started.LeaderPid != 0 || string.Equals(started.WorkerType, "parallel worker", StringComparison.Ordinal))
        {
            var leader = leaderResolver?.Invoke(started.LeaderPid, started.BackendStartUs, started.SystemIdentifier);
            workerSuffix = leader is not null ? ParallelWorkerNote.ForSession(leader) : ParallelWorkerNote.ForPid(started.LeaderPid);
        }
    }

    private void Analyzed(QueryAnalyzed analysis)
    {
        analyses.Add(analysis);
        if (live.TryGetValue(analysis.Frame.Parent, out var node) && node.Kind == FrameKind.UtilityStatement)
        {
            node.Analysis = analysis;
            if (IsPrepare(node.CommandTag))
            {
                prepared.SetAnalysis(analysis.Frame.Parent, analysis);
            }
        }
    }

    // On every operation's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Operation Start(StatementStarted statement)
    {
        var header = statement.Frame;
        var planned = statement.Kind == StatementKind.Planned;
        var phase = planned ? ChainPhase.Execution : ChainPhase.Utility;
        var tag = statement.CommandTag;
        var foreignKey = string.Equals(statement.Origin, "foreign_key", StringComparison.Ordinal);
        var parent = ParentOf(header.Parent);
        entries.Clear();
        var hasMaintenance = false;
        uint issuer;
        if (parent is null && !foreignKey)
        {
            issuer = sessionUserOid;
            entries.Add(new EntryDraft(ChainEntryKind.Statement, RootText(statement.Text), issuer, header.Seq, phase, Command: tag));
        }
        else
        {
            // A foreign-key check deferred to COMMIT runs with no statement open.
            parent ??= Root(ChainEntryKind.Statement, "COMMIT", header, ChainPhase.Commit);
            issuer = parent.IssuerOwnerOid;
            if (header.SecurityContext.HasFlag(SecurityContext.RestrictedOperation) && FrameWalk.MaintenanceContextAbove(parent) is { } context)
            {
                entries.Add(MaintenanceEntry(context, header, header.CurrentUser));
                issuer = header.CurrentUser;
                hasMaintenance = true;
            }

            if (foreignKey)
            {
                var what = planned && tag == "SELECT" ? "foreign key check" : "foreign key action";
                entries.Add(new EntryDraft(ChainEntryKind.ForeignKey, what, header.CurrentUser, header.Seq, phase, PrivilegeSwitch: true));
                issuer = header.CurrentUser;
            }

            var kind = planned ? ChainEntryKind.Query : ChainEntryKind.Utility;
            entries.Add(new EntryDraft(kind, statement.Text, issuer, header.Seq, phase, Command: tag));
        }

        string? preparedName = null;
        PreparedStatements.Prepared? definition = null;
        // The unnamed protocol statement is how a driver runs what the user just entered (Parse, Bind and Execute in a
        // row, under one role): it is the root statement itself, unless it was parsed under another role.
        var plainProtocolStatement = statement.Portal is not null && statement.Prepared is { Name.Length: 0 }
            && analyses.FindParse(statement.QueryId) is { } parsed && parsed.Frame.CurrentUser == header.CurrentUser;
        if (statement.Prepared is { } reference && !plainProtocolStatement && !IsPrepare(tag)
            && !FrameWalk.RunsPrepared(parent, reference.Name))
        {
            uint preparer;
            long preparedSeq;
            if (statement.Portal is not null)
            {
                var parse = analyses.FindParse(statement.QueryId);
                (preparer, preparedSeq) = parse is null ? (0u, header.Seq) : (parse.Frame.CurrentUser, parse.Frame.Seq);
            }
            else
            {
                definition = prepared.Find(reference.Name, reference.PrepareSeq);
                (preparer, preparedSeq) = definition is null ? (0u, header.Seq) : (definition.PreparerOid, definition.Seq);
            }

            entries.Add(new EntryDraft(ChainEntryKind.PreparedStatement, reference.Name, preparer, preparedSeq, ChainPhase.Prepare));
            issuer = preparer;
            preparedName = reference.Name;
        }

        if (IsPrepare(tag) && statement.Prepared is { } defined)
        {
            prepared.Define(defined.Name, header.Seq, FrameWalk.FunctionOwnerAbove(parent) ?? header.CurrentUser);
        }

        var frameKind = planned ? FrameKind.PlannedStatement : FrameKind.UtilityStatement;
        var plan = planned ? analyses.PlanOf(statement.QueryId, header.Parent) : null;
        var node = new FrameNode(parent, frameKind, entries.ToArray(), issuer, header.CurrentUser)
        {
            ParentSeq = header.Parent,
            CommandTag = tag,
            Text = statement.Text,
            QueryId = statement.QueryId,
            Analysis = AnalysisOf(statement, parent, definition),
            RowSecurity = plan?.RowSecurity,
            InlinedCalls = plan?.InlinedCalls ?? [],
            Targets = statement.Targets ?? [],
            Copy = statement.Copy,
            IsMaintenanceContext = !planned && IsMaintenance(tag),
            HasMaintenanceEntry = hasMaintenance,
            PreparedName = preparedName,
        };
        live[header.Seq] = node;
        analyses.Started(statement);
        var operationKind = planned ? OperationKind.PlannedStatement : OperationKind.UtilityCommand;
        return Materialize(node, header, tag, operationKind, header.CurrentUser, statement.Copy, StatementObjects(statement, node));
    }

    private void Plan(PlanStarted plan)
    {
        var header = plan.Frame;
        var parent = ParentOf(header.Parent);
        var analysis = analyses.Find(plan.QueryId, header.Parent)
                       ?? (parent is { Kind: FrameKind.UtilityStatement } ? parent.Analysis : null);
        EntryDraft[] planEntries = parent is null
            ? [new EntryDraft(ChainEntryKind.Statement, RootText(plan.Text), sessionUserOid, header.Seq, ChainPhase.Planning,
                Command: analysis?.CommandTag)]
            : [];
        live[header.Seq] = new FrameNode(parent, FrameKind.Plan, planEntries, parent?.IssuerOwnerOid ?? sessionUserOid, header.CurrentUser)
        {
            ParentSeq = header.Parent,
            CommandTag = analysis?.CommandTag ?? "",
            Text = plan.Text,
            QueryId = plan.QueryId,
            Analysis = analysis,
            EarlierInlinedCalls = analyses.EarlierPlan(plan.QueryId)?.InlinedCalls ?? [],
        };
    }

    private void Planned(PlanFinished planned)
    {
        if (live.Remove(planned.PlanSeq, out var plan) && plan.Kind == FrameKind.Plan)
        {
            analyses.AddPlan(plan.QueryId, plan.ParentSeq, new FinishedPlan(planned.RowSecurity ?? [], plan.InlinedCalls));
        }
    }

    private void Maintain(MaintenanceStarted maintenance)
    {
        var header = maintenance.Frame;
        var entry = new EntryDraft(
            ChainEntryKind.Maintenance, maintenance.Activity, sessionUserOid, header.Seq, ChainPhase.Maintenance,
            Command: maintenance.Kind);
        live[header.Seq] = new FrameNode(ParentOf(header.Parent), FrameKind.Maintenance, [entry], sessionUserOid, header.CurrentUser)
        {
            ParentSeq = header.Parent,
            CommandTag = maintenance.Kind,
            Text = maintenance.Activity,
            IsMaintenanceContext = true,
        };
    }

    // On every operation's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Operation Enter(FunctionEntered call)
    {
        var header = call.Frame;
        var parent = ParentOf(header.Parent);
        var phase = FrameWalk.PhaseOf(call.Phase, parent);
        parent ??= RootOf(phase, header);
        var function = descriptors.Function(call.FunctionOid);
        entries.Clear();
        var hasMaintenance = false;
        if ((phase == ChainPhase.Maintenance || header.SecurityContext.HasFlag(SecurityContext.RestrictedOperation))
            && FrameWalk.MaintenanceContextAbove(parent) is { } context)
        {
            // A SECURITY DEFINER call's frame shows its definer, not the role the maintenance switched to.
            var runsAs = function.SecurityDefiner ? MaintenanceRole(context) : header.CurrentUser;
            entries.Add(MaintenanceEntry(context, header, runsAs));
            hasMaintenance = true;
        }

        var origin = calls.Origin(call, parent, phase, function, uncertain: workerSuffix is not null);
        for (var i = 0; i < origin.Count; i++)
        {
            entries.Add(origin[i].Entry);
        }

        var own = new EntryDraft(
            ChainEntryKind.Function, function.Name, function.OwnerOid, header.Seq, phase, call.FunctionOid,
            PrivilegeSwitch: function.SecurityDefiner, Traits: FunctionTraits(call, function), Inlined: call.Inlined is not null);
        entries.Add(own);
        if (call.Inlined is { } body && parent is { Kind: FrameKind.Plan })
        {
            // Calls from the inlined body come later (nested inlined calls of this plan, the statement that runs it).
            parent.AddInlinedCall(new InlinedCall(
                call.FunctionOid, body, [.. origin, new PathLink(new LinkKey(ChainEntryKind.Function, call.FunctionOid), own)]));
        }

        var node = new FrameNode(parent, FrameKind.Function, entries.ToArray(), function.OwnerOid, header.CurrentUser)
        {
            ParentSeq = header.Parent,
            HasMaintenanceEntry = hasMaintenance,
        };
        live[header.Seq] = node;
        return Materialize(
            node, header, Operation.FunctionCallCommand, OperationKind.FunctionCall, header.CurrentUser, objects: function.QualifiedAsObjects);
    }

    private Operation Switch(RoleSwitched switched)
    {
        var header = switched.Frame;
        var parent = ParentOf(header.Parent);
        var executor = parent is not null && live.ContainsKey(header.Parent) ? parent.CurrentUser : header.CurrentUser;
        parent ??= Root(ChainEntryKind.Statement, switched.Command, header, ChainPhase.Utility);
        if (switched.SessionUserOid != 0)
        {
            sessionUserOid = switched.SessionUserOid;
        }

        var operation = Materialize(parent, header, switched.Command, OperationKind.RoleSwitch, executor);
        var roles = operation.Roles;
        return operation with
        {
            Switch = new RoleSwitchDetails(roles.Find(switched.SessionUserOid), roles.Find(switched.OuterUserOid), switched.Local),
        };
    }

    /// <summary>The parse analysis that explains the stored code of a statement, if any.</summary>
    /// <remarks>The probe analyses the body of DECLARE CURSOR and CREATE TABLE AS through the utility statement, so
    /// the QueryAnalyzed carries the utility's query id; the planned body then takes its wrapper's analysis, as a
    /// statement run by EXECUTE takes the analysis under the EXECUTE (a revalidation) or under its PREPARE. A protocol
    /// statement takes its Parse: the latest top-level analysis with its query id.</remarks>
    private QueryAnalyzed? AnalysisOf(StatementStarted statement, FrameNode? parent, PreparedStatements.Prepared? definition)
    {
        var header = statement.Frame;
        if (statement.Kind == StatementKind.Utility)
        {
            return definition?.Analysis
                   ?? (WrapsAQuery(statement.CommandTag) ? analyses.Find(statement.QueryId, header.Parent) : null);
        }

        var protocol = statement.Portal is not null && header.Parent == 0 ? analyses.FindTopLevel(statement.QueryId) : null;
        return protocol
               ?? analyses.Find(statement.QueryId, header.Parent)
               ?? (parent is { Kind: FrameKind.UtilityStatement } ? parent.Analysis : null);
    }

    private static bool WrapsAQuery(string commandTag) =>
        commandTag is "DECLARE CURSOR" or "CREATE TABLE AS" or "SELECT INTO" or "CREATE MATERIALIZED VIEW";

    private static bool IsPrepare(string commandTag) => commandTag == "PREPARE";

    private static bool IsMaintenance(string commandTag) =>
        commandTag is "VACUUM" or "ANALYZE" or "CLUSTER" or "REINDEX" or "CREATE INDEX" or "REFRESH MATERIALIZED VIEW";

    /// <summary>A maintenance entry under a command or background process: code from here on runs as the table owner,
    /// a privilege switch.</summary>
    private static EntryDraft MaintenanceEntry(FrameNode context, FrameHeader header, uint runsAs) =>
        new(ChainEntryKind.Maintenance, context.Text, runsAs, header.Seq, ChainPhase.Maintenance, Command: context.CommandTag,
            PrivilegeSwitch: true);

    /// <summary>What a called function is besides user code: a type output or send function (by its recorded role or
    /// a type that names it), the function of an operator in an operator family it was reached through, an extension
    /// member.</summary>
    private EntryTraits FunctionTraits(FunctionEntered call, DescribedObject function)
    {
        var traits = function.Traits;
        if (descriptors.IsTypeOutputFunction(call.FunctionOid))
        {
            traits |= EntryTraits.TypeOutputFunction;
        }

        if (call.Via is { Kind: "operator" } op && descriptors.InOperatorFamily(op.Oid))
        {
            traits |= EntryTraits.OperatorClass;
        }

        return traits;
    }

    /// <summary>The role a maintenance command runs code as, the owner of the one table it processes; 0 (unknown) when
    /// it names several or none.</summary>
    private uint MaintenanceRole(FrameNode context)
    {
        var tables = context.Kind == FrameKind.Maintenance
            ? [.. descriptors.AllRelations.Where(r => ActivityNames.Names(context.Text, r)).Select(r => r.RelationOid)]
            : context.Targets;
        return tables.Count == 1 ? descriptors.Relation(tables[0]).OwnerOid : 0;
    }

    /// <summary>The made-up root of a call with no frame open, or <c>null</c> when the phase does not explain it.</summary>
    private FrameNode? RootOf(ChainPhase phase, FrameHeader header) => phase switch
    {
        ChainPhase.Parse => Root(ChainEntryKind.Statement, "parse analysis", header, ChainPhase.Parse),
        ChainPhase.Commit => Root(ChainEntryKind.Statement, "COMMIT", header, ChainPhase.Commit),
        ChainPhase.Maintenance => new FrameNode(
            null,
            FrameKind.Maintenance,
            [
                new EntryDraft(
                    ChainEntryKind.Maintenance, backendType, sessionUserOid, header.Seq, ChainPhase.Maintenance, Command: backendType),
            ],
            sessionUserOid,
            header.CurrentUser)
        {
            CommandTag = backendType,
            Text = backendType,
            IsMaintenanceContext = true,
        },
        _ => null,
    };

    private FrameNode Root(ChainEntryKind kind, string text, FrameHeader header, ChainPhase phase) =>
        new(null, FrameKind.Root, [new EntryDraft(kind, text, sessionUserOid, header.Seq, phase)], sessionUserOid, header.CurrentUser);

    private string RootText(string text) => workerSuffix is null ? text : text + workerSuffix;

    private FrameNode? ParentOf(long parentSeq)
    {
        if (parentSeq == 0)
        {
            return null;
        }

        if (live.TryGetValue(parentSeq, out var parent))
        {
            return parent;
        }

        var root = new EntryDraft(
            ChainEntryKind.Statement, ObjectNames.UnrecordedFrame(parentSeq), 0, parentSeq, ChainPhase.Unknown, Synthetic: true);
        return new FrameNode(null, FrameKind.Root, [root], 0, 0);
    }

    /// <summary>The objects of a statement a rule's <c>objects</c> matches: the relations a utility command names, the
    /// relations a planned statement writes (its analysis's targets).</summary>
    private string[] StatementObjects(StatementStarted statement, FrameNode node)
    {
        // Loops rather than LINQ: this runs for every statement, and most name no object at all.
        List<string>? names = null;
        if (statement.Kind == StatementKind.Utility)
        {
            foreach (var oid in statement.Targets ?? [])
            {
                (names ??= []).Add(descriptors.Relation(oid).Name);
            }
        }
        else if (node.Analysis?.Relations is { } relations)
        {
            // By index: foreach over the interface boxed an enumerator per statement.
            for (var i = 0; i < relations.Count; i++)
            {
                if (relations[i].Target)
                {
                    (names ??= []).Add(descriptors.Relation(relations[i].RelationOid).Name);
                }
            }
        }

        return names is null ? [] : names.ToArray();
    }

    // On every operation's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Operation Materialize(
        FrameNode node, FrameHeader header, string command, OperationKind kind, uint executorOid, CopyDetails? copy = null,
        IReadOnlyList<string>? objects = null)
    {
        var roles = descriptors.Roles;
        var chain = node.Chain(roles);
        return new Operation(
            SessionId, Database, header.Seq, command, kind, roles.Find(executorOid), roles.Find(sessionUserOid), chain, roles)
        {
            Copy = copy,
            Objects = objects ?? [],
        };
    }
}
