using TraceLab.Policies.Compiled;

namespace TraceLab.Cli.Enforcement;

/// <summary>How <c>tracelab status</c> writes what is enforced in its JSON and env formats: each name once.</summary>
/// <remarks>The JSON object's keys are the columns of the probe's <c>tracelab_enforcement()</c>, so a script reads the
/// same names from either.</remarks>
internal static class EnforcementStatusFields
{
    /// <summary>The key of the JSON object (null when unknown).</summary>
    public const string JsonKey = "enforcement";

    /// <summary>The mode in force: off, warn or block; empty when unknown.</summary>
    public const string ModeVariable = "TRACELAB_ENFORCE_MODE";

    /// <summary>The name of the loaded policy; empty when none is loaded or when unknown.</summary>
    public const string PolicyVariable = "TRACELAB_ENFORCE_POLICY";

    /// <summary>The JSON object of <paramref name="state"/>, or null when it is unknown.</summary>
    public static Dictionary<string, object?>? Json(EnforcementState? state) => state is null
        ? null
        : new Dictionary<string, object?>
        {
            ["mode"] = EnforcementModeNames.Of(state.Mode),
            ["policy_name"] = state.PolicyName,
            ["policy_file"] = state.PolicyFile,
            ["rules"] = state.Rules,
            ["checksum"] = state.Checksum,
            ["loaded_at"] = state.LoadedAt?.ToUniversalTime(),
        };

    /// <summary>The shell variables of <paramref name="state"/>, empty when it is unknown.</summary>
    public static IEnumerable<(string Name, string Value)> Environment(EnforcementState? state) =>
    [
        (ModeVariable, state is null ? "" : EnforcementModeNames.Of(state.Mode)),
        (PolicyVariable, state?.PolicyName ?? ""),
    ];
}
