using TraceLab.Policies;
using TraceLab.Replayer.Tests.Support;
using static TraceLab.Replayer.Tests.Support.EdgeCaseScripts;

namespace TraceLab.Replayer.Tests.Counterfactual;

/// <summary>A <c>SET ROLE</c> statement is one operation: the statement joined with the role switch it performs.</summary>
public sealed class RoleSwitchRowTests
{
    private static readonly IPolicy NoRoleSwitch = TestPolicy.Blocking("no-role-switch", "SET ROLE");
    private static readonly IPolicy NoSet = TestPolicy.Blocking("no-set", "SET");

    [Fact]
    public async Task A_set_role_statement_is_one_operation_with_the_statements_seq()
    {
        var (s, set) = SetRoleMallory();
        var path = s.Utility(0, 0, Mallory, 0, "SET", "SET search_path = public");
        s.Finished(path);
        var select = s.Statement(0, 0, Mallory, 5, "SELECT", "SELECT 1");
        s.Finished(select);
        var reset = s.Utility(0, 0, Mallory, 0, "RESET", "RESET ROLE");
        s.Switched(reset, 1, Alice, "RESET ROLE", Alice, Alice);

        var report = await Replay(s, BuiltInPolicies.Permissive);

        report.Operations.Select(o => $"{o.Operation.Seq} {o.Operation.Command} {o.Operation.Kind}").ShouldBe(
        [
            $"{set} SET ROLE RoleSwitch",
            $"{path} SET UtilityCommand",
            $"{select} SELECT PlannedStatement",
            $"{reset} RESET ROLE RoleSwitch",
        ]);
        report.Summary.Sessions.Single().Operations.ShouldBe(4);
        report.Operations[0].Operation.Switch.ShouldNotBeNull().OuterUser.Name.ShouldBe("mallory");
    }

    [Fact]
    public async Task The_joined_row_carries_the_switchs_verdict_when_the_statement_is_allowed()
    {
        var (s, set) = SetRoleMallory();

        var report = await Replay(s, NoRoleSwitch);

        var row = report.Operations.ShouldHaveSingleItem();
        row.Operation.Seq.ShouldBe(set);
        row.Verdicts.Single().Outcome.ShouldBe(Outcome.Blocked);
        row.Verdicts.Single().Verdict.Message.ShouldBe("no-role-switch blocks \"SET ROLE\"");
    }

    [Fact]
    public async Task The_joined_row_carries_the_statements_block_and_the_switch_it_stopped_is_not_reported()
    {
        var (s, set) = SetRoleMallory();

        var report = await Replay(s, NoSet);

        var row = report.Operations.ShouldHaveSingleItem();
        row.Operation.Command.ShouldBe("SET ROLE");
        row.Verdicts.Single().Outcome.ShouldBe(Outcome.Blocked);
        row.Verdicts.Single().Verdict.Message.ShouldBe("no-set blocks \"SET\"");
    }

    [Fact]
    public async Task A_set_statement_at_the_end_of_a_session_without_its_end_is_still_reported()
    {
        var s = Begin(trusted: false);
        var path = s.Utility(0, 0, Alice, 0, "SET", "SET search_path = public");

        var report = await Replay(s, BuiltInPolicies.Permissive);
        var streamed = await new ReplayEngine([BuiltInPolicies.Permissive])
            .StreamAsync(s.ToSession(), TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);

        report.Operations.ShouldHaveSingleItem().Operation.Seq.ShouldBe(path);
        streamed.ShouldHaveSingleItem().Operation.Seq.ShouldBe(path);
    }

    /// <summary>alice: SET ROLE mallory, as the probe records it (the statement, the switch under it, its end).</summary>
    private static (SessionScript Script, long Set) SetRoleMallory()
    {
        var s = Begin(trusted: false);
        var set = s.Utility(0, 0, Alice, 0, "SET", "SET ROLE mallory");
        s.Switched(set, 1, Mallory, "SET ROLE", Alice, Mallory);
        s.Finished(set);
        return (s, set);
    }

    private static Task<ReplayReport> Replay(SessionScript script, IPolicy policy) =>
        new ReplayEngine([policy]).ReplayAsync([script.ToSession()], TestContext.Current.CancellationToken);
}
