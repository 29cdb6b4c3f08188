using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Matching;
using TraceLab.Scenarios.Writing;

namespace TraceLab.Reports.Suites;

/// <summary>What a policy actually did, written as the <c>expect:</c> member a scenario header would state it with, so
/// a reviewed outcome can be pasted into the file.</summary>
internal static class ExpectationYaml
{
    /// <summary>The lines of <c>POLICY: …</c>, indented for a header's <c>expect:</c>, as the scenario writer writes
    /// them (<see cref="ScenarioWriter.ExpectationLines"/>).</summary>
    public static IEnumerable<string> Of(string policy, ObservedOutcome actual) =>
        ScenarioWriter.ExpectationLines(new PolicyExpectation(policy, actual.Blocked, actual.Warned));
}
