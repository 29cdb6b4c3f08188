namespace TraceLab.Policies;

/// <summary>Writes a provenance chain as the sentence a DETAIL line carries.</summary>
/// <remarks>
/// The sentence runs from the statement the session user entered down to the command, so a reader can follow it like
/// a stack trace read top-down: <c>Chain: statement entered by session user "alice" -> view mallory.v_bait owned by
/// "mallory" (culprit) -> function mallory.f_evil(integer) owned by "mallory" -> ALTER ROLE executed as "alice".</c>
/// Statement texts stay out of it (they can be 8 kB and may be sensitive); nested statements appear by command tag.
/// Every policy that names a culprit should use it so all verdicts read alike.
/// </remarks>
public static class ChainSentence
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

            parts.Add(Describe(entry) + Marks(entry.Candidate, isCulprit));
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
            ChainEntryKind.Statement => $"statement entered by session user {owner}",
            ChainEntryKind.View => $"view {entry.ObjectName} owned by {owner}",
            ChainEntryKind.Function => $"function {entry.ObjectName} owned by {owner}",
            ChainEntryKind.Trigger => $"trigger {entry.ObjectName} owned by {owner}",
            ChainEntryKind.Query or ChainEntryKind.Utility => $"nested {entry.Command ?? "statement"} owned by {owner}",
            _ => $"{entry.ObjectName} owned by {owner}",
        };
    }

    private static string Marks(bool candidate, bool culprit) => (candidate, culprit) switch
    {
        (true, true) => " (candidate, culprit)",
        (true, false) => " (candidate)",
        (false, true) => " (culprit)",
        _ => "",
    };
}
