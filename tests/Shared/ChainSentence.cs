using TraceLab.Policies.Model;

namespace TraceLab.Policies;

/// <summary>Writes a provenance chain top-down as one sentence, so a test can assert a whole chain in one line.</summary>
/// <remarks>
/// <para>
/// A test aid, not a report: verdicts' DETAIL lines are written bottom-up by <c>Messages/ChainWalk</c> in
/// <c>src/Policies</c>. This sentence reads like a stack trace read top-down: <c>Chain: statement entered by session user
/// "alice" -> view mallory.v_bait owned by "mallory" (culprit) -> function mallory.f_evil(integer) owned by "mallory" ->
/// ALTER ROLE executed as "alice".</c> Statement texts stay out of it; nested statements appear by command tag.
/// </para>
/// <para>
/// Phases appear where they explain the link: a function called while planning (EXPLAIN runs it without executing
/// anything), during parse analysis or at commit, a function inlined while planning, and a root that is a plan, a
/// COMMIT or a parse analysis. The file is
/// compiled into the Policies and Replayer test projects.
/// </para>
/// </remarks>
internal static class ChainSentence
{
    /// <summary>The complete DETAIL sentence for <paramref name="operation"/>, marking the entry at
    /// <paramref name="culpritIndex"/>.</summary>
    public static string Format(Operation operation, int? culpritIndex = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var chain = operation.Chain;
        var executed = $"{operation.Command} executed as {operation.Executor.Quoted}";
        var parts = new List<string>(chain.Count + 1);
        for (var i = 0; i < chain.Count; i++)
        {
            var entry = chain[i];
            var isCulprit = i == culpritIndex;
            if (i == chain.Count - 1 && entry.Kind is ChainEntryKind.Query or ChainEntryKind.Utility)
            {
                parts.Add(isCulprit
                    ? $"{operation.Command} issued by {entry.Owner.Quoted} (culprit) and executed as {operation.Executor.Quoted}"
                    : executed);
                continue;
            }

            parts.Add((i == 0 ? DescribeRoot(entry) : Describe(entry)) + Marks(entry.Candidate, isCulprit));
            if (i == chain.Count - 1)
            {
                parts.Add(executed);
            }
        }

        return $"Chain: {string.Join(" -> ", parts)}.";
    }

    /// <summary>One entry as a phrase: <c>view mallory.v_bait owned by "mallory"</c>.</summary>
    public static string Describe(ChainEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var owner = entry.Owner.Quoted;
        return entry.Kind switch
        {
            ChainEntryKind.Statement when entry.Synthetic => $"{entry.ObjectName} owned by {owner}",
            ChainEntryKind.Statement => entry.Phase switch
            {
                ChainPhase.Commit => $"COMMIT entered by session user {owner}",
                ChainPhase.Parse => $"parse analysis of a statement entered by session user {owner}",
                ChainPhase.Planning => $"plan of a statement entered by session user {owner}",
                _ => $"statement entered by session user {owner}",
            },
            ChainEntryKind.View => $"view {entry.ObjectName} owned by {owner}",
            ChainEntryKind.Function when entry.Inlined => $"function {entry.ObjectName} owned by {owner} inlined while planning",
            ChainEntryKind.Function => $"function {entry.ObjectName} owned by {owner}{CalledWhile(entry.Phase)}",
            ChainEntryKind.Trigger => $"trigger {entry.ObjectName} owned by {owner}",
            ChainEntryKind.Query or ChainEntryKind.Utility => $"nested {entry.Command ?? "statement"} owned by {owner}",
            ChainEntryKind.Policy => $"row security {entry.ObjectName} owned by {owner}",
            ChainEntryKind.Default => $"column {entry.ObjectName} owned by {owner}",
            ChainEntryKind.GeneratedColumn => $"expression of {entry.ObjectName} owned by {owner}",
            ChainEntryKind.IndexExpression => $"index expression of {entry.ObjectName} owned by {owner}",
            ChainEntryKind.IndexPredicate => $"index predicate of {entry.ObjectName} owned by {owner}",
            ChainEntryKind.Aggregate => $"aggregate {entry.ObjectName} owned by {owner}",
            ChainEntryKind.Operator => $"operator {entry.ObjectName} owned by {owner}",
            ChainEntryKind.Cast => $"cast {entry.ObjectName} whose function is owned by {owner}",
            ChainEntryKind.TypeIo => $"type {entry.ObjectName} owned by {owner}",
            ChainEntryKind.EventTrigger => $"event trigger {entry.ObjectName} owned by {owner}",
            ChainEntryKind.ForeignKey => $"{entry.ObjectName} run as {owner}",
            ChainEntryKind.PreparedStatement => entry.ObjectName.Length == 0
                ? $"unnamed prepared statement prepared by {owner}"
                : $"prepared statement {entry.ObjectName} prepared by {owner}",
            ChainEntryKind.Maintenance => $"{entry.Command ?? "maintenance"} running as {owner}",
            _ => $"{entry.ObjectName} owned by {owner}",
        };
    }

    /// <summary>The first entry of a chain: like <see cref="Describe"/>, except that a maintenance root is a
    /// background process started by its session user.</summary>
    private static string DescribeRoot(ChainEntry entry) => entry.Kind == ChainEntryKind.Maintenance
        ? $"{entry.Command ?? "maintenance"} started by session user {entry.Owner.Quoted}"
        : Describe(entry);

    private static string CalledWhile(ChainPhase phase) => phase switch
    {
        ChainPhase.Planning => " called while planning",
        ChainPhase.Parse => " called during parse analysis",
        ChainPhase.Commit => " called at commit",
        _ => "",
    };

    private static string Marks(bool candidate, bool culprit) => (candidate, culprit) switch
    {
        (true, true) => " (candidate, culprit)",
        (true, false) => " (candidate)",
        (false, true) => " (culprit)",
        _ => "",
    };
}
