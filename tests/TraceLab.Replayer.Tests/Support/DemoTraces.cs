using TraceLab.Events;

namespace TraceLab.Replayer.Tests.Support;

/// <summary>The demo's three kinds of session as the catalogue recorded them: a view attack, a trigger attack and a
/// benign session, three operations each (<c>SELECT</c>, its function call, then the escalation or the benign call).</summary>
/// <remarks>The engine's and the streaming tests replay these: real sessions of the real probe, small enough to state
/// every operation of.</remarks>
internal static class DemoTraces
{
    public static GoldenTrace ViewAttack => GoldenTrace.Of("view-calls-untrusted-function");

    public static GoldenTrace TriggerAttack => GoldenTrace.Of("trigger-on-insert");

    public static GoldenTrace Benign => GoldenTrace.Of("own-view-and-function");

    public static IReadOnlyList<GoldenTrace> All => [ViewAttack, TriggerAttack, Benign];

    /// <summary>The three sessions, in the order view attack, trigger attack, benign.</summary>
    public static RecordedSession[] Sessions() => [.. All.SelectMany(t => t.ToSessions())];

    /// <summary>The one recorded session of <paramref name="trace"/>.</summary>
    public static string SessionOf(GoldenTrace trace) => trace.Sessions.Single().SessionId;

    /// <summary>The frames of the one recorded session of <paramref name="trace"/>.</summary>
    public static IReadOnlyList<IRecordedFrame> FramesOf(GoldenTrace trace) => trace.FramesOf[SessionOf(trace)];

    /// <summary><c>session:seq</c> of every operation of the three sessions, in replay order.</summary>
    public static IEnumerable<string> OperationKeys() => All.SelectMany(t => t.Operations()).Select(o => $"{o.SessionId}:{o.Seq}");
}
