using TraceLab.Policies.Language;
using TraceLab.Policies.Model;

namespace TraceLab.Policies.Compiled;

/// <summary>What the compiled form may hold: the values and bits the policy language can express, and its name syntax.
/// Both readers refuse anything else (the probe's <c>policy_load.c</c> has the same masks, checked by a test).</summary>
internal static class PolicyFormatRules
{
    /// <summary>Bits of <see cref="GuardedOperations"/> a rule may guard.</summary>
    public static readonly uint Operations = (uint)Vocabulary.Operations.Aggregate(GuardedOperations.None, (m, w) => m | w.Value);

    /// <summary>Bits of <see cref="TrustedInfrastructure"/>.</summary>
    public static readonly uint Infrastructure =
        (uint)Vocabulary.Infrastructure.Aggregate(TrustedInfrastructure.None, (m, w) => m | w.Value);

    /// <summary>Bits (1 &lt;&lt; <see cref="ChainEntryKind"/>) of the kinds <c>entry-kinds</c> may list.</summary>
    public static readonly ulong EntryKinds =
        Vocabulary.EntryKinds.Where(w => w.Value is not null).Aggregate(0UL, (m, w) => m | (1UL << (int)w.Value!.Value));

    /// <summary>Bits (1 &lt;&lt; <see cref="ChainPhase"/>) of the phases <c>phases</c> may list.</summary>
    public static readonly uint Phases = Vocabulary.Phases.Aggregate(0U, (m, w) => m | (1U << (int)w.Value));

    /// <summary>The largest <see cref="PolicyAction"/>, <see cref="MembershipTrust"/> and <see cref="TrustScope"/>.</summary>
    public const byte MaxAction = (byte)PolicyAction.Block;

    /// <inheritdoc cref="MaxAction"/>
    public const byte MaxMembership = (byte)MembershipTrust.Inherited;

    /// <inheritdoc cref="MaxAction"/>
    public const byte MaxScope = (byte)TrustScope.ImmediateCaller;

    /// <summary>Whether <paramref name="name"/> is a valid policy or rule name: lower case letters and digits in
    /// groups joined by single dashes (LANGUAGE.md).</summary>
    public static bool IsName(string name)
    {
        if (name.Length == 0 || name[0] == '-' || name[^1] == '-')
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var valid = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') || (c == '-' && name[i - 1] != '-');
            if (!valid)
            {
                return false;
            }
        }

        return true;
    }
}
