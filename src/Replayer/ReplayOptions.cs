using TraceLab.Replayer.Output;

namespace TraceLab.Replayer;

/// <summary>How one streaming replay runs: what it writes, how it reports progress, and its bounds.</summary>
public sealed record ReplayOptions
{
    /// <summary>The default options: a full replay, no progress, default bounds.</summary>
    public static ReplayOptions Default { get; } = new();

    /// <summary>Whether writers receive every operation (<see cref="ReportKind.Replay"/>) or only those whose outcomes
    /// differ between the policies (<see cref="ReportKind.Diff"/>, see <see cref="OutcomeDiff"/>).</summary>
    /// <value><see cref="ReportKind.Replay"/>.</value>
    public ReportKind Kind { get; init; } = ReportKind.Replay;

    /// <summary>Passed on to the writers in the <see cref="ReportHeader"/> (JUnit test cases).</summary>
    /// <value>None.</value>
    public IReadOnlyList<Expectation> Expectations { get; init; } = [];

    /// <summary>Receives <see cref="ReplayProgress"/> every <see cref="ProgressInterval"/> events, at the end of every
    /// session and once at the end.</summary>
    /// <value><c>null</c>: no progress is reported.</value>
    /// <remarks>Called on the replaying thread: an implementation must return quickly (<see cref="Progress{T}"/> posts
    /// to its context and does).</remarks>
    public IProgress<ReplayProgress>? Progress { get; init; }

    /// <summary>Events between two progress reports within a session.</summary>
    /// <value>32,768: a few reports per second at the rates replays run at.</value>
    public int ProgressInterval { get; init; } = 32_768;

    /// <summary>The number of distinct chain shapes the footer lists; operations of further shapes are counted in one
    /// "other shapes" bucket (<see cref="Shapes.ChainShape.Other"/>).</summary>
    /// <value>10,000.</value>
    /// <remarks>Each shape keeps its first operation as an example, so this bounds the memory shapes take.</remarks>
    public int MaxShapes { get; init; } = 10_000;

    /// <summary>Batches of events read ahead of the replay on another thread, so that reading from the event store and
    /// replaying overlap; 0 reads and replays on one thread.</summary>
    /// <value>4 batches of <see cref="ReadAheadBatch"/> events.</value>
    /// <remarks>Enough to keep two cores busy; more only keeps more frames and operations alive between two stages, which
    /// the garbage collector then copies into an older generation (8 batches of 1,024 made nearly every collection a
    /// generation 1 collection; 4 of 256 hardly any, at the same speed).</remarks>
    public int ReadAhead { get; init; } = 4;

    /// <summary>Events per read-ahead batch.</summary>
    /// <value>256.</value>
    public int ReadAheadBatch { get; init; } = 256;
}
