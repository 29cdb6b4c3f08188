using System.Globalization;
using Spectre.Console;

namespace TraceLab.Cli.Reports;

/// <summary>A progress bar on standard error for work counted in events or bytes (record --once, export, import): what
/// is done, the rate and the time left.</summary>
/// <remarks>Drawn only on an interactive terminal and never with <c>--quiet</c>, so logs and pipes stay quiet; cleared
/// when the work ends. Rates come from the injected <see cref="TimeProvider"/>.</remarks>
internal sealed class CountProgressDisplay
{
    private readonly TimeProvider time;
    private readonly IAnsiConsole console;
    private readonly bool quiet;

    public CountProgressDisplay(TimeProvider time, bool quiet)
    {
        this.time = time;
        this.quiet = quiet;
        console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
    }

    private bool CanShow => !quiet && !Console.IsErrorRedirected && console.Profile.Capabilities.Interactive
                            && console.Profile.Capabilities.Ansi;

    /// <summary>Runs <paramref name="work"/>, which reports the events done so far, with a bar towards
    /// <paramref name="total"/> events when one can be drawn.</summary>
    public Task<T> RunAsync<T>(string label, long total, Func<IProgress<long>?, Task<T>> work) =>
        RunAsync(label, "events", total, sink => work(sink));

    /// <summary>Runs <paramref name="work"/>, which reports what is done and the total (learnt as it goes), counting in
    /// <paramref name="unit"/> (<c>bytes</c>).</summary>
    public Task<T> RunAsync<T>(string label, string unit, Func<IProgress<(long Done, long Total)>?, Task<T>> work) =>
        RunAsync(label, unit, 0, sink => work(sink));

    private async Task<T> RunAsync<T>(string label, string unit, long total, Func<Sink?, Task<T>> work)
    {
        if (!CanShow)
        {
            return await work(null);
        }

        var result = default(T);
        await console.Progress()
            .AutoClear(true)
            .Columns(ProgressColumns.Standard())
            .StartAsync(async context =>
            {
                var task = context.AddTask(label, maxValue: Math.Max(total, 1));
                result = await work(new Sink(task, label, unit, time));
                task.Value = task.MaxValue;
            });
        return result!;
    }

    private sealed class Sink(ProgressTask task, string label, string unit, TimeProvider time)
        : IProgress<long>, IProgress<(long Done, long Total)>
    {
        private readonly long started = time.GetTimestamp();

        public void Report(long value)
        {
            var seconds = time.GetElapsedTime(started).TotalSeconds;
            var rate = seconds > 0 ? value / seconds : 0;
            task.Description = string.Create(CultureInfo.InvariantCulture, $"{label} · {value:N0} {unit} · {rate:N0} {unit}/s");
            task.Value = Math.Min(value, task.MaxValue);
        }

        public void Report((long Done, long Total) value)
        {
            task.MaxValue = Math.Max(value.Total, 1);
            Report(value.Done);
        }
    }
}
