using Spectre.Console;
using Spectre.Console.Cli;
using TraceLab.Cli.Cluster;
using TraceLab.Cli.Demo;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab demo</c>: from nothing to the comparison table, on the embedded cluster.</summary>
internal sealed class DemoCommand : AsyncCommand<DemoCommand.Settings>
{
    public sealed class Settings : CommandSettings;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        AnsiConsole.MarkupLine("[bold]TraceLab demo[/]: can mallory make superuser alice run mallory's DDL, and which policy notices?");
        var connection = await EmbeddedCluster.ForCheckout().UpAsync(m => AnsiConsole.MarkupLineInterpolated($"[grey]   {m}[/]"), cancellation);
        AnsiConsole.MarkupLineInterpolated($"[bold]0.[/] embedded PostgreSQL 15 with the probe on {connection.Host}:{connection.Port}");
        var server = new ServerAccess(connection.SocketConnectionString("postgres"));
        await new DemoRunner(AnsiConsole.Console, TimeProvider.System).RunAsync(server, connection.SpoolDirectory, connection.Npgsql, cancellation);
        AnsiConsole.WriteLine();
        var catalogue = await new DemoCatalogue(AnsiConsole.Console, TimeProvider.System).RunAsync(connection, connection.Npgsql, cancellation);
        return Suites.SuiteRun.ExitCode(catalogue);
    }
}
