using System.Globalization;
using Spectre.Console;
using TraceLab.Replayer;

namespace TraceLab.Cli.Reports;

/// <summary>A progress bar on standard error while a replay runs: sessions, events per second and the time left.</summary>
/// <remarks>
/// Shown only on an interactive terminal, so logs and pipes stay quiet, and only when the report itself does not stream
/// to the same terminal while the bar is drawn (the console table is drawn after the last operation). The bar is
/// cleared when the replay ends. Rates come from the injected <see cref="TimeProvider"/>; nothing here reaches the
/// report, which stays byte-identical for the same input.
/// </remarks>
internal sealed class ReplayProgressDisplay
{
    private readonly TimeProvider time;
    private readonly IAnsiConsole console;

    public ReplayProgressDisplay(TimeProvider time)
    {
        this.time = time;
        console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
    }

    /// <summary>Whether a bar can be drawn: standard error is an interactive terminal.</summary>
    public bool CanShow => !Console.IsErrorRedirected && console.Profile.Capabilities.Interactive
                           && console.Profile.Capabilities.Ansi;

    /// <summary>Runs <paramref name="replay"/> with a bar fed by the progress it reports.</summary>
    public async Task<T> RunAsync<T>(Func<IProgress<ReplayProgress>, Task<T>> replay)
    {
        var result = default(T);
        await console.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(ProgressColumns.Standard())
            .StartAsync(async context =>
            {
                var task = context.AddTask("replay", maxValue: 1);
                var sink = new Sink(task, time);
                result = await replay(sink);
                task.Value = task.MaxValue;
            });
        return result!;
    }

    /// <summary>Turns engine reports into bar updates; called on the replaying thread, so it only sets fields.</summary>
    private sealed class Sink(ProgressTask task, TimeProvider time) : IProgress<ReplayProgress>
    {
        private readonly long started = time.GetTimestamp();

        public void Report(ReplayProgress value)
        {
            var seconds = time.GetElapsedTime(started).TotalSeconds;
            var rate = seconds > 0 ? value.EventsRead / seconds : 0;
            var sessions = value.SessionsTotal is { } total
                ? string.Create(CultureInfo.InvariantCulture, $"{value.SessionsDone}/{total} sessions")
                : string.Create(CultureInfo.InvariantCulture, $"{value.SessionsDone} sessions");
            task.Description = string.Create(
                CultureInfo.InvariantCulture,
                $"replay {sessions} · {value.EventsRead:N0} events · {rate:N0} events/s");
            if (value.EventsTotal is { } events && events > 0)
            {
                task.MaxValue = events;
                task.Value = Math.Min(value.EventsRead, events);
            }
            else if (value.SessionsTotal is { } sessionsTotal && sessionsTotal > 0)
            {
                task.MaxValue = sessionsTotal;
                task.Value = value.SessionsDone;
            }
        }
    }
}
