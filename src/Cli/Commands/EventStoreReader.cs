using Marten;
using TraceLab.Store;

namespace TraceLab.Cli.Commands;

/// <summary>The read-only way into the event store, for <c>sessions</c>, <c>shapes</c>, <c>replay</c>, <c>diff</c> and
/// <c>export</c>: a Marten document store that never creates or changes a schema object, and a
/// <see cref="RecordedSessionReader"/>, nothing more.</summary>
/// <remarks>Reading needs no Wolverine: no handlers, no runtime code generation, no host. Only <c>record</c> and
/// <c>demo</c> start the Recorder (<c>RecorderHost</c>), which pays for them. A role that may only SELECT from the
/// store's tables can read through it; schema creation is for <c>up</c>, <c>record</c> and <c>store migrate</c>.</remarks>
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

    /// <summary>The Marten store itself, for what reads stored documents or events as they are (<c>shapes</c>,
    /// <c>export</c>).</summary>
    public IDocumentStore Store => store;

    /// <summary>Opens the event store named by <paramref name="connectionOption"/> (else TRACELAB_CONNECTION, else the
    /// embedded cluster), after checking that it can be connected to and holds the TraceLab schema.</summary>
    /// <param name="configure">More document mappings for the reader (the chain-shape statistics).</param>
    public static async Task<EventStoreReader> OpenAsync(
        string? connectionOption, CancellationToken ct, Action<StoreOptions>? configure = null)
    {
        var connection = await EventStoreLocator.ConnectionStringAsync(connectionOption, ct);
        await EventStoreConnection.CheckAsync(connection, ct);
        var reader = new EventStoreReader(TraceLabStore.CreateForReading(connection, configure: configure));
        try
        {
            SchemaErrors.ThrowUnlessReadable(await TraceLabSchema.InspectAsync(reader.store, ct));
            return reader;
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => store.DisposeAsync();
}
