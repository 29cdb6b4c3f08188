using TraceLab.Policies;
using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Tests.Support;

/// <summary>A replay's outcomes by seq and policy, for counterfactual assertions.</summary>
internal sealed class OutcomeTable(ReplayReport report)
{
    public ReplayReport Report { get; } = report;

    public static async Task<OutcomeTable> ReplayAsync(TransactionScript script, params IPolicy[] policies)
    {
        var report = await new ReplayEngine(policies).ReplayAsync([script.ToSession()], TestContext.Current.CancellationToken);
        return new OutcomeTable(report);
    }

    /// <summary>The outcome of the operation started at <paramref name="seq"/> under <paramref name="policy"/>.</summary>
    public Outcome this[long seq, string policy] => Verdict(seq, policy).Outcome;

    public PolicyVerdict Verdict(long seq, string policy) =>
        Report.Operations.Single(o => o.Operation.Seq == seq).Verdicts.Single(v => v.Policy == policy);

    /// <summary>Every operation as <c>seq command: outcome</c> under <paramref name="policy"/>, in order.</summary>
    public IReadOnlyList<string> Lines(string policy) =>
        [.. Report.Operations.Select(o => $"{o.Operation.Seq} {o.Operation.Command}: {o.Verdicts.Single(v => v.Policy == policy).Outcome}")];
}
