namespace TraceLab.Policies.Language;

/// <summary>Which part of the chain a rule requires to be trusted (<c>scope:</c>).</summary>
public enum TrustScope
{
    /// <summary><c>whole-chain</c>: every entry from the root down to the operation.</summary>
    WholeChain = 0,

    /// <summary><c>since-last-switch</c>: the entries from the last privilege switch on; the whole chain without one.</summary>
    SinceLastSwitch = 1,

    /// <summary><c>immediate-caller</c>: only the operation's own entry (for a function call, the function).</summary>
    ImmediateCaller = 2,
}
