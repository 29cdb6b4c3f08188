namespace TraceLab.Replayer.Output;

/// <summary>Keeps every operation it is given: what <see cref="ReplayEngine.ReplayAsync(IEnumerable{RecordedSession}, CancellationToken)"/>
/// returns, for tests and short replays only.</summary>
internal sealed class CollectingWriter : IReportWriter
{
    public List<ReplayedOperation> Operations { get; } = [];

    public Task BeginAsync(ReportHeader header, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task WriteAsync(ReplayedOperation operation, CancellationToken cancellationToken)
    {
        Operations.Add(operation);
        return Task.CompletedTask;
    }

    public Task EndAsync(ReportFooter footer, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
