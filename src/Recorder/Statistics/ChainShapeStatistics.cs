namespace TraceLab.Statistics;

/// <summary>One distinct chain shape across every recorded session, with its counts per executing role and database;
/// kept by <see cref="ChainShapeProjection"/>.</summary>
/// <remarks>The id is the shape's <see cref="Replayer.Shapes.ChainShape.Text"/>: the text is a faithful rendering of
/// everything a shape is made of (command, entry kinds, owner relations, inlined marks), so two shapes are the same
/// exactly when their texts are. Times are µs since the Unix epoch, taken from the recorded frames (never from a
/// clock), so that rebuilding the statistics gives the same documents.</remarks>
public sealed record ChainShapeStatistics
{
    /// <summary>The shape's text (<c>ALTER ROLE: statement(executor) > view(other) > …</c>).</summary>
    public string Id { get; init; } = "";

    /// <summary>The command tag of the shape's operations.</summary>
    public string Command { get; init; } = "";

    /// <summary>Operations of this shape, over every role and database.</summary>
    public long Operations { get; init; }

    /// <summary>Per executing role and database: how many operations and sessions, when, and an example session;
    /// ordered by role, then database (ordinal).</summary>
    public IReadOnlyList<ShapeCount> Counts { get; init; } = [];
}

/// <summary>The operations of one shape that ran as one role in one database.</summary>
/// <param name="Role">The executing role (the operation's effective user, after any SECURITY DEFINER switch), by name,
/// or <c>role 16384</c> when the recording never described it.</param>
/// <param name="Database">The session's database; empty when the recording lacks its SessionStarted.</param>
/// <param name="Operations">Operations of the shape.</param>
/// <param name="Sessions">Sessions with at least one such operation.</param>
/// <param name="FirstSeenUs">When the first of them ran (the timestamp of the frame that completed it).</param>
/// <param name="LastSeenUs">When the last of them ran.</param>
/// <param name="ExampleSession">The session of the first of them.</param>
public sealed record ShapeCount(
    string Role,
    string Database,
    long Operations,
    long Sessions,
    long FirstSeenUs,
    long LastSeenUs,
    string ExampleSession);
