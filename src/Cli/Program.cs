using Spectre.Console.Cli;
using TraceLab.Cli;
using TraceLab.Cli.Commands;

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

var running = new RunningCommand();
var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("tracelab");
    config.PropagateExceptions();
    config.SetInterceptor(running);
    config.AddCommand<UpCommand>("up").WithDescription("Create (first time) and start the embedded PostgreSQL 15 cluster with the probe.");
    config.AddCommand<DownCommand>("down").WithDescription("Stop the embedded cluster.");
    config.AddCommand<StatusCommand>("status").WithDescription("Show where the embedded cluster lives and how to connect to it.");
    config.AddCommand<RecordCommand>("record").WithDescription("Ingest probe spool files into the event store.");
    config.AddCommand<SessionsCommand>("sessions").WithDescription("List recorded sessions.");
    config.AddCommand<ShapesCommand>("shapes").WithDescription("List the distinct chain shapes of all recorded sessions, with counts per role and database.");
    config.AddCommand<ReplayCommand>("replay").WithDescription("Replay recorded sessions under policies and show each operation's outcomes.");
    config.AddCommand<DiffCommand>("diff").WithDescription("Show only the operations whose outcome differs between policies.");
    config.AddCommand<ExportCommand>("export").WithDescription("Write recorded sessions to a portable trace file.");
    config.AddCommand<ImportCommand>("import").WithDescription("Append the sessions of a trace file to the event store.");
    config.AddBranch("policies", policies =>
    {
        policies.SetDescription("List, show and check enforcement policies.");
        policies.AddCommand<TraceLab.Cli.Commands.Policies.PoliciesListCommand>("list").WithDescription("List the built-in policies.");
        policies.AddCommand<TraceLab.Cli.Commands.Policies.PoliciesShowCommand>("show").WithDescription("Print a policy's file.");
        policies.AddCommand<TraceLab.Cli.Commands.Policies.PoliciesCheckCommand>("check").WithDescription("Validate policy files.");
    });
    config.AddCommand<DemoCommand>("demo").WithDescription("Record a scripted attack and a benign session, replay them under both policies.");

});

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
