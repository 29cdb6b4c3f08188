using TraceLab.Replayer.Output;

namespace TraceLab.Replayer.Tests.Support;

/// <summary>A report writer that remembers every call, in order, optionally completing writes asynchronously.</summary>
internal sealed class RecordingWriter(string name = "writer", bool asynchronous = false) : IReportWriter
{
    private readonly List<string> calls = [];

    public IReadOnlyList<string> Calls => calls;

    public ReportHeader? Header { get; private set; }

    public List<ReplayedOperation> Operations { get; } = [];

    public ReportFooter? Footer { get; private set; }

    public bool Disposed { get; private set; }

    public List<string>? SharedLog { get; init; }

    public Task BeginAsync(ReportHeader header, CancellationToken cancellationToken)
    {
        Header = header;
        Log("begin");
        return Task.CompletedTask;
    }

    public async Task WriteAsync(ReplayedOperation operation, CancellationToken cancellationToken)
    {
        if (asynchronous)
        {
            await Task.Yield();
        }

        Operations.Add(operation);
        Log($"{operation.Operation.SessionId}:{operation.Operation.Seq}");
    }

    public Task EndAsync(ReportFooter footer, CancellationToken cancellationToken)
    {
        Footer = footer;
        Log("end");
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }

    private void Log(string call)
    {
        calls.Add(call);
        SharedLog?.Add($"{name} {call}");
    }
}
