using Marten;
using TraceLab.Store;

namespace TraceLab.Cli.Commands;

/// <summary>The read-only way into the event store, for <c>sessions</c>, <c>replay</c> and <c>diff</c>: a Marten
/// document store and a <see cref="RecordedSessionReader"/>, nothing more.</summary>
/// <remarks>Reading needs no Wolverine: no handlers, no runtime code generation, no host. Only <c>record</c> and
/// <c>demo</c> start the Recorder (<c>RecorderHost</c>), which pays for them.</remarks>
internal sealed class EventStoreReader : IAsyncDisposable
{
    private readonly DocumentStore store;

    private EventStoreReader(DocumentStore store)
    {
        this.store = store;
        Sessions = new RecordedSessionReader(store);
    }

    /// <summary>Lists recorded sessions and streams their events.</summary>
    public RecordedSessionReader Sessions { get; }

    /// <summary>The Marten store itself, for what reads stored events as they are (<c>export</c>).</summary>
    public IDocumentStore Store => store;

    /// <summary>Opens the event store named by <paramref name="connectionOption"/> (else TRACELAB_CONNECTION, else the
    /// embedded cluster), after checking that it can be connected to.</summary>
    public static async Task<EventStoreReader> OpenAsync(string? connectionOption, CancellationToken ct)
    {
        var connection = await EventStoreLocator.ConnectionStringAsync(connectionOption, ct);
        await EventStoreConnection.CheckAsync(connection, ct);
        return new EventStoreReader(TraceLabStore.Create(connection));
    }

    public ValueTask DisposeAsync() => store.DisposeAsync();
}
