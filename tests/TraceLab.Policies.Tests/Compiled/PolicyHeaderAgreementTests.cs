using System.Text.RegularExpressions;
using TraceLab.Policies.Compiled;
using TraceLab.Policies.Language;
using TraceLab.Policies.Model;

namespace TraceLab.Policies.Tests.Compiled;

/// <summary>The numbers the probe's <c>policy.h</c> gives every enum of the compiled form are the C# enums' values,
/// one for one, and its constants and masks are the C# reader's.</summary>
public sealed partial class PolicyHeaderAgreementTests
{
    private static readonly Lazy<Dictionary<string, long>> Defines = new(ReadHeader);

    [GeneratedRegex(@"^#define\s+(TL_POLICY_\w+)\s+(.+?)\s*(/\*.*)?$", RegexOptions.Multiline)]
    private static partial Regex Define();

    [GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])")]
    private static partial Regex WordBoundary();

    public static TheoryData<string, string> Enums => new()
    {
        { nameof(PolicyAction), "TL_POLICY_ACTION_" },
        { nameof(TrustScope), "TL_POLICY_SCOPE_" },
        { nameof(MembershipTrust), "TL_POLICY_MEMBERSHIP_" },
        { nameof(TrustedInfrastructure), "TL_POLICY_INFRA_" },
        { nameof(GuardedOperations), "TL_POLICY_OP_" },
        { nameof(ChainEntryKind), "TL_POLICY_ENTRY_" },
        { nameof(ChainPhase), "TL_POLICY_PHASE_" },
        { nameof(Decision), "TL_POLICY_DECISION_" },
        { nameof(OperationKind), "TL_POLICY_OPERATION_KIND_" },
        { nameof(EntryTraits), "TL_POLICY_TRAIT_" },
        { nameof(CommandCategory), "TL_POLICY_CATEGORY_" },
    };

    private static readonly Dictionary<string, Type> Types = new()
    {
        [nameof(PolicyAction)] = typeof(PolicyAction),
        [nameof(TrustScope)] = typeof(TrustScope),
        [nameof(MembershipTrust)] = typeof(MembershipTrust),
        [nameof(TrustedInfrastructure)] = typeof(TrustedInfrastructure),
        [nameof(GuardedOperations)] = typeof(GuardedOperations),
        [nameof(ChainEntryKind)] = typeof(ChainEntryKind),
        [nameof(ChainPhase)] = typeof(ChainPhase),
        [nameof(Decision)] = typeof(Decision),
        [nameof(OperationKind)] = typeof(OperationKind),
        [nameof(EntryTraits)] = typeof(EntryTraits),
        [nameof(CommandCategory)] = typeof(CommandCategory),
    };

    [Theory]
    [MemberData(nameof(Enums))]
    public void Every_enum_value_has_the_same_number_in_the_header(string enumName, string prefix)
    {
        var type = Types[enumName];
        // "None" of a flags enum is no bit: the form writes no name for it.
        var csharp = Enum.GetNames(type)
            .Where(n => !(type.IsDefined(typeof(FlagsAttribute), false) && n == "None"))
            .ToDictionary(n => prefix + WordBoundary().Replace(n, "_").ToUpperInvariant(), n => Convert.ToInt64(Enum.Parse(type, n)));
        var header = Defines.Value.Where(d => d.Key.StartsWith(prefix, StringComparison.Ordinal)
                                              && !d.Key.StartsWith("TL_POLICY_VALID_", StringComparison.Ordinal))
            .ToDictionary(d => d.Key, d => d.Value);

        header.OrderBy(h => h.Key).ShouldBe(csharp.OrderBy(c => c.Key));
    }

    [Fact]
    public void The_header_constants_and_masks_are_the_readers()
    {
        var header = Defines.Value;

        header["TL_POLICY_FORMAT_VERSION"].ShouldBe(PolicyFormat.Version);
        header["TL_POLICY_HEADER_BYTES"].ShouldBe(PolicyFormat.HeaderBytes);
        header["TL_POLICY_CHECKSUM_OFFSET"].ShouldBe(PolicyFormat.ChecksumOffset);
        header["TL_POLICY_MAX_BYTES"].ShouldBe(PolicyFormat.MaxBytes);
        header["TL_POLICY_ABSENT"].ShouldBe(PolicyFormat.Absent);
        header["TL_POLICY_TRUST_SELF"].ShouldBe(PolicyFormat.TrustSelf);
        header["TL_POLICY_TRUST_SUPERUSERS"].ShouldBe(PolicyFormat.TrustSuperusers);
        header["TL_POLICY_WHEN_ENTRY_KINDS"].ShouldBe(PolicyFormat.WhenEntryKinds);
        header["TL_POLICY_WHEN_PLANNER"].ShouldBe(PolicyFormat.WhenPlanner);
        header["TL_POLICY_WHEN_PHASES"].ShouldBe(PolicyFormat.WhenPhases);
        header["TL_POLICY_WHEN_EXECUTOR_CONDITION"].ShouldBe(PolicyFormat.WhenExecutorCondition);
        header["TL_POLICY_WHEN_EXECUTOR_IS_SUPERUSER"].ShouldBe(PolicyFormat.WhenExecutorIsSuperuser);
        header["TL_POLICY_VALID_OPERATIONS"].ShouldBe(PolicyFormatRules.Operations);
        header["TL_POLICY_VALID_INFRA"].ShouldBe(PolicyFormatRules.Infrastructure);
        header["TL_POLICY_VALID_ENTRY_KINDS"].ShouldBe((long)PolicyFormatRules.EntryKinds);
        header["TL_POLICY_VALID_PHASES"].ShouldBe(PolicyFormatRules.Phases);
    }

    /// <summary>The <c>#define TL_POLICY_…</c> lines of policy.h whose value is a number, a product or an OR of
    /// numbers and names defined before.</summary>
    private static Dictionary<string, long> ReadHeader()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TraceLab.sln")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("No checkout above the tests."),
            "src", "Recorder", "Probe", "policy.h");
        var defines = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Match match in Define().Matches(File.ReadAllText(path)))
        {
            if (Evaluate(match.Groups[2].Value, defines) is { } value)
            {
                defines[match.Groups[1].Value] = value;
            }
        }

        return defines;
    }

    private static long? Evaluate(string expression, Dictionary<string, long> defines)
    {
        var text = expression.Replace("UINT64CONST", "", StringComparison.Ordinal).Replace("(", "", StringComparison.Ordinal)
            .Replace(")", "", StringComparison.Ordinal).Trim();
        if (text.StartsWith('"'))
        {
            return null;
        }

        long result = 0;
        foreach (var term in text.Split('|', StringSplitOptions.TrimEntries))
        {
            long product = 1;
            foreach (var factor in term.Split('*', StringSplitOptions.TrimEntries))
            {
                product *= defines.TryGetValue(factor, out var known) ? known
                    : factor.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? Convert.ToInt64(factor[2..], 16)
                    : long.Parse(factor, System.Globalization.CultureInfo.InvariantCulture);
            }

            result |= product;
        }

        return result;
    }
}
