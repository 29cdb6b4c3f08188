using TraceLab.Policies.Model;

namespace TraceLab.Policies.Messages;

/// <summary>Writes the DETAIL of a trust violation: the chain walked bottom-up, from the code that issued the operation
/// to the statement the session user entered, with the culprit marked.</summary>
/// <remarks>
/// <para>
/// <c>Function mallory.f_evil(integer) owned by "mallory" was called from view mallory.v owned by "mallory" (where
/// "mallory" entered the chain), referenced by the statement entered by session user "alice".</c> Each link says how it
/// relates to the one above it, by kind: a view is "referenced by", a function "called from", a trigger "fired by", a
/// default, generated column or index code "evaluated for", a CHECK or domain constraint "checked for", a rule or
/// row-security policy "applied to", an operator, cast, aggregate or type "used by", a prepared statement "executed
/// by", a nested query or utility command "run by", a foreign key or maintenance command "run for". Phases appear on
/// the link to the root, where they say what the session user's statement was doing: code run by the planner was
/// "called while planning" the statement, by parse analysis "during parse analysis of" it, at commit "at" the COMMIT.
/// A function the planner inlined was "inlined into" the entry above it ("inlined while planning" the statement).
/// </para>
/// <para>
/// The walk starts at the code that issued the operation: for a nested statement the entry above its own (the
/// statement is the command the message names), unless that statement's own entry is the culprit; for a function call
/// the function. Statement texts stay out (they can be 8 kB and may be sensitive): nested statements appear by tag.
/// </para>
/// </remarks>
internal static class ChainWalk
{
    public static string Describe(Operation operation, int culprit)
    {
        var chain = operation.Chain;
        var start = chain.Count - 1;
        if (start > 0 && chain[start].Kind is ChainEntryKind.Query or ChainEntryKind.Utility && culprit != start)
        {
            start--;
        }

        var sentence = start == 0
            ? RootAlone(chain[0], culprit == 0)
            : Walk(chain, start, culprit);
        if (chain.Any(e => e.Candidate))
        {
            sentence += " Entries marked (candidate) are alternative sources of the same call; each of them must be trusted.";
        }

        return sentence;
    }

    private static string Walk(IReadOnlyList<ChainEntry> chain, int start, int culprit)
    {
        var text = new System.Text.StringBuilder();
        text.Append(Capitalized(Noun(chain[start], start))).Append(Marks(chain[start], start == culprit));
        for (var i = start; i > 0; i--)
        {
            if (chain[i].Candidate && chain[i - 1].Candidate)
            {
                // Alternatives the recording cannot tell apart, not one inside the other.
                text.Append(" or ").Append(Noun(chain[i - 1], i - 1)).Append(Marks(chain[i - 1], i - 1 == culprit));
                continue;
            }

            text.Append(i == start ? " was " : ", ")
                .Append(Link(chain[i], chain[i - 1]))
                .Append(' ')
                .Append(Noun(chain[i - 1], i - 1))
                .Append(Marks(chain[i - 1], i - 1 == culprit));
        }

        return text.Append('.').ToString();
    }

    private static string RootAlone(ChainEntry root, bool culprit)
    {
        var owner = root.Owner.Quoted;
        var mark = culprit ? $" ({Entered(root)})" : "";
        if (root.Synthetic)
        {
            return $"The chain starts at {root.ObjectName}, whose owner the recording lacks{mark}.";
        }

        return root.Kind == ChainEntryKind.Maintenance
            ? $"{Capitalized(root.Command ?? "maintenance")} was started by session user {owner}{mark}."
            : root.Phase switch
            {
                ChainPhase.Commit => $"The COMMIT was entered by session user {owner}{mark}.",
                ChainPhase.Planning => $"The statement being planned was entered by session user {owner}{mark}.",
                ChainPhase.Parse => $"The statement being analysed was entered by session user {owner}{mark}.",
                _ => $"The statement was entered by session user {owner}{mark}.",
            };
    }

    /// <summary>How <paramref name="entry"/> relates to <paramref name="parent"/>: <c>called from</c>, <c>called while
    /// planning</c>, …</summary>
    private static string Link(ChainEntry entry, ChainEntry parent)
    {
        var (done, preposition) = entry.Kind switch
        {
            ChainEntryKind.View => ("referenced", "by"),
            ChainEntryKind.Function when entry.Inlined => ("inlined", "into"),
            ChainEntryKind.Function => ("called", "from"),
            ChainEntryKind.Trigger or ChainEntryKind.EventTrigger => ("fired", "by"),
            ChainEntryKind.Default or ChainEntryKind.GeneratedColumn or ChainEntryKind.IndexExpression
                or ChainEntryKind.IndexPredicate => ("evaluated", "for"),
            ChainEntryKind.CheckConstraint or ChainEntryKind.DomainConstraint => ("checked", "for"),
            ChainEntryKind.Rule or ChainEntryKind.Policy => ("applied", "to"),
            ChainEntryKind.Operator or ChainEntryKind.Cast or ChainEntryKind.Aggregate or ChainEntryKind.TypeIo => ("used", "by"),
            ChainEntryKind.PreparedStatement => ("executed", "by"),
            ChainEntryKind.Query or ChainEntryKind.Utility => ("run", "by"),
            ChainEntryKind.ForeignKey or ChainEntryKind.Maintenance => ("run", "for"),
            _ => ("reached", "from"),
        };
        if (parent.Kind != ChainEntryKind.Statement || parent.Synthetic)
        {
            return $"{done} {preposition}";
        }

        // Phases are named on the link to the root, where they say what the session user's statement was doing.
        return (entry.Phase, parent.Phase) switch
        {
            (ChainPhase.Planning, _) or (_, ChainPhase.Planning) => $"{done} while planning",
            (ChainPhase.Parse, _) or (_, ChainPhase.Parse) => $"{done} during parse analysis of",
            (ChainPhase.Commit, _) or (_, ChainPhase.Commit) => $"{done} at",
            _ => $"{done} {preposition}",
        };
    }

    /// <summary>The entry as a noun phrase: <c>view mallory.v owned by "mallory"</c>.</summary>
    private static string Noun(ChainEntry entry, int index)
    {
        var owner = entry.Owner.Quoted;
        var name = entry.ObjectName;
        if (entry.Synthetic)
        {
            return $"{name} owned by {owner}";
        }

        return entry.Kind switch
        {
            ChainEntryKind.Statement when index == 0 => entry.Phase == ChainPhase.Commit
                ? $"the COMMIT entered by session user {owner}"
                : $"the statement entered by session user {owner}",
            ChainEntryKind.Maintenance when index == 0 => $"{entry.Command ?? "maintenance"} started by session user {owner}",
            ChainEntryKind.Maintenance => $"{entry.Command ?? "maintenance"} running as {owner}",
            ChainEntryKind.View => $"view {name} owned by {owner}",
            ChainEntryKind.Function => $"function {name} owned by {owner}",
            ChainEntryKind.Trigger => $"trigger {name} owned by {owner}",
            ChainEntryKind.EventTrigger => $"event trigger {name} owned by {owner}",
            ChainEntryKind.Query or ChainEntryKind.Utility => $"nested {entry.Command ?? "statement"} issued by {owner}",
            ChainEntryKind.Policy => $"row security {name} owned by {owner}",
            ChainEntryKind.IndexExpression => $"expression of {name} owned by {owner}",
            ChainEntryKind.IndexPredicate => $"predicate of {name} owned by {owner}",
            ChainEntryKind.Aggregate => $"aggregate {name} owned by {owner}",
            ChainEntryKind.Operator => $"operator {name} owned by {owner}",
            ChainEntryKind.Cast => $"cast {name} whose function is owned by {owner}",
            ChainEntryKind.TypeIo => $"type {name} owned by {owner}",
            ChainEntryKind.ForeignKey => $"{name} run as {owner}",
            ChainEntryKind.PreparedStatement => name.Length == 0
                ? $"the unnamed prepared statement prepared by {owner}"
                : $"prepared statement {name} prepared by {owner}",
            _ => $"{name} owned by {owner}",
        };
    }

    private static string Marks(ChainEntry entry, bool culprit) => (entry.Candidate, culprit) switch
    {
        (true, true) => $" (candidate; {Entered(entry)})",
        (true, false) => " (candidate)",
        (false, true) => $" ({Entered(entry)})",
        _ => "",
    };

    private static string Entered(ChainEntry entry) => $"where {entry.Owner.Quoted} entered the chain";

    internal static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
