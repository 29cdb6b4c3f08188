using TraceLab.Policies.Compiled;
using System.Globalization;

namespace TraceLab.Cli.Enforcement;

/// <summary>The one sentence that tells what is in force, as <c>tracelab enforce</c> prints it and <c>tracelab status</c>
/// shows it in its table.</summary>
internal static class EnforcementText
{
    /// <summary>What nothing in force reads as.</summary>
    public const string None = "none";

    /// <summary><c>policy "ddl-needs-trusted-chain" enforced in warn mode (3 rules, checksum 0a1b2c3d, file "…", loaded
    /// at 2026-07-01 10:00:00Z)</c>, <c>off; policy "…" loaded, not enforced (…)</c>, or <c>none</c>.</summary>
    public static string Describe(EnforcementState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var mode = EnforcementModeNames.Of(state.Mode);
        if (state.PolicyName is not { } name)
        {
            return state.Mode == EnforcementMode.Off ? None : $"{None} (mode {mode}, but no policy is loaded)";
        }

        var facts = $"{state.Rules} {(state.Rules == 1 ? "rule" : "rules")}, checksum {state.Checksum}, file \"{state.PolicyFile}\""
            + (state.LoadedAt is { } at ? $", loaded at {Timestamp(at)}" : "");
        return state.Mode == EnforcementMode.Off
            ? $"{mode}; policy \"{name}\" loaded, not enforced ({facts})"
            : $"policy \"{name}\" enforced in {mode} mode ({facts})";
    }

    /// <summary>A load time in UTC to the second, as a person reads it.</summary>
    public static string Timestamp(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
