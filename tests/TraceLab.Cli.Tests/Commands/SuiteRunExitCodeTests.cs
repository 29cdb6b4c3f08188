using TraceLab.Cli.Suites;
using TraceLab.Replayer;
using TraceLab.Scenarios.Agreement;
using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Parsing;
using TraceLab.Scenarios.Results;

namespace TraceLab.Cli.Tests.Commands;

/// <summary>The exit code of <c>suite run</c>, with and without <c>--enforce</c>: 1 when something could not run, then 4
/// for a mismatch, then 7 for a disagreement of the agreement matrix, else 0; and what each says on standard error.</summary>
[Collection(nameof(ConsoleCapture))]
public sealed class SuiteRunExitCodeTests
{
    private static readonly Scenario Attack = ScenarioParser.Parse("/catalogue/attacks/trigger-on-insert.sql",
        "/*---\ntitle: T\npattern: P\nroles:\n  alice: {}\nexpect:\n  permissive: allowed\n---*/\n-- @step alice\nSELECT 1;\n");

    private static readonly ComparedOperation Select =
        new("SELECT", [new ChainLink("statement", "SELECT 1", "alice", "execution", StatementText: true)]);

    private static AgreementResult Cell(EnforcedOutcome actual, ScenarioError? error = null) => new("permissive",
        error is null ? new AgreementTally([new OperationComparison("alice", Select, Outcome.Allowed, actual)], 0, 0, 0) : null,
        null, [], error, "tls_000002_db", "tls_000002_", []);

    private static SuiteReport Report(ScenarioStatus status, params AgreementResult[] cells) =>
        new(["permissive"], [new ScenarioResult(Attack, status, null, [], "tls_000001_db", "tls_000001_", [], null) { Agreement = cells }])
        {
            Enforced = true,
        };

    [Fact]
    public void Every_cell_agreeing_exits_0()
    {
        var (exit, _, errors) = ConsoleCapture.Run(() => SuiteRun.ExitCode(Report(ScenarioStatus.Passed, Cell(EnforcedOutcome.Allowed))));

        exit.ShouldBe(ExitCodes.Success);
        errors.ShouldBeEmpty();
    }

    [Fact]
    public void A_cell_that_disagrees_exits_7_and_names_the_cell()
    {
        var (exit, _, errors) = ConsoleCapture.Run(() => SuiteRun.ExitCode(Report(ScenarioStatus.Passed, Cell(EnforcedOutcome.Absent))));

        exit.ShouldBe(ExitCodes.SuiteDisagreement);
        exit.ShouldBe(7);
        errors.ShouldBe(
            "error: 1 of 1 cells of the agreement matrix disagree\n" +
            "detail: trigger-on-insert under permissive.\n" +
            "hint: The report lists each operation whose outcome under enforcement differs from the replay's prediction.\n");
    }

    [Fact]
    public void A_mismatch_wins_over_a_disagreement()
    {
        var (exit, _, _) = ConsoleCapture.Run(() => SuiteRun.ExitCode(Report(ScenarioStatus.Mismatch, Cell(EnforcedOutcome.Absent))));

        exit.ShouldBe(ExitCodes.SuiteMismatch);
    }

    [Fact]
    public void An_enforced_run_that_could_not_run_exits_1_with_its_error()
    {
        var error = new ScenarioError("could not load enforcement policy from file \"/x\"", "Could not open file \"/x\".", null, null, []);
        var (exit, _, errors) = ConsoleCapture.Run(() => SuiteRun.ExitCode(Report(ScenarioStatus.Passed, Cell(EnforcedOutcome.Allowed, error))));

        exit.ShouldBe(ExitCodes.Failure);
        errors.ShouldStartWith(
            "error: scenario \"trigger-on-insert\" could not run under policy \"permissive\" enforced: could not load enforcement policy from file \"/x\"\n" +
            "detail: Could not open file \"/x\".\n");
    }
}
