using TraceLab.Policies.Compiled;

namespace TraceLab.Scenarios.Running;

/// <summary>What the probe enforces in one run of a scenario (<c>suite run --enforce</c>): a compiled policy in
/// <c>block</c> mode, or explicitly nothing.</summary>
/// <param name="PolicyFile">The compiled policy file as the server reads it (an absolute path, or a path relative to its
/// data directory), or <c>null</c> for a run that must not be enforced: the recording the replay predicts from.</param>
/// <remarks>The run sets it on its own database after <c>@setup</c> (<c>ALTER DATABASE … SET</c>), so every step
/// session, and any autovacuum worker in that database, starts under it, while setup, waits and the reality check,
/// which are the runner's own connections, switch enforcement off for themselves.</remarks>
public sealed record ScenarioEnforcement(string? PolicyFile)
{
    /// <summary>The probe's setting that names the compiled policy file (extension 0.7, superuser only).</summary>
    public const string PolicySetting = EnforcementSettingNames.Policy;

    /// <summary>The probe's setting that says what to do with the policy's decisions.</summary>
    public const string ModeSetting = EnforcementSettingNames.Mode;

    /// <summary>The mode an enforced run uses: a blocked operation raises its ERROR (SQLSTATE 42501).</summary>
    public static string BlockMode { get; } = EnforcementModeNames.Of(EnforcementMode.Block);

    /// <summary>The mode of the runner's own connections and of the run the replay predicts from.</summary>
    public static string OffMode { get; } = EnforcementModeNames.Of(EnforcementMode.Off);

    /// <summary>A run with nothing enforced, whatever the server's own settings say.</summary>
    public static ScenarioEnforcement Off { get; } = new((string?)null);

    /// <summary>The mode this run sets on its database.</summary>
    public string Mode => PolicyFile is null ? OffMode : BlockMode;
}
