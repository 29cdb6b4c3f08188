using JasperFx.Events;
using Marten.Events.Aggregation;
using TraceLab.Events;

namespace TraceLab.Store;

/// <summary>Keeps each stream's <see cref="RecordedSessionView"/>, inline: in the transaction that appends the events.</summary>
/// <remarks>A batch contributes the facts collected when it was ingested (<see cref="FrameBatch.Facts"/>), so the view
/// never decodes frames; a per-frame event (older streams, the Recorder's abnormal end) contributes its own.</remarks>
public sealed class RecordedSessionViewProjection : SingleStreamProjection<RecordedSessionView, string>
{
    /// <inheritdoc />
    public override RecordedSessionView Evolve(RecordedSessionView? snapshot, string id, IEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var view = snapshot ?? new RecordedSessionView { Id = id };
        view = e.Data switch
        {
            FrameBatch batch => Reopened(view).Add(batch.Facts, batch.FrameCount),
            SessionEnded { Abnormal: true } end => view.Add(FrameBatchFacts.Of([end]), 1) with { Abnormal = true },
            IRecordedFrame frame => Reopened(view).Add(FrameBatchFacts.Of([frame]), 1),
            SpoolFileQuarantined quarantined => view with { Quarantined = quarantined },
            _ => view,
        };
        return view with { EventsSeen = view.EventsSeen + 1 };
    }

    /// <summary>Frames after the Recorder's abnormal end: its backend was not gone after all (a liveness check that
    /// erred), so the session is running again; the abnormal end stays in the stream where it was appended.</summary>
    private static RecordedSessionView Reopened(RecordedSessionView view) =>
        view.Abnormal ? view with { Ended = false, Abnormal = false } : view;
}
