namespace TraceLab.Policies.Compiled;

/// <summary>What the probe does with the policy it has loaded: the values of its setting <c>tracelab.enforce_mode</c>.
/// </summary>
public enum EnforcementMode
{
    /// <summary>The policy decides nothing (the probe's default); a loaded policy stays loaded.</summary>
    Off,

    /// <summary>An operation the policy blocks runs, with a WARNING carrying the replayer's message.</summary>
    Warn,

    /// <summary>An operation the policy blocks fails with an ERROR (SQLSTATE 42501) carrying the replayer's message.</summary>
    Block,
}
