using TraceLab.Policies;

namespace TraceLab.Replayer.Tests.Support;

/// <summary>Chains as one line per entry, so a test can state a whole chain at once.</summary>
internal static class ChainAssertions
{
    public static string[] Lines(this Operation operation) =>
    [
        .. operation.Chain.Select(e =>
            $"{e.Kind} {e.ObjectName} ({e.Owner.DisplayName}){(e.Candidate ? " candidate" : "")}{(e.Synthetic ? " synthetic" : "")}"),
    ];
}
