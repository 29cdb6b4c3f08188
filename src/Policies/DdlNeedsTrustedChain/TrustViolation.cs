namespace TraceLab.Policies.DdlNeedsTrustedChain;

/// <summary>Words the error for an untrusted chain the way Haas proposed it.</summary>
/// <remarks>
/// "user "andres" may not induce user "rhaas" to execute "ALTER USER"" rather than "trust violation": the first makes
/// a reader alarmed, or, for a false positive, tells them where things went wrong. The DETAIL names every link and
/// marks the culprit; the HINT says what would make the chain trusted.
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

        return Verdict.Block(message, detail, Hint(culprit, executor), culpritIndex);
    }

    private static string Hint(ChainEntry culprit, RoleFacts executor)
    {
        var trusted = $"Have a role that {executor.Quoted} trusts";
        return culprit.Kind switch
        {
            ChainEntryKind.Statement when culprit.Synthetic =>
                $"The recording lacks frame {culprit.Seq}, so the chain cannot be verified; "
                + "record the session again without dropped frames.",
            ChainEntryKind.Statement =>
                $"{trusted} enter the statement, or do not run it with the privileges of {executor.Quoted}.",
            ChainEntryKind.View or ChainEntryKind.Function =>
                $"{trusted} own {KindWord(culprit.Kind)} {culprit.ObjectName}, or do not use it as {executor.Quoted}.",
            ChainEntryKind.Trigger =>
                $"{trusted} own the table of trigger {culprit.ObjectName}, or do not use it as {executor.Quoted}.",
            _ => $"{trusted} own the code that issues the command, or do not run it as {executor.Quoted}.",
        };
    }

    private static string KindWord(ChainEntryKind kind) => kind == ChainEntryKind.View ? "view" : "function";
}
