using Spectre.Console.Cli;
using TraceLab.Cli;
using TraceLab.Cli.CommandLine;

// Redirected output (a file, a CI log) has no width; Spectre would assume 80 columns and wrap chains and
// connection strings. COLUMNS wins when it is set.
if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0)
{
    Spectre.Console.AnsiConsole.Profile.Width = columns;
}
else if (Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Width = 160;
}

if (VersionOption.IsRequested(args))
{
    Console.Out.WriteLine(VersionOption.Line);
    return ExitCodes.Success;
}

var running = new RunningCommand();
var app = TraceLabApp.Create(running);

// Ctrl+C, "docker stop" and service managers: the command is cancelled and stops at its next await (record --follow
// finishes its batch and prints its summary).
using var interruption = Interruption.Listen();

try
{
    return await app.RunAsync(args, interruption.Token);
}
catch (Exception e) when (interruption.Signal is { } signal && Interruption.IsCancellation(e))
{
    return ErrorReporter.ReportInterrupted(running.Name, signal);
}
catch (Exception e)
{
    return ErrorReporter.Report(e);
}
