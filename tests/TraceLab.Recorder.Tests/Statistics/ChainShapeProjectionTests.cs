using JasperFx.Events;
using TraceLab.Events;
using TraceLab.Recorder.Tests.Support;
using TraceLab.Statistics;

namespace TraceLab.Recorder.Tests.Statistics;

public sealed class ChainShapeProjectionTests
{
    [Fact]
    public void Only_the_events_that_end_a_session_make_it_counted()
    {
        // Given a batch in the middle of session a, the batch that ends session b, and a per-frame end of session c
        IReadOnlyList<IEvent> events =
        [
            Event("a", Batch(ended: false)),
            Event("b", Batch(ended: true)),
            Event("c", new SessionEnded(SampleFrames.Header(9), Abnormal: true)),
            Event("a", SampleFrames.RoleDescribed(10)),
        ];

        // Then b and c are counted, a is not yet
        ChainShapeProjection.EndedSessions(events).ShouldBe(["b", "c"]);
    }

    [Fact]
    public void A_session_ended_twice_in_one_page_is_counted_once()
    {
        IReadOnlyList<IEvent> events =
            [Event("b", Batch(ended: true)), Event("b", new SessionEnded(SampleFrames.Header(20), Abnormal: true))];

        ChainShapeProjection.EndedSessions(events).ShouldBe(["b"]);
    }

    private static FrameBatch Batch(bool ended) =>
        new(1, 2, 0, [], new FrameBatchFacts(null, ended, 0, 0, 0, new Dictionary<uint, string>()));

    private static Event<T> Event<T>(string stream, T data)
        where T : notnull => new(data) { StreamKey = stream };
}
