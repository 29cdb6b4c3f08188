using TraceLab.Cli.Commands;
using TraceLab.Store;
using TraceLab.Traces;

namespace TraceLab.Cli.Reports;

/// <summary>Where <c>replay</c> and <c>diff</c> read sessions from: a trace file given with <c>--trace</c>, else the
/// event store.</summary>
internal sealed class RecordedSource : IAsyncDisposable
{
    private readonly IAsyncDisposable? owned;

    private RecordedSource(IRecordedSessions sessions, IAsyncDisposable? owned)
    {
        Sessions = sessions;
        this.owned = owned;
    }

    public IRecordedSessions Sessions { get; }

    public static async Task<RecordedSource> OpenAsync(string? tracePath, string? connectionOption, CancellationToken cancellation)
    {
        if (tracePath is not null)
        {
            return new RecordedSource(await TraceFileReader.OpenAsync(tracePath, cancellation), null);
        }

        var store = await EventStoreReader.OpenAsync(connectionOption, cancellation);
        return new RecordedSource(store.Sessions, store);
    }

    public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
