using TraceLab.Events;
using TraceLab.Store;

namespace TraceLab.Recorder.Tests.Support;

/// <summary>Writes a session the way Recorders before frame batches did: one event per frame, no session view.</summary>
internal static class LegacyStream
{
    public static async Task AppendAsync(RecorderLab lab, string sessionId, IEnumerable<IRecordedFrame> frames)
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var session = lab.Store.LightweightSession())
        {
            session.Events.Append(sessionId, [.. frames.Cast<object>()]);
            await session.SaveChangesAsync(ct);
        }

        // The store keeps a view inline today; a store of that time had none.
        await using (var session = lab.Store.LightweightSession())
        {
            session.Delete<RecordedSessionView>(sessionId);
            await session.SaveChangesAsync(ct);
        }
    }
}
