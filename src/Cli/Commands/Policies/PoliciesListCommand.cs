using System.ComponentModel;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using TraceLab.Cli.CommandLine;
using TraceLab.Policies.Catalog;

namespace TraceLab.Cli.Commands.Policies;

/// <summary><c>tracelab policies list</c>: the built-in policies and the question each answers.</summary>
internal sealed class PoliciesListCommand : Command<PoliciesListCommand.Settings>
{
    public sealed class Settings : CommandSettings, IFormatSettings
    {
        [CommandOption("-f|--format <FORMAT>")]
        [Description("table (default) or json.")]
        [DefaultValue(OutputFormat.Table)]
        public string Format { get; init => field = value.ToLowerInvariant(); } = OutputFormat.Table;

        /// <inheritdoc/>
        public IReadOnlyList<string> Formats => [OutputFormat.Table, OutputFormat.Json];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        if (settings.Format == OutputFormat.Json)
        {
            var policies = PolicyCatalog.BuiltIns.Select(p => new Dictionary<string, string> { ["name"] = p.Name, ["description"] = p.Description });
            Console.Out.WriteLine(JsonSerializer.Serialize(new { policies }, JsonOutput.Options));
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("policy").NoWrap()).AddColumn("the question it answers");
        foreach (var policy in PolicyCatalog.BuiltIns)
        {
            table.AddRow(Markup.Escape(policy.Name), Markup.Escape(policy.Description));
        }

        AnsiConsole.Write(table);
        return 0;
    }
}
