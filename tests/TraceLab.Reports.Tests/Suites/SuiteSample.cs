using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Matching;
using TraceLab.Scenarios.Parsing;
using TraceLab.Scenarios.Results;

namespace TraceLab.Reports.Tests.Suites;

/// <summary>A suite run of three scenarios under two policies: one passed, one mismatch (reality and policy), one that
/// could not run; the writers' tests write it in every format. The third policy is judged nowhere.</summary>
internal static class SuiteSample
{
    public const string Ddl = "ddl-needs-trusted-chain";

    /// <summary>A user's policy no scenario states an expectation for.</summary>
    public const string Unjudged = "mine";

    public static readonly OperationKey AlterRole =
        new("ALTER ROLE", new CulpritKey("function", "mallory.f(integer, text)", "mallory"));

    public static SuiteReport Report()
    {
        var passed = Scenario("attacks", "trigger-on-insert", $"  permissive: allowed\n  {Ddl}:\n    blocked:\n      - command: ALTER ROLE\n        culprit: {{kind: function, object: \"mallory.f(integer, text)\", owner: mallory}}\n");
        var mismatch = Scenario("benign", "own-function", $"  permissive: allowed\n  {Ddl}: allowed\n");
        var broken = Scenario("attacks", "broken-setup", "  permissive: allowed\n");
        return new SuiteReport(["permissive", Ddl, Unjudged],
        [
            Result(passed, ScenarioStatus.Passed, new RealityResult("SELECT 1", "t", "t"),
                Policy(passed, "permissive", ObservedOutcome.Nothing), Policy(passed, Ddl, Blocked(AlterRole)), Policy(passed, Unjudged, Blocked(AlterRole))),
            Result(mismatch, ScenarioStatus.Mismatch, new RealityResult("SELECT 2", "f", "t"),
                Policy(mismatch, "permissive", ObservedOutcome.Nothing), Policy(mismatch, Ddl, Blocked(AlterRole)), Policy(mismatch, Unjudged, ObservedOutcome.Nothing)),
            new ScenarioResult(broken.Scenario, ScenarioStatus.CouldNotRun, null, [], "tls_000003_db", "tls_000003_", [],
                new ScenarioError("relation \"t\" does not exist", null, null, "setup (line 12)",
                    ["ERROR:  relation \"t\" does not exist", "LINE 1: SELECT * FROM t;"])),
        ]);
    }

    private static (Scenario Scenario, int Number) Scenario(string directory, string id, string expect)
    {
        var text = $"/*---\ntitle: Title of {id}\npattern: Pattern of {id}\nroles:\n  alice: {{}}\n  mallory: {{}}\nexpect:\n{expect}---*/\n-- @step alice\nSELECT 1;\n";
        return (ScenarioParser.Parse($"/catalogue/{directory}/{id}.sql", text), id.Length);
    }

    private static ObservedOutcome Blocked(params OperationKey[] operations) => new(operations.ToHashSet(), new HashSet<OperationKey>());

    private static PolicyResult Policy((Scenario Scenario, int) scenario, string policy, ObservedOutcome actual)
    {
        var expected = scenario.Scenario.ExpectationFor(policy);
        return new PolicyResult(policy, expected, actual, ExpectationMatcher.Judge(expected, actual));
    }

    private static ScenarioResult Result((Scenario Scenario, int Number) scenario, ScenarioStatus status, RealityResult reality, params PolicyResult[] policies) =>
        new(scenario.Scenario, status, reality, policies, $"tls_00000{scenario.Number}_db", $"tls_00000{scenario.Number}_",
            [new RecordedSessionRef($"100{scenario.Number}-1", "alice", "client backend")], null);
}
