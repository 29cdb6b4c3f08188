using System.Text.Json;

namespace TraceLab.IntegrationTests.Support;

/// <summary>Readers for the documented JSON form of a replayed operation (src/Reports/JSON.md).</summary>
internal static class ReplayedJson
{
    public static string Command(this JsonElement operation) => operation.GetProperty("command").GetString() ?? "";

    public static string Executor(this JsonElement operation) => operation.GetProperty("executor").GetString() ?? "";

    public static string Decision(this JsonElement operation, string policy) =>
        operation.GetProperty("verdicts").GetProperty(policy).GetProperty("decision").GetString() ?? "";

    /// <summary>The policy's own verdict: <c>verdict</c> when <c>decision</c> is a counterfactual outcome, else
    /// <c>decision</c>.</summary>
    public static string OwnVerdict(this JsonElement operation, string policy)
    {
        var verdict = operation.GetProperty("verdicts").GetProperty(policy);
        return (verdict.TryGetProperty("verdict", out var own) ? own : verdict.GetProperty("decision")).GetString() ?? "";
    }

    public static string? Message(this JsonElement operation, string policy) =>
        operation.GetProperty("verdicts").GetProperty(policy).GetProperty("message").GetString();

    public static List<ChainLink> Chain(this JsonElement operation) =>
        [.. operation.GetProperty("chain").EnumerateArray().Select(e => new ChainLink(
            e.GetProperty("kind").GetString() ?? "",
            e.GetProperty("object").GetString() ?? "",
            e.GetProperty("owner").GetString() ?? "",
            e.TryGetProperty("phase", out var phase) ? phase.GetString() ?? "" : "",
            e.TryGetProperty("inlined", out var inlined) && inlined.GetBoolean()))];
}

/// <summary>One chain entry as JSON shows it.</summary>
internal sealed record ChainLink(string Kind, string Object, string Owner, string Phase, bool Inlined = false)
{
    public override string ToString() => $"{Kind} {Object} ({Owner}{(Inlined ? ", inlined" : "")}, {Phase})";
}
