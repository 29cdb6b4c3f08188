namespace TraceLab.Policies.DdlNeedsTrustedChain;

/// <summary>Words the error for an untrusted chain the way Haas proposed it.</summary>
/// <remarks>
/// "user "andres" may not induce user "rhaas" to execute "ALTER USER"" rather than "trust violation": the first makes
/// a reader alarmed, or, for a false positive, tells them where things went wrong. The DETAIL names every link and
/// marks the culprit; the HINT says what would make the chain trusted, in terms of the culprit's kind: who has to own
/// (or prepare, or enter) it, or what not to do as the executor.
/// </remarks>
internal static class TrustViolation
{
    public static Verdict Report(Operation operation, int culpritIndex)
    {
        var culprit = operation.Chain[culpritIndex];
        var executor = operation.Executor;
        var message = $"{culprit.Owner.Mention} may not induce {executor.Mention} to execute \"{operation.Command}\"";
        var detail = ChainSentence.Format(operation, culpritIndex);
        if (operation.Chain.Any(e => e.Candidate))
        {
            detail += " Entries marked (candidate) are alternative sources of the same call; each of them must be trusted.";
        }

        return Verdict.Block(message, detail, Hint(culprit, culpritIndex, executor), culpritIndex);
    }

    /// <summary><c>domain mallory.positive_int</c> out of <c>domain mallory.positive_int check positive_int_check</c>.</summary>
    private static string Domain(string name)
    {
        var check = name.LastIndexOf(" check ", StringComparison.Ordinal);
        return check > 0 ? name[..check] : name;
    }

    private static string Hint(ChainEntry culprit, int index, RoleFacts executor)
    {
        var trusted = $"Have a role that {executor.Quoted} trusts";
        var asExecutor = $"or do not use it as {executor.Quoted}.";
        var name = culprit.ObjectName;
        return culprit.Kind switch
        {
            ChainEntryKind.Statement when culprit.Synthetic =>
                $"The recording lacks frame {culprit.Seq}, so the chain cannot be verified; "
                + "record the session again without dropped frames.",
            ChainEntryKind.Statement =>
                $"{trusted} enter the statement, or do not run it with the privileges of {executor.Quoted}.",
            ChainEntryKind.View => $"{trusted} own view {name}, {asExecutor}",
            ChainEntryKind.Function => $"{trusted} own function {name}, {asExecutor}",
            ChainEntryKind.Trigger => $"{trusted} own the table of trigger {name}, {asExecutor}",
            ChainEntryKind.Rule or ChainEntryKind.CheckConstraint => $"{trusted} own the table of {name}, {asExecutor}",
            ChainEntryKind.Policy => $"{trusted} own the table of row security {name}, {asExecutor}",
            ChainEntryKind.Default => $"{trusted} own the table of column {name}, {asExecutor}",
            ChainEntryKind.GeneratedColumn => $"{trusted} own the table of {name}, {asExecutor}",
            ChainEntryKind.IndexExpression or ChainEntryKind.IndexPredicate =>
                $"{trusted} own the table of {name}, {asExecutor}",
            ChainEntryKind.DomainConstraint => $"{trusted} own {Domain(name)}, {asExecutor}",
            ChainEntryKind.Aggregate => $"{trusted} own aggregate {name}, {asExecutor}",
            ChainEntryKind.Operator =>
                $"{trusted} own operator {name} (an operator's owner need not own its function), {asExecutor}",
            ChainEntryKind.Cast => $"{trusted} own the function of cast {name}, or do not use the cast as {executor.Quoted}.",
            ChainEntryKind.TypeIo => $"{trusted} own type {name}, {asExecutor}",
            ChainEntryKind.EventTrigger =>
                $"{trusted} own event trigger {name}, or do not run the commands it fires on as {executor.Quoted}.",
            ChainEntryKind.ForeignKey =>
                $"{trusted} own the tables of the foreign key, or do not modify them as {executor.Quoted}.",
            ChainEntryKind.PreparedStatement => name.Length == 0
                ? $"{trusted} prepare the statement, or do not execute it as {executor.Quoted}."
                : $"{trusted} prepare statement {name}, or do not execute it as {executor.Quoted}.",
            ChainEntryKind.Maintenance when index == 0 =>
                $"{trusted} start {culprit.Command ?? "the maintenance"}, or do not run its code with the privileges of {executor.Quoted}.",
            ChainEntryKind.Maintenance =>
                $"{trusted} own the tables {culprit.Command ?? "the maintenance command"} processes, "
                + $"or do not run it as {executor.Quoted}.",
            _ => $"{trusted} own the code that issues the command, or do not run it as {executor.Quoted}.",
        };
    }
}
