using TraceLab.Policies.Evaluation;
using TraceLab.Policies.Language;
using TraceLab.Policies.Model;

namespace TraceLab.Policies.Messages;

/// <summary>Every owner a rule would have to trust before it stopped blocking or warning about an operation, in chain
/// order from the culprit on.</summary>
/// <remarks>
/// Found by asking the rule itself, not by a second copy of its trust logic: trust the culprit's owner (as the HINT
/// suggests, <c>trust: roles: {executor: [owner]}</c>), decide again, and repeat with the next culprit until the rule
/// allows. So the list is exactly what the HINT's setting must name for the operation to pass, and fixing a policy takes
/// one round trip, not one per owner. It stops at an owner the recording does not describe, or a frame it lacks: no
/// trust setting can name those (<see cref="Complete"/> is then false). Run only when a report reads the message.
/// </remarks>
internal sealed record UntrustedOwners(IReadOnlyList<RoleFacts> Owners, bool Complete)
{
    public static UntrustedOwners Find(CompiledPolicy policy, CompiledRule rule, Operation operation, int culprit)
    {
        var owners = new List<RoleFacts>();
        var key = operation.Executor.Name ?? "*";
        var entry = operation.Chain[culprit];
        while (!entry.Synthetic && entry.Owner.Name is { } name && owners.All(o => o.Name != name))
        {
            owners.Add(entry.Owner);
            var next = Alone(policy, rule, key, owners).Decide(operation);
            if (next.Decision == Decision.Allowed || next.Culprit < 0)
            {
                return new UntrustedOwners(owners, Complete: true);
            }

            entry = operation.Chain[next.Culprit];
        }

        return new UntrustedOwners(owners, Complete: false);
    }

    /// <summary>A policy of <paramref name="rule"/> alone, trusting <paramref name="owners"/> for <paramref name="key"/>
    /// besides what it trusted already.</summary>
    private static CompiledPolicy Alone(CompiledPolicy policy, CompiledRule rule, string key, List<RoleFacts> owners)
    {
        var trust = rule.Definition.Trust;
        var roles = new Dictionary<string, IReadOnlyList<string>>(trust.Roles, StringComparer.Ordinal)
        {
            [key] = [.. (trust.Roles.GetValueOrDefault(key) ?? []).Concat(owners.Select(o => o.Name!))],
        };
        var alone = rule.Definition with { Trust = trust with { Roles = roles } };
        return new CompiledPolicy(policy.Definition with { Default = PolicyAction.Allow, Rules = [alone] });
    }
}
