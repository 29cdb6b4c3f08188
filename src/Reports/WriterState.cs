using TraceLab.Replayer.Output;

namespace TraceLab.Reports;

/// <summary>Enforces the order of <see cref="IReportWriter"/> calls: begin once, write any number of operations, end
/// once.</summary>
internal sealed class WriterState
{
    private int stage;

    public ReportHeader Header { get; private set; } = new(ReportKind.Replay, [], []);

    /// <summary>The <c>session</c> column's label of each session of the report.</summary>
    public SessionLabels Sessions { get; private set; } = new(null);

    public void Begin(ReportHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (stage != 0)
        {
            throw new InvalidOperationException("BeginAsync can only be called once, before any operation.");
        }

        Header = header;
        Sessions = new SessionLabels(header.Sessions);
        stage = 1;
    }

    public void Write(ReplayedOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (stage != 1)
        {
            throw new InvalidOperationException(stage == 0
                ? "BeginAsync must be called before WriteAsync."
                : "WriteAsync cannot be called after EndAsync.");
        }
    }

    public void End(ReportFooter footer)
    {
        ArgumentNullException.ThrowIfNull(footer);
        if (stage != 1)
        {
            throw new InvalidOperationException(stage == 0
                ? "BeginAsync must be called before EndAsync."
                : "EndAsync can only be called once.");
        }

        stage = 2;
    }
}
