namespace TraceLab.Policies.Language;

/// <summary>How big and how deep a policy file may be (LANGUAGE.md, "Limits").</summary>
/// <remarks>The largest built-in policy is under 1 kB and nests 6 levels (rules, a rule, trust, roles, a role's list).
/// The limits are far above that, so no real policy meets them; they exist so that no input can exhaust memory
/// (<c>/dev/zero</c> has no end) or the stack (the YAML loader recurses once per level of nesting).</remarks>
public static class PolicyLimits
{
    /// <summary>The most bytes a policy file may have: 1 MiB.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The most levels of nested mappings and lists a policy file may have.</summary>
    public const int MaxDepth = 100;
}
