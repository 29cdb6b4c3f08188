using System.Runtime.CompilerServices;
using TraceLab.Events;
using TraceLab.Replayer;

namespace TraceLab.Statistics;

/// <summary>Replays one whole recorded session (no policies) and counts its operations by chain shape, executing role
/// and database: the session's contribution to the <see cref="ChainShapeStatistics"/>.</summary>
/// <remarks>The operations come from <see cref="ReplayEngine"/> itself, so the statistics see exactly the operations and
/// chains a replay sees. A session is counted once, whole, when it has ended (see <see cref="ChainShapeProjection"/>).</remarks>
public static class SessionShapes
{
    private static readonly ReplayEngine Engine = new([]);

    /// <summary>The shapes of <paramref name="frames"/>, the events of session <paramref name="sessionId"/> in seq
    /// order, each with one count row per (role, database) whose <see cref="ShapeCount.Sessions"/> is 1.</summary>
    public static async Task<IReadOnlyList<ChainShapeStatistics>> CountAsync(
        string sessionId, IAsyncEnumerable<IRecordedFrame> frames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var clock = new FrameClock();
        var rows = new Dictionary<(string Shape, string Role, string Database), ShapeCount>();
        var commands = new Dictionary<string, string>(StringComparer.Ordinal);
        var session = new RecordedSession(sessionId, clock.Track(frames, cancellationToken));
        await foreach (var replayed in Engine.StreamAsync(session, cancellationToken))
        {
            var operation = replayed.Operation;
            var shape = ChainShapes.Of(operation).Text;
            commands.TryAdd(shape, operation.Command);
            var key = (shape, operation.Executor.DisplayName, operation.Database ?? "");
            rows[key] = rows.TryGetValue(key, out var row)
                ? row with { Operations = row.Operations + 1, LastSeenUs = Math.Max(row.LastSeenUs, clock.NowUs) }
                : new ShapeCount(key.Item2, key.Item3, 1, 1, clock.NowUs, clock.NowUs, sessionId);
        }

        return [.. rows
            .GroupBy(r => r.Key.Shape, StringComparer.Ordinal)
            .Select(g => new ChainShapeStatistics
            {
                Id = g.Key,
                Command = commands[g.Key],
                Operations = g.Sum(r => r.Value.Operations),
                Counts = [.. g.Select(r => r.Value).OrderBy(c => c.Role, StringComparer.Ordinal)
                    .ThenBy(c => c.Database, StringComparer.Ordinal)],
            })
            .OrderBy(s => s.Id, StringComparer.Ordinal)];
    }

    /// <summary>The timestamp of the last frame the replay has read: the time of the operation it yields next, since
    /// <see cref="ReplayEngine.StreamAsync"/> reads a frame and yields the operation that frame completes before it
    /// reads on.</summary>
    private sealed class FrameClock
    {
        public long NowUs { get; private set; }

        public async IAsyncEnumerable<IRecordedFrame> Track(
            IAsyncEnumerable<IRecordedFrame> frames, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var frame in frames.WithCancellation(cancellationToken))
            {
                NowUs = frame.Frame.TimestampUs;
                yield return frame;
            }
        }
    }
}
