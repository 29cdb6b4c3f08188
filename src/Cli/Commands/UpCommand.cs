using Spectre.Console.Cli;
using TraceLab.Cli.Cluster;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab up</c>: create (first time) and start the embedded cluster.</summary>
internal sealed class UpCommand : AsyncCommand<UpCommand.Settings>
{
    public sealed class Settings : CommandSettings;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var connection = await EmbeddedCluster.ForCheckout().UpAsync(Console.Out.WriteLine, cancellation);
        // The schema is created here, by the cluster's superuser, so that read commands find it from the start.
        Console.Out.WriteLine(await EventStoreMigration.RunAsync(connection.Npgsql, null, cancellation));
        Console.Out.WriteLine($"embedded cluster running on {connection.Host}:{connection.Port}, socket directory {connection.SocketDirectory}");
        return 0;
    }
}
