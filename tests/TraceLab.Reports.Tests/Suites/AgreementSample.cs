using TraceLab.Replayer;
using TraceLab.Scenarios.Agreement;
using TraceLab.Scenarios.Results;

namespace TraceLab.Reports.Tests.Suites;

/// <summary><see cref="SuiteSample"/> run with <c>--enforce</c>: its first scenario under each policy enforced. Under
/// permissive everything agrees; under ddl-needs-trusted-chain the probe let the ALTER ROLE run that the replay
/// predicted blocked, and the attack's reality check did not change; under the user's policy the enforced run could not
/// run.</summary>
internal static class AgreementSample
{
    private static readonly ComparedOperation Insert =
        new("INSERT", [new ChainLink("statement", "INSERT INTO mallory.t_orders VALUES (1, 'first order')", "alice", "execution", StatementText: true)]);

    private static readonly ComparedOperation AlterRole = new("ALTER ROLE",
    [
        .. Insert.Chain,
        new ChainLink("trigger", "trg_orders on mallory.t_orders", "mallory", "execution"),
        new ChainLink("function", "mallory.f(integer, text)", "mallory", "execution"),
        new ChainLink("utility", "ALTER ROLE mallory SUPERUSER", "mallory", "utility", StatementText: true),
    ]);

    public static SuiteReport Report()
    {
        var report = SuiteSample.Report();
        var first = report.Scenarios[0];
        var agreement = new List<AgreementResult>
        {
            Cell("permissive", new AgreementTally(
                [new OperationComparison("alice", Insert, Outcome.Allowed, EnforcedOutcome.Allowed),
                 new OperationComparison("alice", AlterRole, Outcome.Allowed, EnforcedOutcome.Allowed)], 0, 0, 0),
                new EnforcedReality("SELECT 1", "t", "t", false)),
            Cell(SuiteSample.Ddl, new AgreementTally(
                [new OperationComparison("alice", Insert, Outcome.Allowed, EnforcedOutcome.Allowed),
                 new OperationComparison("alice", AlterRole, Outcome.Blocked, EnforcedOutcome.Allowed,
                     new EnforcementMessage("user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"", "Function mallory.f(integer, text) was called.", null))], 1, 2, 0),
                new EnforcedReality("SELECT 1", "t", "t", true)),
            new AgreementResult(SuiteSample.Unjudged, null, null, [], new ScenarioError("could not load enforcement policy from file \"/x\"", "Could not open file \"/x\".", null, null, []),
                "tls_000011_db", "tls_000011_", []),
        };
        var caught = new AgreementTally(
            [new OperationComparison("alice", AlterRole, Outcome.Blocked, EnforcedOutcome.Blocked,
                new EnforcementMessage("user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"", null, null),
                new EnforcementMessage("STUB policy blocks ALTER ROLE", null, null), ErrorConsequence.Caught)], 0, 0, 0);
        var second = report.Scenarios[1] with { };
        return report with
        {
            Scenarios = [first with { Agreement = agreement }, second with { Agreement = [Cell("permissive", caught, null)] }, report.Scenarios[2]],
        };
    }

    private static AgreementResult Cell(string policy, AgreementTally tally, EnforcedReality? reality) =>
        new(policy, tally, reality, [], null, "tls_000010_db", "tls_000010_", [new RecordedSessionRef("2001-1", "alice", "client backend")]);

    public static SuiteReport Enforced() => Report() with { Enforced = true };
}
