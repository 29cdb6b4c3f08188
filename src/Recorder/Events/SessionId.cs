using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TraceLab.Events;

/// <summary>A recorded session's id: the base name of its spool file and the key of its event stream.</summary>
/// <param name="Pid">The backend's process id.</param>
/// <param name="BackendStartUs">The backend's start in microseconds since the Unix epoch (the instant of
/// <c>pg_stat_activity.backend_start</c>).</param>
/// <param name="SystemIdentifier">The server's <c>system_identifier</c> (<c>pg_control_system()</c>), or null for a
/// session recorded before ids named the server.</param>
/// <remarks>
/// <para>Grammar (FORMAT.md "Files"), in decimal digits without sign or padding:
/// <c>&lt;pid&gt;-&lt;backend_start_us&gt;-&lt;system_identifier&gt;</c>, for example
/// <c>4242-1767225600000000-7412345678901234567</c>. Probes before the server was part of the id named files
/// <c>&lt;pid&gt;-&lt;backend_start_us&gt;</c>; such ids stay valid, so stores written then keep replaying.</para>
/// <para>The server is part of the id because many servers' recorders may append to one store, and two servers can each
/// have a backend with the same pid and start time. The backend comes first so that a listing sorted by id keeps each
/// pid's sessions together, and so that <see cref="Backend"/> (<c>pid-start</c>) is a prefix of the whole id, which
/// selection by id prefix accepts.</para>
/// </remarks>
public sealed record SessionId(int Pid, long BackendStartUs, ulong? SystemIdentifier = null)
{
    private const char Separator = '-';

    /// <summary>The id the probe gives the session that <paramref name="started"/> opens.</summary>
    public static SessionId Of(SessionStarted started)
    {
        ArgumentNullException.ThrowIfNull(started);
        return new SessionId(started.Pid, started.BackendStartUs, started.SystemIdentifier);
    }

    /// <summary>The <c>&lt;pid&gt;-&lt;backend_start_us&gt;</c> part: the whole id of a session recorded before ids
    /// named the server, and a prefix of the id of one recorded since.</summary>
    public string Backend => string.Create(CultureInfo.InvariantCulture, $"{Pid}{Separator}{BackendStartUs}");

    /// <summary>Reads an id of either form.</summary>
    /// <returns>False when <paramref name="text"/> is not an id (a spool file of another name, say).</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out SessionId? id)
    {
        id = null;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan();
        var first = span.IndexOf(Separator);
        if (first < 0
            || !int.TryParse(span[..first], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        var rest = span[(first + 1)..];
        var second = rest.IndexOf(Separator);
        var start = second < 0 ? rest : rest[..second];
        if (!long.TryParse(start, NumberStyles.None, CultureInfo.InvariantCulture, out var startUs))
        {
            return false;
        }

        if (second < 0)
        {
            id = new SessionId(pid, startUs);
            return true;
        }

        if (!ulong.TryParse(rest[(second + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var system))
        {
            return false;
        }

        id = new SessionId(pid, startUs, system);
        return true;
    }

    /// <summary>Reads an id of either form.</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is not a session id.</exception>
    public static SessionId Parse(string text) =>
        TryParse(text, out var id)
            ? id
            : throw new FormatException($"\"{text}\" is not a session id (<pid>-<backend_start_us>[-<system_identifier>]).");

    /// <summary>The id as the probe writes it: <c>pid-start-server</c>, or <c>pid-start</c> without a server.</summary>
    public override string ToString() =>
        SystemIdentifier is { } system
            ? string.Create(CultureInfo.InvariantCulture, $"{Backend}{Separator}{system}")
            : Backend;
}
