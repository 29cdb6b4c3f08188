using TraceLab.Policies.Compiled;
using TraceLab.Cli.Cluster;

namespace TraceLab.Cli.Enforcement;

/// <summary>The errors of live enforcement on the embedded cluster (<c>tracelab enforce</c>).</summary>
internal static class EnforcementErrors
{
    /// <summary>The probe the cluster runs has no enforcement (a library from before extension 0.7).</summary>
    public static CliException ProbeTooOld(string missing) =>
        CliException.Create(
            "the probe in the embedded cluster cannot enforce policies",
            $"The probe library the server loaded has no {missing}; enforcement came with extension 0.7 of "
            + "tracelab_probe.",
            "Run \"tracelab up\": it builds the checkout's probe and restarts the cluster when the probe changed.");

    /// <summary>The probe reports a mode this tracelab does not know.</summary>
    public static CliException UnrecognizedMode(string mode) =>
        CliException.Create(
            $"the probe reports an unrecognized enforcement mode \"{mode}\"",
            $"This tracelab knows the modes {string.Join(", ", Enum.GetValues<EnforcementMode>().Select(EnforcementModeNames.Of))}.",
            "Use a tracelab built from the same checkout as the cluster's probe.");

    /// <summary>New sessions still do not show what was asked for after <paramref name="waited"/>; the previous
    /// settings were put back.</summary>
    public static CliException NotInForce(string wanted, EnforcementState seen, TimeSpan waited, string logFile) =>
        CliException.Create(
            $"the embedded cluster did not put {wanted} in force",
            $"After the reload, new sessions still reported {EnforcementText.Describe(seen)} for {waited.TotalSeconds:0} "
            + "seconds. The settings were set back to their previous values, so that a restart of the cluster does not "
            + "stop on them.",
            $"Look in the server log \"{logFile}\" for why the probe refused them. A value set with ALTER ROLE "
            + $"{ClusterConnection.Superuser} SET or ALTER DATABASE postgres SET also hides them from the sessions tracelab "
            + "opens to check.");

    /// <summary>The embedded cluster is not running: there is nothing to enforce on.</summary>
    public static CliException ClusterNotRunning(string stateDirectory) =>
        CliException.Create(
            "the embedded PostgreSQL cluster is not running",
            $"No running cluster was found under \"{stateDirectory}\"; \"tracelab enforce\" changes the settings of that "
            + "cluster only.",
            "Run \"tracelab up\" first.");
}
