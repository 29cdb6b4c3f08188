using System.Globalization;

namespace TraceLab.Recorder.Liveness;

/// <summary>Tells whether a backend is alive from the local process table (Linux <c>/proc</c>), safely against pid
/// reuse.</summary>
/// <remarks>
/// <para>A session id is <c>&lt;pid&gt;-&lt;backend start µs&gt;</c>. The pid alone proves nothing: once the backend
/// exited the kernel may give its pid to any new process. So a process counts as the backend only when its start time
/// (<c>/proc/&lt;pid&gt;/stat</c> field 22, clock ticks after boot, plus the boot time of <c>/proc/stat</c>) is within
/// <see cref="StartTolerance"/> of the backend start: PostgreSQL takes its backend start right after the fork. The
/// boot time has whole-second precision, hence the tolerance; a new process that got the same pid within it is taken
/// for the backend, which errs on the safe side (the session stays running).</para>
/// <para>Meaningful only when the recorder sees the server's processes: on the server's machine, in its pid namespace
/// (not in a container of its own). Where there is no <c>/proc</c>, every answer is <see cref="BackendState.Unknown"/>.</para>
/// </remarks>
public static class ProcessTable
{
    /// <summary>How far a process start may be from the backend start for the process to count as the backend.</summary>
    public static readonly TimeSpan StartTolerance = TimeSpan.FromSeconds(3);

    // Linux reports process start times in USER_HZ ticks, 100 per second on every architecture .NET runs on.
    private const long TicksPerSecond = 100;

    private static readonly Lazy<long?> BootTimeUs = new(ReadBootTimeUs);

    /// <summary>Whether this machine has a process table to ask (<c>/proc</c>).</summary>
    public static bool IsAvailable => BootTimeUs.Value is not null;

    /// <summary>Whether the backend <paramref name="pid"/> that started at <paramref name="backendStartUs"/> (µs since
    /// the Unix epoch) is alive.</summary>
    public static BackendState StateOf(int pid, long backendStartUs)
    {
        if (BootTimeUs.Value is not { } boot || pid <= 0)
        {
            return BackendState.Unknown;
        }

        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return BackendState.Gone;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // ESRCH while reading: it exited between the open and the read.
            return File.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat") ? BackendState.Unknown : BackendState.Gone;
        }

        if (StartTicks(stat) is not { } ticks)
        {
            return BackendState.Unknown;
        }

        var startUs = boot + (ticks * 1_000_000 / TicksPerSecond);
        return Math.Abs(startUs - backendStartUs) <= (long)StartTolerance.TotalMicroseconds ? BackendState.Alive : BackendState.Gone;
    }

    /// <summary>Field 22 (starttime) of a <c>/proc/&lt;pid&gt;/stat</c> line.</summary>
    /// <remarks>Field 2, the command name in parentheses, may hold spaces and parentheses itself: fields are counted
    /// from the last <c>)</c>.</remarks>
    internal static long? StartTicks(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        // After ")": field 3 (state) is the first; starttime is field 22, the 20th.
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 20 && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? ticks
            : null;
    }

    private static long? ReadBootTimeUs()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/stat"))
            {
                if (line.StartsWith("btime ", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan(6).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                {
                    return seconds * 1_000_000;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return null;
    }
}
