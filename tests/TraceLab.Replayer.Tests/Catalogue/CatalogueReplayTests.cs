using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Tests.Support;
using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Matching;
using TraceLab.Scenarios.Results;

namespace TraceLab.Replayer.Tests.Catalogue;

/// <summary>Every scenario of the catalogue, replayed from its golden trace with no database: each built-in policy must
/// do exactly what the scenario file expects of it, as <c>tracelab suite run</c> judges it on a live server.</summary>
/// <remarks>These are the replayer's tests of every attack and benign path: the chains the real probe recorded, not
/// hand-built events. A failure after a probe or scenario change: run <c>scripts/make-golden-traces.sh</c>, review, and
/// commit the new traces with the change.</remarks>
public sealed class CatalogueReplayTests
{
    public static TheoryData<string> Scenarios => [.. GoldenTrace.Catalogue.Select(s => s.Id)];

    /// <summary>The benign twins of attack paths: the same path with every owner the victim or a superuser.</summary>
    public static TheoryData<string> TrustedTwins =>
        [.. GoldenTrace.Catalogue.Where(s => s.Kind == ScenarioKind.Benign && s.Pattern.Contains("with every owner in the chain", StringComparison.Ordinal)).Select(s => s.Id)];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void The_golden_trace_was_recorded_from_the_scenario_as_it_is(string scenario)
    {
        var file = GoldenTrace.ScenarioOf(scenario);
        var path = GoldenTrace.CataloguePath(file);

        File.Exists(GoldenTrace.TracePath(file)).ShouldBeTrue($"{path} has no golden trace: run scripts/make-golden-traces.sh {path}");
        GoldenTrace.Manifest.TryGetValue(path, out var recordedHash).ShouldBeTrue($"scenarios/recorded/MANIFEST does not name {path}");
        recordedHash.ShouldBe(GoldenTrace.CurrentHash(file), $"{path} changed since its trace was recorded: run scripts/make-golden-traces.sh {path}");
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Every_built_in_policy_does_what_the_scenario_expects(string scenario)
    {
        var trace = GoldenTrace.Of(scenario);
        var policies = BuiltInPolicies.All;

        var report = await trace.ReplayAsync(policies, TestContext.Current.CancellationToken);

        var mismatches = policies
            .Select(p => (Policy: p.Name, Expected: trace.Scenario.ExpectationFor(p.Name)))
            .Select(p => (p.Policy, p.Expected, Actual: OutcomeCollector.Collect(report, p.Policy, trace.Names).As(p.Expected)))
            .Where(p => ExpectationMatcher.Judge(p.Expected, p.Actual) is MatrixCell.Mismatch or MatrixCell.Unjudged)
            .Select(p => $"{p.Policy}: expected blocked [{string.Join("; ", p.Expected?.Blocked ?? new HashSet<OperationKey>())}] "
                + $"warned [{string.Join("; ", p.Expected?.Warned ?? new HashSet<OperationKey>())}], "
                + $"replayed blocked [{string.Join("; ", p.Actual.Blocked)}] warned [{string.Join("; ", p.Actual.Warned)}]");
        mismatches.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_scenario_records_operations_and_every_chain_entry_has_a_phase(string scenario)
    {
        var operations = GoldenTrace.Of(scenario).Operations();

        operations.ShouldNotBeEmpty();
        operations.SelectMany(o => o.Chain).ShouldAllBe(e => e.Phase != ChainPhase.Unknown);
    }

    [Theory]
    [MemberData(nameof(TrustedTwins))]
    public void With_every_owner_trusted_ddl_needs_trusted_chain_allows_every_operation(string scenario)
    {
        var operations = GoldenTrace.Of(scenario).Operations();

        operations.Where(o => o.Category is CommandCategory.Ddl or CommandCategory.Role or CommandCategory.Grant).ShouldNotBeEmpty();
        operations.Select(BuiltInPolicies.DdlNeedsTrustedChain.Evaluate).ShouldAllBe(v => v.Decision == Decision.Allowed);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void What_ddl_needs_trusted_chain_blocks_is_ddl_run_for_another_role(string scenario)
    {
        var trace = GoldenTrace.Of(scenario);

        var blocked = trace.Operations().Select(o => (Operation: o, Verdict: BuiltInPolicies.DdlNeedsTrustedChain.Evaluate(o)))
            .Where(o => o.Verdict.IsBlocked).ToList();

        blocked.ShouldAllBe(o => o.Operation.Category == CommandCategory.Ddl || o.Operation.Category == CommandCategory.Role
            || o.Operation.Category == CommandCategory.Grant);
        blocked.ShouldAllBe(o => o.Verdict.CulpritIndex != null);
    }
}
