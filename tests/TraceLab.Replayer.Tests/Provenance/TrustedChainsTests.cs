using TraceLab.Policies.Model;
using TraceLab.Replayer.Tests.Support;
using static TraceLab.Replayer.Tests.Support.Replays;

namespace TraceLab.Replayer.Tests.Provenance;

/// <summary>The same chains under ddl-needs-trusted-chain with every owner trusted, and with mallory untrusted.</summary>
public sealed class TrustedChainsTests
{
    /// <summary>Scenarios whose escalation runs as mallory herself (or has none): nothing for the rule to block.</summary>
    private static readonly HashSet<string> RunAsTheOwner =
        ["ForeignKeyCascade", "SetRole", "AnalyzeAsOwner", "Autovacuum", "ParallelWorker"];

    public static TheoryData<string> Names => [.. Scenarios.All.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void With_every_owner_trusted_every_operation_is_allowed(string scenario)
    {
        var operations = Operations(Scenarios.All[scenario](true));

        operations.ShouldNotBeEmpty();
        operations.Select(Ddl).ShouldAllBe(v => v.Decision == Decision.Allowed);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void With_mallory_untrusted_only_ddl_induced_by_another_role_is_blocked(string scenario)
    {
        var operations = Operations(Scenarios.All[scenario](false));
        var blocked = operations.Where(o => Ddl(o).IsBlocked).ToList();

        if (RunAsTheOwner.Contains(scenario))
        {
            blocked.ShouldBeEmpty();
            return;
        }

        blocked.Count.ShouldBe(1);
        blocked[0].Category.ShouldBeOneOf(CommandCategory.Role, CommandCategory.Ddl);
        blocked[0].Chain.Select(e => e.Phase).ShouldNotContain(ChainPhase.Unknown);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_entry_of_a_version_2_chain_has_a_phase(string scenario)
    {
        var operations = Operations(Scenarios.All[scenario](false));

        operations.SelectMany(o => o.Chain).ShouldAllBe(e => e.Phase != ChainPhase.Unknown);
    }
}
