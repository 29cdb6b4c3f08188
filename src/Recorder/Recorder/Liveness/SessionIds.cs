using System.Globalization;

namespace TraceLab.Recorder.Liveness;

/// <summary>Reads the backend a session id names: <c>&lt;pid&gt;-&lt;backend start µs&gt;</c> (FORMAT.md "Files").</summary>
internal static class SessionIds
{
    public static bool TryParse(string sessionId, out int pid, out long backendStartUs)
    {
        pid = 0;
        backendStartUs = 0;
        var dash = sessionId.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && int.TryParse(sessionId.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out pid)
            && long.TryParse(sessionId.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out backendStartUs);
    }
}
