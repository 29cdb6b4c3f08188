using TraceLab.Recorder.Hosting;
using TraceLab.Store;

namespace TraceLab.Scenarios.Running;

/// <summary>The one Recorder of a suite run: ingests the spool directory for every scenario in turn, and reads the
/// recorded sessions back.</summary>
/// <remarks>Ingest is safe with several ingesters on one spool directory, but one at a time within the process
/// costs nothing: a scenario's ingest also picks up the finished files of the others.</remarks>
internal sealed class SuiteRecorder(RecorderHost host, string spoolDirectory) : IAsyncDisposable
{
    private readonly SemaphoreSlim ingesting = new(1, 1);

    public RecordedSessionReader Sessions => host.Sessions;

    /// <summary>Ingests every spool file up to its current end; returns the errors of files that could not be read.</summary>
    public async Task<IReadOnlyList<TraceLab.Recorder.Spool.SpoolException>> IngestAsync(CancellationToken ct)
    {
        await ingesting.WaitAsync(ct);
        try
        {
            var summary = await host.Ingestor.IngestOnceAsync(spoolDirectory, ct);
            return summary.Errors;
        }
        finally
        {
            ingesting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        ingesting.Dispose();
    }
}
