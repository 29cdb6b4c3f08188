using System.Globalization;

namespace TraceLab.Recorder.Spool;

/// <summary>Tells a spool file that nothing writes any more from one that is still growing, by how long it has not
/// grown.</summary>
/// <remarks>
/// <para>The probe writes each block with one <c>write(2)</c>, so a live file ends inside a block only for the instant
/// of a write. A file that ends inside a block and has not been written for the quiet period therefore has no tail
/// still coming: the block was cut short or its length damaged. Growth is read from the file's modification time,
/// which the kernel updates when a write starts, before the file grows; "now" comes from the injected
/// <see cref="TimeProvider"/>.</para>
/// <para>The period must exceed the longest time the probe may take to finish one write. A session that stays idle
/// does not matter: its file ends at a block boundary.</para>
/// </remarks>
public sealed class SpoolQuietPeriod
{
    private readonly TimeProvider time;

    /// <param name="period">How long a file must not have grown to count as finished.</param>
    /// <param name="time">The clock "now" is read from.</param>
    public SpoolQuietPeriod(TimeSpan period, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        Period = period;
        this.time = time;
    }

    /// <summary>How long a file must not have grown to count as finished.</summary>
    public TimeSpan Period { get; }

    /// <summary>Whether <paramref name="path"/> has not been written for the quiet period.</summary>
    public bool HasElapsed(string path) => WhyFinished(path) is not null;

    /// <summary>Why <paramref name="path"/> counts as finished (<c>it has not grown for 60 s</c>), or null when it was
    /// written within the quiet period or no longer exists.</summary>
    public string? WhyFinished(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return null;
        }

        var idle = time.GetUtcNow() - new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
        return idle >= Period ? $"it has not grown for {Describe(Period)} (quiet period)" : null;
    }

    /// <summary>A period as users write it for <c>--quiet-period</c>: <c>60 s</c>, <c>0.5 s</c>.</summary>
    public static string Describe(TimeSpan period) =>
        period.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
