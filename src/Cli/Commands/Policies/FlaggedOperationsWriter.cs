using TraceLab.Policies.Model;
using TraceLab.Policies.Suggesting;
using TraceLab.Replayer;
using TraceLab.Replayer.Output;

namespace TraceLab.Cli.Commands.Policies;

/// <summary>A report writer that keeps, of a replay under one policy, the operations it blocked or warned about: each
/// distinct one once (<see cref="FlaggedOperations"/>).</summary>
/// <remarks>The policy's own verdict on each operation counts, not its counterfactual outcome: the traffic is declared
/// good, so every recorded operation ran and must pass, including those an earlier block would have kept from running.</remarks>
internal sealed class FlaggedOperationsWriter : IReportWriter
{
    public FlaggedOperations Flagged { get; } = new();

    /// <summary>Operations replayed, flagged or not.</summary>
    public long Operations { get; private set; }

    public Task BeginAsync(ReportHeader header, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task WriteAsync(ReplayedOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        Operations++;
        if (operation.Verdicts[0].Verdict.Decision != Decision.Allowed)
        {
            Flagged.Add(operation.Operation);
        }

        return Task.CompletedTask;
    }

    public Task EndAsync(ReportFooter footer, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
