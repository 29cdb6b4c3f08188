using System.Globalization;
using Spectre.Console;

namespace TraceLab.Cli.Suites;

/// <summary>A progress bar on standard error for a suite run: scenarios done of all, and the elapsed time.</summary>
/// <remarks>Drawn only on an interactive terminal and never with <c>--quiet</c>, as every progress bar of tracelab;
/// cleared when the run ends, before the report is written. Counted in scenarios: a rate per second, as the event
/// counters show, says nothing about a few dozen scenarios of a few seconds each.</remarks>
internal sealed class SuiteProgressDisplay(bool quiet)
{
    private readonly IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    private bool CanShow => !quiet && !Console.IsErrorRedirected && console.Profile.Capabilities.Interactive
                            && console.Profile.Capabilities.Ansi;

    /// <summary>Runs <paramref name="work"/>, which reports (done, total) scenarios, with a bar when one can be drawn.</summary>
    public async Task<T> RunAsync<T>(Func<IProgress<(long Done, long Total)>?, Task<T>> work)
    {
        if (!CanShow)
        {
            return await work(null);
        }

        var result = default(T);
        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("suite", maxValue: 1);
                result = await work(new Progress(task));
            });
        return result!;
    }

    private sealed class Progress(ProgressTask task) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value)
        {
            task.MaxValue = Math.Max(value.Total, 1);
            task.Value = value.Done;
            task.Description = string.Create(CultureInfo.InvariantCulture, $"suite · {value.Done} of {value.Total} scenarios");
        }
    }
}
