using Spectre.Console;
using Spectre.Console.Cli;
using TraceLab.Cli.Cluster;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab down</c>: stop the embedded cluster.</summary>
internal sealed class DownCommand : AsyncCommand<DownCommand.Settings>
{
    public sealed class Settings : CommandSettings;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var stopped = await EmbeddedCluster.ForCheckout().DownAsync(cancellation);
        AnsiConsole.WriteLine(stopped ? "embedded cluster stopped" : "embedded cluster was not running");
        return 0;
    }
}
