using TraceLab.Policies.Model;

namespace TraceLab.Policies;

/// <summary>An enforcement rule: judges one operation and its provenance chain.</summary>
/// <remarks>
/// Implementations must be pure and deterministic: no I/O, no clock, no randomness, no state carried from one call to
/// the next. The replayer evaluates many policies over the same operations in one pass and promises byte-for-byte
/// repeatable reports; a policy that looked at anything but its <see cref="Operation"/> would break that promise.
/// </remarks>
public interface IPolicy
{
    /// <summary>The name users select the policy by (<c>ddl-needs-trusted-chain</c>); unique within a replay.</summary>
    string Name { get; }

    /// <summary>One sentence on what the policy refuses.</summary>
    string Description { get; }

    /// <summary>Decides whether <paramref name="operation"/> would have been allowed.</summary>
    Verdict Evaluate(Operation operation);
}
