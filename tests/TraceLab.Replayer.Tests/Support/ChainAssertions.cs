using TraceLab.Policies.Model;
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

    /// <summary>Kind (as reports print it), object, owner with the entry's marks, and phase of every entry:
    /// <c>view mallory.v (mallory) rewrite</c>, <c>function mallory.wrap() (mallory, inlined) planning</c>.</summary>
    public static string[] Trail(this Operation operation) =>
    [
        .. operation.Chain.Select(e =>
            $"{ReportNames.Of(e.Kind)} {e.ObjectName} ({e.Owner.DisplayName}{Marks(e)}) {ReportNames.Of(e.Phase)}"),
    ];

    // Spelled out here rather than borrowed from the reports, so the engine's tests do not depend on them.
    private static string Marks(ChainEntry entry) =>
        (entry.Candidate ? ", candidate" : "") + (entry.Inlined ? ", " + ReportNames.Inlined : "");
}
