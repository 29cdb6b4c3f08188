using System.Text;
using Spectre.Console;
using Spectre.Console.Testing;
using TraceLab.Replayer.Shapes;

namespace TraceLab.Reports.Tests.Support;

/// <summary>A collected report written the one way the CLI writes one (<see cref="ReportWriting.WriteReportAsync"/>),
/// as text.</summary>
internal static class CollectedReports
{
    /// <summary>A console that renders into a string without colour, <paramref name="width"/> columns wide.</summary>
    public static TestConsole Console(int width = 120)
    {
        var console = new TestConsole().Width(width);
        console.Profile.Capabilities.Unicode = true;
        return console;
    }

    /// <summary>The JSON document of <paramref name="report"/> (with <paramref name="shapes"/>, or its own).</summary>
    public static async Task<string> JsonAsync(ReplayReport report, IReadOnlyList<ShapeSummary>? shapes = null)
    {
        using var output = new MemoryStream();
        await using (var writer = new JsonReportWriter(output))
        {
            await writer.WriteReportAsync(report, shapes, cancellationToken: TestContext.Current.CancellationToken);
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>The console table of every operation of <paramref name="report"/>, its messages, summary and shapes.</summary>
    public static async Task TableAsync(IAnsiConsole console, ReplayReport report, ReplayTableOptions? options = null)
    {
        await using var writer = new TableReportWriter(console, (options ?? new ReplayTableOptions()) with { ListAllowed = true });
        await writer.WriteReportAsync(report, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>The console table of every operation of <paramref name="report"/> at <paramref name="width"/> columns.</summary>
    public static async Task<string> TableAsync(ReplayReport report, int width = 120, ReplayTableOptions? options = null)
    {
        using var console = Console(width);
        await TableAsync(console, report, options);
        return console.Output;
    }
}
