using TraceLab.Policies;
using TraceLab.Replayer;
using TraceLab.Replayer.Output;
using TraceLab.Replayer.Tests.Support;
using TraceLab.Reports;

namespace TraceLab.Reports.Tests;

using Scenarios = TraceLab.Reports.Tests.Support.ReportScenarios;

/// <summary>A realistic replay for report tests and the README screenshot: the three demo sessions and two more attacks,
/// under three policies, streamed through a writer the way the CLI streams it.</summary>
/// <remarks>Uses no test framework, so <c>scripts/report-sample</c> links it to build the screenshot's report.</remarks>
internal static class ReportSample
{
    public const string RuleSessionId = "4245-1780000001200000";
    public const string DefinerSessionId = "4246-1780000001500000";

    /// <summary>permissive, ddl-needs-trusted-chain and strict-trusted-chain: the last blocks earlier than the second, so
    /// its later operations are not reached.</summary>
    public static IReadOnlyList<IPolicy> Policies =>
        [BuiltInPolicies.Permissive, BuiltInPolicies.DdlNeedsTrustedChain, BuiltInPolicies.Get("strict-trusted-chain")];

    public static IReadOnlyList<RecordedSession> Sessions() =>
    [
        Version1Sessions.ViewAttack().ToSession(Version1Sessions.ViewSessionId),
        Version1Sessions.TriggerAttack().ToSession(Version1Sessions.TriggerSessionId),
        Version1Sessions.BenignBob().ToSession(Version1Sessions.BenignSessionId),
        Scenarios.RuleOnInsert(trusted: false).ToSession(RuleSessionId),
        Scenarios.SecurityDefiner(trusted: false).ToSession(DefinerSessionId),
    ];

    /// <summary>Replays the sample into a writer of <paramref name="format"/> over <paramref name="output"/>.</summary>
    public static async Task WriteAsync(
        string format,
        Stream output,
        ReportKind kind = ReportKind.Replay,
        IReadOnlyList<Expectation>? expectations = null,
        ReportOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        await using var writer = ReportFormats.Create(format, output, options);
        await new ReplayEngine(Policies).RunAsync(
            Sessions(),
            [writer],
            new ReplayOptions { Kind = kind, Expectations = expectations ?? [] },
            cancellationToken);
    }

    /// <summary>The report of <paramref name="format"/> as bytes.</summary>
    public static async Task<byte[]> BytesAsync(
        string format,
        ReportKind kind = ReportKind.Replay,
        IReadOnlyList<Expectation>? expectations = null,
        ReportOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        using var output = new MemoryStream();
        await WriteAsync(format, output, kind, expectations, options, cancellationToken);
        return output.ToArray();
    }
}
