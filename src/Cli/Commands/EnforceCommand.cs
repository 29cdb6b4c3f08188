using TraceLab.Policies.Compiled;
using System.ComponentModel;
using Spectre.Console.Cli;
using TraceLab.Cli.Cluster;
using TraceLab.Cli.Commands.Policies;
using TraceLab.Cli.Enforcement;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab enforce NAME|FILE [--mode warn|block]</c> and <c>tracelab enforce --off</c>: what the probe of
/// the running embedded cluster enforces, for every session from now on.</summary>
/// <remarks>The policy is resolved and compiled as <c>policies compile</c> does, installed into the data directory
/// (<see cref="PolicyInstaller"/>), named by <c>ALTER SYSTEM</c> and reloaded (<see cref="LiveEnforcement"/>). The
/// default mode is <c>warn</c>: a policy is first watched at work, then made to block.</remarks>
internal sealed class EnforceCommand : AsyncCommand<EnforceCommand.Settings>
{
    /// <summary>The mode <c>tracelab enforce NAME|FILE</c> uses without <c>--mode</c>.</summary>
    public const EnforcementMode DefaultMode = EnforcementMode.Warn;

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[NAME|FILE]")]
        [Description("A built-in policy name, or the path of a policy file.")]
        public string? Policy { get; init; }

        [CommandOption("--mode <MODE>")]
        [Description("warn (default: the operations the policy blocks run, with a WARNING) or block (they fail with an "
            + "ERROR).")]
        public string? Mode { get; init; }

        [CommandOption("--off")]
        [Description("Stop enforcing; the policy stays installed, so that enforcing it again is one step.")]
        public bool Off { get; init; }

        /// <summary>The mode asked for (<see cref="DefaultMode"/> when none is given).</summary>
        public EnforcementMode ChosenMode =>
            Mode is null ? DefaultMode
            : EnforcementModeNames.Find(Mode) is { } mode and not EnforcementMode.Off ? mode
            : throw CliException.Usage($"invalid value for --mode: \"{Mode}\"", null,
                $"Use {EnforcementModeNames.Of(EnforcementMode.Warn)} or {EnforcementModeNames.Of(EnforcementMode.Block)}; "
                + "\"tracelab enforce --off\" turns enforcement off.");

        /// <summary>Throws a usage error unless the arguments fit together.</summary>
        /// <remarks>Called when the command runs rather than from <c>Validate</c>, which Spectre calls before
        /// <see cref="CommandLine.StrictCommandLine"/> names an unknown option: that error comes first.</remarks>
        public void Check()
        {
            if (Off && Policy is not null)
            {
                throw CliException.Usage("--off cannot be used with a policy", "--off stops enforcing and keeps the installed policy.",
                    "Run \"tracelab enforce NAME|FILE\" to enforce a policy, or \"tracelab enforce --off\" alone.");
            }

            if (Off && Mode is not null)
            {
                throw CliException.Usage("--off cannot be used with --mode", null,
                    "Run \"tracelab enforce NAME|FILE --mode warn|block\" to enforce a policy, or \"tracelab enforce --off\" alone.");
            }

            if (!Off && Policy is null)
            {
                throw CliException.Usage("a policy to enforce is required", null,
                    "Run \"tracelab enforce NAME|FILE [--mode warn|block]\", or \"tracelab enforce --off\" to stop enforcing.");
            }

            _ = ChosenMode;
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        settings.Check();
        // A policy that does not resolve is reported before the cluster is touched, whether it runs or not.
        var definition = settings.Policy is { } policy ? PolicyArguments.ResolveOne(policy).Definition : null;
        var status = await EmbeddedCluster.ForCheckout().StatusAsync(cancellation);
        if (status is not { Running: true, Connection: { } cluster })
        {
            throw EnforcementErrors.ClusterNotRunning(status.StateDirectory);
        }

        var live = new LiveEnforcement(
            cluster, ClusterLayout.Existing(status.StateDirectory).LogFile, ClusterUser.ForThisProcess(), TimeProvider.System);
        var state = definition is null
            ? await live.TurnOffAsync(cancellation)
            : await live.EnforceAsync(definition, settings.ChosenMode, cancellation);
        Console.Out.WriteLine(EnforcementText.Describe(state));
        return ExitCodes.Success;
    }
}
