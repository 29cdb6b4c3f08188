using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Provenance;

namespace TraceLab.Replayer.Tests.Support;

/// <summary>Replays a scripted session and picks operations out of it.</summary>
internal static class Replays
{
    public const string SessionId = "4242-1780000000000000";

    public static List<Operation> Operations(SessionScript script, LeaderSessionResolver? leaderResolver = null) =>
        [.. ProvenanceBuilder.Build(SessionId, script.Frames, leaderResolver)];

    /// <summary>The last operation with the command tag <paramref name="command"/>.</summary>
    public static Operation Last(SessionScript script, string command = "ALTER ROLE") =>
        Operations(script).Last(o => o.Command == command);

    public static Verdict Ddl(Operation operation) => BuiltInPolicies.DdlNeedsTrustedChain.Evaluate(operation);

    /// <summary>The two policies the replay tests were written against: <c>permissive</c> and
    /// <c>ddl-needs-trusted-chain</c>, in that order (the full catalog has its own tests).</summary>
    public static IReadOnlyList<IPolicy> Classic => [BuiltInPolicies.Permissive, BuiltInPolicies.DdlNeedsTrustedChain];
}
