
namespace TraceLab.Replayer.Shapes;

/// <summary>What operations of the same kind have in common, so that a week of traffic fits on a screen: the kinds of
/// their chain entries, each entry's owner relative to the executing user, which entries the planner inlined, and the
/// command.</summary>
/// <param name="Command">The command tag (or EXECUTE FUNCTION, or the role switch).</param>
/// <param name="Kinds">The chain's entry kinds from the root down, as reports spell them (<c>statement</c>, <c>view</c>).</param>
/// <param name="Owners">Per entry, its owner relative to the executing user: <c>executor</c> (the executing user itself),
/// <c>superuser</c>, <c>member</c> (a role the executing user is a member of), <c>other</c> or <c>unknown</c>.</param>
public sealed record ChainShape(string Command, IReadOnlyList<string> Kinds, IReadOnlyList<string> Owners)
{
    /// <summary>The bucket for operations whose shape came after the replay's limit on distinct shapes
    /// (<see cref="ReplayOptions.MaxShapes"/>): no command, no entries.</summary>
    public static ChainShape Other { get; } = new("(other shapes)", [], []);

    /// <summary>The indexes (into <see cref="Kinds"/>, in order) of the entries marked inlined
    /// (<see cref="TraceLab.Policies.Model.ChainEntry.Inlined"/>): an inlined call and a call that ran are different shapes.</summary>
    public IReadOnlyList<int> Inlined { get; init; } = [];

    /// <summary>Whether this is <see cref="Other"/>.</summary>
    public bool IsOther => ReferenceEquals(this, Other);

    /// <summary>A one-line rendering: <c>ALTER ROLE: statement(executor) > view(other) > function(other) > utility(other)</c>,
    /// an inlined entry as <c>function(other, inlined)</c> (<c>(other shapes)</c> for <see cref="Other"/>).</summary>
    public string Text => Kinds.Count == 0
        ? Command
        : $"{Command}: {string.Join(" > ", Kinds.Select((k, i) => $"{k}({Owners[i]}{(Inlined.Contains(i) ? ", " + ReportNames.Inlined : "")})"))}";
}

/// <summary>The operations of one shape: how many there were, their outcomes per policy, and the first of them as an
/// example.</summary>
public sealed record ShapeSummary(ChainShape Shape, long Operations, IReadOnlyList<PolicyCounts> Policies, ReplayedOperation Example);
