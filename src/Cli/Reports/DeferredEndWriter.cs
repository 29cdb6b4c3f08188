using TraceLab.Replayer;
using TraceLab.Replayer.Output;

namespace TraceLab.Cli.Reports;

/// <summary>Passes a report through to <paramref name="inner"/> but holds its end back until <see cref="FinishAsync"/>.</summary>
/// <remarks>The console table is drawn at the end of the report; drawn while the progress bar is still live on the same
/// terminal, the two would overwrite each other. Holding the end until the bar is cleared keeps both intact.</remarks>
internal sealed class DeferredEndWriter(IReportWriter inner) : IReportWriter
{
    private ReportFooter? footer;

    public Task BeginAsync(ReportHeader header, CancellationToken cancellationToken) => inner.BeginAsync(header, cancellationToken);

    public Task WriteAsync(ReplayedOperation operation, CancellationToken cancellationToken) =>
        inner.WriteAsync(operation, cancellationToken);

    public Task EndAsync(ReportFooter footer, CancellationToken cancellationToken)
    {
        this.footer = footer;
        return Task.CompletedTask;
    }

    /// <summary>Ends the inner report with the footer the replay ended with.</summary>
    public Task FinishAsync(CancellationToken cancellationToken) =>
        footer is null ? Task.CompletedTask : inner.EndAsync(footer, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
