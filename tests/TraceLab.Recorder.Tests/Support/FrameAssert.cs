using System.Text.Json;
using TraceLab.Events;

namespace TraceLab.Recorder.Tests.Support;

/// <summary>Compares events by type and value, lists included (records compare lists by reference).</summary>
internal static class FrameAssert
{
    public static void ShouldMatch(this IEnumerable<IRecordedFrame> actual, IEnumerable<IRecordedFrame> expected) =>
        actual.Select(Describe).ToList().ShouldBe(expected.Select(Describe).ToList());

    public static void ShouldMatch(this IRecordedFrame actual, IRecordedFrame expected) =>
        Describe(actual).ShouldBe(Describe(expected));

    internal static string Describe(IRecordedFrame frame) =>
        frame.GetType().Name + " " + JsonSerializer.Serialize(frame, frame.GetType());
}
