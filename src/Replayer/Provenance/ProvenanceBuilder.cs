using System.Runtime.CompilerServices;
using TraceLab.Events;
using TraceLab.Policies;

namespace TraceLab.Replayer.Provenance;

/// <summary>Rebuilds, from one session's events, the operations a policy judges and the chain of each.</summary>
/// <remarks>
/// <para>
/// Feed the events in seq order to <see cref="Observe"/>. Every <see cref="StatementStarted"/> (top level or nested,
/// planned or utility) and every <see cref="FunctionEntered"/> yields one <see cref="Operation"/> at once, so a replay
/// streams: it keeps the descriptors, the latest <see cref="QueryAnalyzed"/> per query id and the frames that have
/// started but not finished, never the whole session.
/// </para>
/// <para>Chain rules:</para>
/// <list type="bullet">
/// <item>A top-level statement (parent 0) is the root, owned by the session user.</item>
/// <item>A nested statement becomes a query (planned) or utility entry owned by the owner of the function whose code
/// issued it, or by the session user when no function encloses it.</item>
/// <item>A function called by a trigger gets a trigger entry, owned by the owner of the trigger's table, before its
/// own entry.</item>
/// <item>A function with location -1 directly under a planned statement came from a stored definition: the views of
/// that statement's QueryAnalyzed (the latest with its query id before it; for the body of DECLARE CURSOR or CREATE
/// TABLE AS, the wrapping utility's) that call it are inserted before it (see <see cref="ViewAttribution"/>). A
/// function with a location of 0 or more was written in the statement itself and gets no view entry.</item>
/// <item>Everything else follows the parent links only. A parent the replay has never seen ends the chain at a
/// synthetic root whose owner is unknown, so a policy cannot mistake a gap in the recording for a trusted link.</item>
/// </list>
/// <para>Frames whose seq is not above the previous one are duplicates or out of order; they are skipped and counted
/// in <see cref="SkippedFrames"/>. Missing descriptors, finish frames and parents never throw.</para>
/// </remarks>
public sealed class ProvenanceBuilder
{
    private readonly Descriptors descriptors = new();
    private readonly Dictionary<long, QueryAnalyzed> latestAnalysis = [];
    private readonly Dictionary<long, FrameNode> live = [];
    private uint sessionUserOid;
    private long lastSeq;

    /// <summary>Starts a replay of the session <paramref name="sessionId"/>.</summary>
    public ProvenanceBuilder(string sessionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionId);
        SessionId = sessionId;
    }

    /// <summary>The session the operations belong to.</summary>
    public string SessionId { get; }

    /// <summary>The session's database, once its SessionStarted has been seen.</summary>
    public string? Database { get; private set; }

    /// <summary>Frames skipped because their seq was not above the previous frame's.</summary>
    public long SkippedFrames { get; private set; }

    /// <summary>Statement and function frames started and not yet finished.</summary>
    public int LiveFrames => live.Count;

    /// <summary>Consumes the next event; returns the operation it starts, if it starts one.</summary>
    public Operation? Observe(IRecordedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(frame.Frame, nameof(frame));
        if (frame.Frame.Seq <= lastSeq)
        {
            SkippedFrames++;
            return null;
        }

        lastSeq = frame.Frame.Seq;
        switch (frame)
        {
            case SessionStarted started:
                Database = started.Database;
                sessionUserOid = started.SessionUserOid;
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
            case QueryAnalyzed analysis:
                latestAnalysis[analysis.QueryId] = analysis;
                return null;
            case StatementStarted statement:
                return Start(statement);
            case FunctionEntered function:
                return Enter(function);
            case StatementFinished finished:
                live.Remove(finished.StatementSeq);
                return null;
            case FunctionExited exited:
                live.Remove(exited.EnteredSeq);
                return null;
            case SessionEnded:
                live.Clear();
                return null;
            default:
                return null;
        }
    }

    /// <summary>The operations of one session held in memory.</summary>
    public static IEnumerable<Operation> Build(string sessionId, IEnumerable<IRecordedFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var builder = new ProvenanceBuilder(sessionId);
        foreach (var frame in frames)
        {
            if (builder.Observe(frame) is { } operation)
            {
                yield return operation;
            }
        }
    }

    /// <summary>The operations of one session streamed from the event store.</summary>
    public static async IAsyncEnumerable<Operation> BuildAsync(
        string sessionId,
        IAsyncEnumerable<IRecordedFrame> frames,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var builder = new ProvenanceBuilder(sessionId);
        await foreach (var frame in frames.WithCancellation(cancellationToken))
        {
            if (builder.Observe(frame) is { } operation)
            {
                yield return operation;
            }
        }
    }

    private Operation Start(StatementStarted statement)
    {
        var header = statement.Frame;
        var planned = statement.Kind == StatementKind.Planned;
        var parent = ParentOf(header.Parent);
        EntryDraft entry;
        uint issuer;
        if (header.Parent == 0)
        {
            issuer = sessionUserOid;
            entry = new EntryDraft(ChainEntryKind.Statement, statement.Text, issuer, header.Seq, Command: statement.CommandTag);
        }
        else
        {
            issuer = parent?.IssuerOwnerOid ?? 0;
            var kind = planned ? ChainEntryKind.Query : ChainEntryKind.Utility;
            entry = new EntryDraft(kind, statement.Text, issuer, header.Seq, Command: statement.CommandTag);
        }

        var node = new FrameNode(parent, [entry], issuer, AnalysisOf(statement, parent)) { IsPlannedStatement = planned };
        live[header.Seq] = node;
        var operationKind = planned ? OperationKind.PlannedStatement : OperationKind.UtilityCommand;
        return Materialize(node, header, statement.CommandTag, operationKind);
    }

    private Operation Enter(FunctionEntered call)
    {
        var header = call.Frame;
        var parent = ParentOf(header.Parent);
        var function = descriptors.Function(call.FunctionOid);
        var entries = new List<EntryDraft>();
        if (call.Trigger is { } trigger)
        {
            var table = descriptors.Relation(trigger.RelationOid);
            entries.Add(new EntryDraft(
                ChainEntryKind.Trigger, $"{ObjectNames.Identifier(trigger.Name)} on {table.Name}", table.OwnerOid,
                header.Seq, trigger.TriggerOid));
        }
        else if (call.Location == -1 && parent is { IsPlannedStatement: true, Analysis: { } analysis })
        {
            entries.AddRange(ViewAttribution.Path(analysis, call.FunctionOid, descriptors));
        }

        entries.Add(new EntryDraft(ChainEntryKind.Function, function.Name, function.OwnerOid, header.Seq, call.FunctionOid));
        var node = new FrameNode(parent, entries, function.OwnerOid, null);
        live[header.Seq] = node;
        return Materialize(node, header, Operation.FunctionCallCommand, OperationKind.FunctionCall);
    }

    /// <summary>The parse analysis that explains the views of a statement, if any.</summary>
    /// <remarks>The probe analyses the body of DECLARE CURSOR and CREATE TABLE AS through the utility statement, so
    /// the QueryAnalyzed carries the utility's query id; the planned body then takes its wrapper's analysis.</remarks>
    private QueryAnalyzed? AnalysisOf(StatementStarted statement, FrameNode? parent)
    {
        if (statement.Kind == StatementKind.Utility)
        {
            return WrapsAQuery(statement.CommandTag) ? latestAnalysis.GetValueOrDefault(statement.QueryId) : null;
        }

        return latestAnalysis.GetValueOrDefault(statement.QueryId)
               ?? (parent is { IsPlannedStatement: false } ? parent.Analysis : null);
    }

    private static bool WrapsAQuery(string commandTag) =>
        commandTag is "DECLARE CURSOR" or "CREATE TABLE AS" or "SELECT INTO" or "CREATE MATERIALIZED VIEW";

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
            ChainEntryKind.Statement, ObjectNames.UnrecordedFrame(parentSeq), 0, parentSeq, Synthetic: true);
        return new FrameNode(null, [root], 0, null);
    }

    private Operation Materialize(FrameNode node, FrameHeader header, string command, OperationKind kind)
    {
        var roles = descriptors.Roles;
        var path = new List<FrameNode>();
        for (var current = node; current is not null; current = current.Parent)
        {
            path.Add(current);
        }

        path.Reverse();
        ChainEntry[] chain = [.. path.SelectMany(n => n.Entries).Select(d => d.Resolve(roles))];
        return new Operation(
            SessionId, Database, header.Seq, command, kind, roles.Find(header.CurrentUser), roles.Find(sessionUserOid),
            chain, roles);
    }
}
