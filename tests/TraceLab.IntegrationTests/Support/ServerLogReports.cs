using System.Globalization;
using System.Text.RegularExpressions;

namespace TraceLab.IntegrationTests.Support;

/// <summary>The LOG lines of a server log written with <c>log_line_prefix = '%m [%p] '</c>, by process.</summary>
internal static partial class ServerLogReports
{
    /// <summary>The pid of every LOG line whose message starts with <paramref name="message"/>, in log order.</summary>
    public static List<int> Pids(string log, string message) =>
        [.. LogLine().Matches(log)
            .Where(m => m.Groups["message"].Value.StartsWith(message, StringComparison.Ordinal))
            .Select(m => int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture))];

    /// <summary>Asserts that <paramref name="message"/> was logged, and by no process more than once: the probe
    /// rate-limits its reports to one a minute per backend, however many blocks it drops.</summary>
    /// <returns>The processes that logged it.</returns>
    public static List<int> ShouldReportOncePerBackend(string log, string message)
    {
        var pids = Pids(log, message);
        pids.ShouldNotBeEmpty($"the server log has no \"{message}\":\n{log}");
        pids.GroupBy(p => p).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty(
            $"a backend reported \"{message}\" more than once:\n{log}");
        return pids;
    }

    [GeneratedRegex(@"^\S+ \S+ \S+ \[(?<pid>\d+)\] LOG:  (?<message>.*)$", RegexOptions.Multiline)]
    private static partial Regex LogLine();
}
