using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace TraceLab.Cli.Cluster;

/// <summary>Stops a child process together with everything it started: what a cancelled command (Ctrl+C, SIGTERM)
/// does to the <c>make</c>, <c>initdb</c>, <c>pg_ctl</c> or <c>psql</c> it was waiting for.</summary>
/// <remarks>
/// <para>A terminal's Ctrl+C reaches the whole foreground process group, but a signal sent to tracelab alone (by a
/// service manager, CI, <c>kill</c>) does not, and cancelling the wait leaves the child running. Nor is a process group
/// enough: <c>pg_ctl start</c> puts the postmaster in a session of its own, and <c>runuser</c> and <c>make</c> sit between
/// tracelab and the program that does the work. So the descendants are found through <c>/proc</c> (parent pids).</para>
/// <para>They get SIGTERM first, which lets <c>make</c> delete a half-built target and a postmaster shut down cleanly,
/// and SIGKILL if any is still there after a grace period.</para>
/// </remarks>
internal static class ProcessTree
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    /// <summary>How long the processes have to end after SIGTERM before they get SIGKILL.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>Stops <paramref name="root"/> and its descendants and waits until none is left (at most the grace
    /// period plus a moment).</summary>
    public static async Task StopAsync(Process root)
    {
        ArgumentNullException.ThrowIfNull(root);
        int rootPid;
        try
        {
            // An exited child is reaped already: its pid may belong to another process by now.
            if (root.HasExited)
            {
                return;
            }

            rootPid = root.Id;
        }
        catch (InvalidOperationException)
        {
            return;
        }

        // Collected before any signal: once a parent is gone its children are reparented and no longer found under it.
        var tree = Descendants(rootPid).Prepend(rootPid).ToList();
        Signal(tree, SigTerm);
        var deadline = TimeProvider.System.GetUtcNow() + GracePeriod;
        while (tree.Any(IsAlive) && TimeProvider.System.GetUtcNow() < deadline)
        {
            // Children started meanwhile (make starting the next compiler) are caught as well.
            tree = [.. tree, .. tree.SelectMany(Descendants).Except(tree)];
            Signal(tree.Where(IsAlive), SigTerm);
            await Task.Delay(50, CancellationToken.None);
        }

        Signal([.. tree.SelectMany(Descendants), .. tree.Where(IsAlive)], SigKill);
        try
        {
            using var reaped = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await root.WaitForExitAsync(reaped.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGKILL cannot be ignored; a process stuck in the kernel ends when its I/O does.
        }
    }

    /// <summary>Every process whose parent chain leads to <paramref name="pid"/>, read from <c>/proc</c>.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var (child, parent) in ParentPids())
        {
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add(child);
        }

        var found = new List<int>();
        var pending = new Queue<int>([pid]);
        while (pending.TryDequeue(out var next))
        {
            foreach (var child in children.GetValueOrDefault(next) ?? [])
            {
                found.Add(child);
                pending.Enqueue(child);
            }
        }

        return found;
    }

    /// <summary>Whether <paramref name="pid"/> is a process that still runs (a zombie has ended: only its exit status
    /// waits to be collected).</summary>
    public static bool IsAlive(int pid) => Stat(pid) is { } stat && stat.State != 'Z';

    private static IEnumerable<(int Pid, int Parent)> ParentPids()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { } stat)
            {
                yield return (pid, stat.Parent);
            }
        }
    }

    /// <summary>The state and parent pid from <c>/proc/PID/stat</c>, or null when the process is gone.</summary>
    private static (char State, int Parent)? Stat(int pid)
    {
        string line;
        try
        {
            line = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so the fields start after the last ')'.
        var fields = line[(line.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            ? (fields[0][0], parent)
            : null;
    }

    private static void Signal(IEnumerable<int> pids, int signal)
    {
        foreach (var pid in pids)
        {
            // A process that ended meanwhile (ESRCH) is what was wanted.
            _ = Kill(pid, signal);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
