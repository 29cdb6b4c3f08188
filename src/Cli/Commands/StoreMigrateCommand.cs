using Spectre.Console.Cli;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab store migrate</c>: creates or updates the TraceLab schema of the event store and says what it
/// changed.</summary>
/// <remarks>Read commands never touch the schema, so a store prepared by its owner can then be read by a role that may
/// only SELECT; <c>up</c> and <c>record</c> do the same migration themselves.</remarks>
internal sealed class StoreMigrateCommand : AsyncCommand<StoreMigrateCommand.Settings>
{
    public sealed class Settings : EventStoreSettings;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var connection = await EventStoreLocator.ConnectionStringAsync(settings.Connection, cancellation);
        await EventStoreConnection.CheckAsync(connection, cancellation);
        Console.Out.WriteLine(await EventStoreMigration.RunAsync(connection, Console.Out.WriteLine, cancellation));
        return ExitCodes.Success;
    }
}
