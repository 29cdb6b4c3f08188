using TraceLab.Policies.Compiled;

namespace TraceLab.Cli.Enforcement;

/// <summary>What a new session of the cluster has in force: the row of the probe's <c>tracelab_enforcement()</c>.
/// </summary>
/// <param name="Mode">The probe's <c>tracelab.enforce_mode</c>.</param>
/// <param name="PolicyName">The loaded policy's name, or null when none is loaded.</param>
/// <param name="PolicyFile">The file it was loaded from, as <c>tracelab.enforce_policy</c> names it.</param>
/// <param name="Rules">How many rules it has.</param>
/// <param name="Checksum">The CRC-32C of its compiled form's header, as 8 lower-case hex digits.</param>
/// <param name="LoadedAt">When the server loaded it (at start or on the reload that named it).</param>
internal sealed record EnforcementState(
    EnforcementMode Mode, string? PolicyName, string? PolicyFile, int? Rules, string? Checksum, DateTimeOffset? LoadedAt)
{
    /// <summary>Whether operations are judged: a policy is loaded and the mode is not <c>off</c>.</summary>
    public bool IsEnforcing => PolicyName is not null && Mode != EnforcementMode.Off;
}
