using System.ComponentModel;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using TraceLab.Cli.CommandLine;
using TraceLab.Cli.Cluster;
using TraceLab.Cli.Enforcement;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab status</c>: where the embedded cluster lives, how to connect to it, and what its probe
/// enforces.</summary>
/// <remarks>Exit code 0 when the cluster runs, 3 when it does not (as <c>pg_ctl status</c>). What is enforced is asked
/// of a new session (<see cref="EnforcementReading"/>); when that cannot be known (a stopped cluster, a probe from before
/// enforcement) status says so and works all the same. The table hides the bootstrap superuser's password unless
/// <c>--show-password</c> is given; <c>--format json</c> and <c>--format env</c> are read by scripts
/// (<c>eval "$(tracelab status --format env)"</c>) and keep it.</remarks>
internal sealed class StatusCommand : AsyncCommand<StatusCommand.Settings>
{
    private const int NotRunning = ExitCodes.ClusterStopped;

    /// <summary>What the table shows instead of the password (as <see cref="ConnectionStringForm.Redacted"/> does).</summary>
    internal const string HiddenPassword = "********";

    public sealed class Settings : CommandSettings, IFormatSettings
    {
        [CommandOption("-f|--format <FORMAT>")]
        [Description("table (default), json, or env (shell assignments for eval).")]
        [DefaultValue(OutputFormat.Table)]
        public string Format { get; init => field = value.ToLowerInvariant(); } = OutputFormat.Table;

        /// <inheritdoc/>
        public IReadOnlyList<string> Formats => [OutputFormat.Table, OutputFormat.Json, OutputFormat.Env];

        [CommandOption("--show-password")]
        [Description("Show the bootstrap superuser's password in the table (json and env, made for scripts, always include it).")]
        public bool ShowPassword { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var status = await EmbeddedCluster.ForCheckout().StatusAsync(cancellation);
        var c = status.Connection;
        var enforcement = await EnforcementReading.OfAsync(status, cancellation);
        if (settings.Format == OutputFormat.Env)
        {
            WriteEnvironment(status, enforcement);
        }
        else if (settings.Format == OutputFormat.Json)
        {
            var document = new Dictionary<string, object?>
            {
                ["host"] = c?.Host,
                ["port"] = c?.Port,
                ["socket_dir"] = c?.SocketDirectory,
                ["data_dir"] = c?.DataDirectory,
                ["spool_dir"] = c?.SpoolDirectory,
                ["uri"] = c?.Uri,
                ["npgsql"] = c?.Npgsql,
                ["running"] = status.Running,
                ["state_dir"] = status.StateDirectory,
                [EnforcementStatusFields.JsonKey] = EnforcementStatusFields.Json(enforcement.State),
            };
            Console.Out.WriteLine(JsonSerializer.Serialize(document, JsonOutput.Options));
        }
        else
        {
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("state", status.Running ? "[green]running[/]" : status.Initialized ? "[yellow]stopped[/]" : "[yellow]not set up[/] (run \"tracelab up\")");
            grid.AddRow("state directory", Markup.Escape(status.StateDirectory));
            if (c is not null)
            {
                grid.AddRow("host", c.Host);
                grid.AddRow("port", c.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
                grid.AddRow("socket directory", Markup.Escape(c.SocketDirectory));
                grid.AddRow("data directory", Markup.Escape(c.DataDirectory));
                grid.AddRow("spool directory", Markup.Escape(c.SpoolDirectory));
                // A terminal is often shared or recorded (screen sharing, a CI log): the password is shown only on request.
                var shown = settings.ShowPassword ? c : c with { Password = HiddenPassword };
                grid.AddRow("uri", Markup.Escape(settings.ShowPassword ? c.Uri : ConnectionStringForm.Redacted(c.Uri)));
                grid.AddRow("npgsql", Markup.Escape(shown.Npgsql));
                if (!settings.ShowPassword)
                {
                    grid.AddRow("password", "hidden: \"tracelab status --show-password\" shows it, and --format json or env include it");
                }
            }

            if (status.Running)
            {
                grid.AddRow("enforcement", Markup.Escape(
                    enforcement.State is { } state ? EnforcementText.Describe(state) : $"unknown: {enforcement.Unknown}"));
            }

            AnsiConsole.Write(grid);
        }

        return status.Running ? 0 : NotRunning;
    }

    /// <summary>Prints assignments for <c>eval "$(tracelab status --format env)"</c>: psql and tracelab then reach the cluster.</summary>
    private static void WriteEnvironment(ClusterStatus status, EnforcementReading enforcement)
    {
        if (status.Connection is not { } c)
        {
            return;
        }

        Console.Out.WriteLine($"export PGHOST={Shell(c.SocketDirectory)}");
        Console.Out.WriteLine($"export PGPORT={c.Port}");
        Console.Out.WriteLine($"export PGUSER={ClusterConnection.Superuser}");
        Console.Out.WriteLine($"export TRACELAB_CONNECTION={Shell(c.Npgsql)}");
        Console.Out.WriteLine($"export TRACELAB_SPOOL={Shell(c.SpoolDirectory)}");
        foreach (var (name, value) in EnforcementStatusFields.Environment(enforcement.State))
        {
            Console.Out.WriteLine($"export {name}={Shell(value)}");
        }
    }

    private static string Shell(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
