namespace TraceLab.Policies.Compiled;

/// <summary>The probe's server settings that put a compiled policy in force (extension 0.7; superuser only, read from
/// <c>postgresql.auto.conf</c> on reload).</summary>
public static class EnforcementSettingNames
{
    /// <summary>The compiled policy file the probe loads; relative to the data directory; empty for none.</summary>
    public const string Policy = "tracelab.enforce_policy";

    /// <summary>What the probe does with it: <see cref="EnforcementMode"/>.</summary>
    public const string Mode = "tracelab.enforce_mode";
}
