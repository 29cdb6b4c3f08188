namespace TraceLab.Replayer.Output;

/// <summary>Writes one report format while a replay streams: the header, each operation as it is replayed, then the
/// footer.</summary>
/// <remarks>
/// Memory is bounded by what a format must hold back, not by the trace: JSON, JUnit and Markdown write operations as
/// they come; formats that need the whole picture first (the console table, HTML) keep a bounded selection (the
/// operations some policy did not simply allow, up to a limit they state in the report). Output is deterministic: the
/// same input gives the same bytes (no clock, no machine names).
/// </remarks>
public interface IReportWriter : IAsyncDisposable
{
    Task BeginAsync(ReportHeader header, CancellationToken cancellationToken);

    Task WriteAsync(ReplayedOperation operation, CancellationToken cancellationToken);

    Task EndAsync(ReportFooter footer, CancellationToken cancellationToken);
}
