using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Tests.Support;
using static TraceLab.Replayer.Tests.Support.EdgeCaseScripts;

namespace TraceLab.Replayer.Tests.Counterfactual;

/// <summary>A session's replay remembers the policies' decisions per operation facts (PolicySet): repeated operations
/// are judged as the policies judge them alone, and a role described again in between is seen at once.</summary>
public sealed class RememberedDecisionsTests
{
    [Fact]
    public async Task A_role_described_again_between_identical_calls_is_judged_with_the_facts_in_force_at_each()
    {
        // Given: alice runs mallory's function three times, each in its own statement; mallory is described again as
        // a superuser after the first, and as an ordinary role again after the second
        var s = Begin(trusted: false);
        for (var run = 0; run < 3; run++)
        {
            var select = s.Statement(0, 0, Alice, QSelect, "SELECT", "SELECT mallory.f_evil()");
            var call = s.Entered(select, 1, Alice, FEvil, location: 7);
            var alter = Escalate(s, call, 2);
            s.Finished(alter);
            s.Exited(call);
            s.Finished(select);
            s.TransactionEnded();
            s.Role(Mallory, "mallory", superuser: run == 0);
        }

        // When it is replayed under every built-in
        var engine = new ReplayEngine(BuiltInPolicies.All);
        var report = await engine.ReplayAsync(
            [new RecordedSession(Replays.SessionId, s.Frames.ToAsyncEnumerable())], TestContext.Current.CancellationToken);

        // Then every verdict is the policy's own on that operation, and ddl-needs-trusted-chain (which trusts
        // superusers) blocks the first ALTER ROLE and the third, not the second
        foreach (var replayed in report.Operations)
        {
            replayed.Verdicts.Select(v => v.Verdict).ShouldBe([.. BuiltInPolicies.All.Select(p => p.Evaluate(replayed.Operation))]);
        }

        report.Operations.Where(o => o.Operation.Command == "ALTER ROLE")
            .Select(o => o.VerdictOf("ddl-needs-trusted-chain").Decision)
            .ShouldBe([Decision.Blocked, Decision.Allowed, Decision.Blocked]);
    }
}
