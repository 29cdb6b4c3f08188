using TraceLab.Events;
using TraceLab.Recorder.Ingest;
using TraceLab.Recorder.Spool;

namespace TraceLab.Recorder.Liveness;

/// <summary>Before each poll of a follower, finds the followed sessions without an end whose backend is gone, so that
/// the poll's abnormal-end check marks them once their files are read to the end.</summary>
/// <remarks>
/// <para>Asked before the poll's pass, like the server start files: a backend found gone writes nothing more, so the
/// pass that follows reads every block it wrote, and the end is appended after them.</para>
/// <para>Two ways, each optional (<see cref="Hosting.RecorderOptions.MonitoredServerConnectionString"/>,
/// <see cref="Hosting.RecorderOptions.AbandonAfter"/>):</para>
/// <list type="bullet">
/// <item>The server says so: its <c>pg_stat_activity</c> does not list the pid with that backend start. A backend
/// leaves it just before the probe writes its last block, so the local process table must agree (the process is gone,
/// or reused), or, where the recorder cannot see the server's processes, the server must have said so for
/// <see cref="ExitGrace"/>.</item>
/// <item>The file has been quiet for the abandon period and the local process table has no process with that pid and
/// start. A quiet period alone would end idle pooled connections, which may stay silent for hours; their backend
/// processes are still there.</item>
/// </list>
/// </remarks>
internal sealed class GoneBackendCheck(MonitoredServer? server, TimeSpan? abandonAfter, TimeProvider time)
{
    /// <summary>How long the server must keep saying a backend is gone, when the process table cannot confirm it,
    /// before the backend's last block is taken to be written.</summary>
    public static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, DateTimeOffset> goneSince = new(StringComparer.Ordinal);
    private readonly SpoolQuietPeriod? abandoned = abandonAfter is { } period ? new SpoolQuietPeriod(period, time) : null;

    /// <summary>Sets <see cref="FollowedFile.Gone"/> of each followed file (keyed by path).</summary>
    /// <exception cref="Npgsql.NpgsqlException">The monitored server cannot be reached.</exception>
    public async Task MarkAsync(IReadOnlyDictionary<string, FollowedFile> files, CancellationToken cancellationToken)
    {
        foreach (var file in files.Values)
        {
            file.Gone = null;
        }

        var candidates = files.Where(f => !f.Value.Ended && f.Value.LengthRead >= 0 && f.Value.Offset > 0).ToList();
        if ((server is null && abandoned is null) || candidates.Count == 0)
        {
            goneSince.Clear();
            return;
        }

        var backends = server is null ? null : await server.ReadBackendsAsync(cancellationToken);
        var now = time.GetUtcNow();
        var nowUs = (now - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, file) in candidates)
        {
            if (!SessionId.TryParse(file.SessionId, out var id))
            {
                continue;
            }

            var (pid, startUs) = (id.Pid, id.BackendStartUs);
            var local = ProcessTable.StateOf(pid, startUs);
            if (local == BackendState.Alive)
            {
                continue;
            }

            // An id that names another server is no business of this server's pg_stat_activity.
            var ofServer = id.SystemIdentifier is null || id.SystemIdentifier == backends?.SystemIdentifier;
            if (ofServer && backends?.StateOf(pid, startUs) == BackendState.Gone)
            {
                seen.Add(file.SessionId);
                var since = goneSince.TryAdd(file.SessionId, now) ? now : goneSince[file.SessionId];
                if (local == BackendState.Gone || now - since >= ExitGrace)
                {
                    file.Gone = new BackendGone(backends.SystemIdentifier, nowUs, "the server no longer lists its backend");
                    continue;
                }
            }

            if (local == BackendState.Gone && abandoned is not null && abandoned.HasElapsed(path))
            {
                file.Gone = new BackendGone(null, nowUs,
                    $"its file has not grown for {SpoolQuietPeriod.Describe(abandoned.Period)} and its backend process is gone");
            }
        }

        foreach (var stale in goneSince.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            goneSince.Remove(stale);
        }
    }
}
