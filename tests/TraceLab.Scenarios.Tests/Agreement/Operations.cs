using TraceLab.Replayer;
using TraceLab.Scenarios.Agreement;

namespace TraceLab.Scenarios.Tests.Agreement;

/// <summary>Hand-built operations for the agreement tests: a top-level statement and what runs under it.</summary>
internal static class Operations
{
    public static ComparedOperation Statement(string text) =>
        new(text.Split(' ')[0].ToUpperInvariant(), [new ChainLink("statement", text, "alice", "execution", StatementText: true)]);

    public static ComparedOperation Under(ComparedOperation parent, string command, string kind, string name, string owner = "mallory") =>
        new(command, [.. parent.Chain, new ChainLink(kind, name, owner, kind == "utility" ? "utility" : "execution")]);

    public static PredictedOperation Predicted(ComparedOperation operation, Outcome outcome) => new(operation, outcome);

    public static EnforcedOperation Enforced(ComparedOperation operation, EnforcedOutcome outcome) => new(operation, outcome);
}
