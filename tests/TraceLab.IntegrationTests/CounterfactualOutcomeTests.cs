using TraceLab.IntegrationTests.Support;
using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Replayer;

namespace TraceLab.IntegrationTests;

/// <summary>Issue 5's counterfactual outcomes (src/Replayer/SEMANTICS.md) on real recorded sessions: alice, a
/// superuser, runs mallory's functions, one of which alters a role. ddl-needs-trusted-chain blocks that ALTER ROLE and
/// nothing else, so every other outcome under it is caused by that one block; permissive shows the same operations
/// allowed.</summary>
public sealed class CounterfactualOutcomeTests(TestCluster cluster) : IAsyncLifetime
{
    private const string Ddl = "ddl-needs-trusted-chain";
    private const string Permissive = "permissive";

    private ScenarioLab lab = null!;

    public async ValueTask InitializeAsync()
    {
        lab = await ScenarioLab.CreateAsync(cluster);
        await lab.CreateRoleAsync("alice", superuser: true);
        await lab.CreateRoleAsync("mallory");
        await lab.CreateRoleAsync("target");
        // step_one and step_two are harmless calls before and after the ALTER ROLE, so outcomes can be told apart by
        // function; careful() catches the ALTER ROLE's error in an EXCEPTION block.
        await lab.SetUpAsync("""
            SET ROLE {mallory};
            CREATE FUNCTION {mallory}.step_one() RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$;
            CREATE FUNCTION {mallory}.step_two() RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$;
            CREATE FUNCTION {mallory}.tidy() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM {mallory}.step_one();
                EXECUTE 'ALTER ROLE {target} CREATEDB';
                PERFORM {mallory}.step_two();
            END $$;
            CREATE FUNCTION {mallory}.careful() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                BEGIN
                    EXECUTE 'ALTER ROLE {target} CREATEDB';
                    PERFORM {mallory}.step_one();
                EXCEPTION WHEN others THEN
                    NULL;
                END;
                PERFORM {mallory}.step_two();
            END $$;
            """);
    }

    public ValueTask DisposeAsync() => lab.DisposeAsync();

    [Fact]
    public async Task A_block_in_a_transaction_ends_its_statement_and_aborts_the_rest_of_the_transaction()
    {
        var session = await lab.RunSessionAsync(
            "alice",
            "BEGIN",
            "SELECT {mallory}.tidy()",
            "SELECT 1 AS after_block",
            "CREATE TABLE {alice}.made_after_block(i integer)",
            "COMMIT",
            "SELECT 2 AS next_transaction");

        var replay = await ReplayAsync(session);

        var tidy = replay.Statement("SELECT {mallory}.tidy()");
        tidy.Blocked().Operation.Command.ShouldBe("ALTER ROLE");
        tidy.Calling("step_one").Count.ShouldBe(2, "the PERFORM query and the call");
        tidy.Calling("step_one").ShouldAllBe(o => o.Under(Ddl) == Outcome.Allowed);
        tidy.Calling("step_two").Count.ShouldBe(2);
        tidy.Calling("step_two").ShouldAllBe(o => o.Under(Ddl) == Outcome.NotReached);
        replay.Statement("SELECT 1 AS after_block").ShouldAllBe(o => o.Under(Ddl) == Outcome.Aborted);
        replay.Statement("CREATE TABLE {alice}.made_after_block(i integer)").ShouldAllBe(o => o.Under(Ddl) == Outcome.Aborted);
        replay.Statement("COMMIT").ShouldAllBe(o => o.Under(Ddl) == Outcome.Allowed);
        replay.Statement("SELECT 2 AS next_transaction").ShouldAllBe(o => o.Under(Ddl) == Outcome.Allowed);
        replay.Operations.ShouldAllBe(o => o.Under(Permissive) == Outcome.Allowed);
    }

    [Fact]
    public async Task A_rollback_to_a_savepoint_opened_before_the_block_repairs_the_transaction()
    {
        var session = await lab.RunSessionAsync(
            "alice",
            "BEGIN",
            "SAVEPOINT before_block",
            "SELECT {mallory}.tidy()",
            "SELECT 1 AS after_block",
            "ROLLBACK TO SAVEPOINT before_block",
            "SELECT 2 AS after_rollback_to",
            "COMMIT");

        var replay = await ReplayAsync(session);

        replay.Statement("SELECT {mallory}.tidy()").Blocked().Operation.Command.ShouldBe("ALTER ROLE");
        replay.Statement("SELECT 1 AS after_block").ShouldAllBe(o => o.Under(Ddl) == Outcome.Aborted);
        replay.Statement("ROLLBACK TO SAVEPOINT before_block").ShouldAllBe(o => o.Under(Ddl) == Outcome.Allowed);
        replay.Statement("SELECT 2 AS after_rollback_to").ShouldAllBe(o => o.Under(Ddl) == Outcome.Allowed);
        replay.Statement("COMMIT").ShouldAllBe(o => o.Under(Ddl) == Outcome.Allowed);
        replay.Operations.ShouldAllBe(o => o.Under(Permissive) == Outcome.Allowed);
    }

    [Fact]
    public async Task A_savepoint_opened_after_the_block_repairs_nothing()
    {
        // In PostgreSQL the SAVEPOINT itself would have failed in the aborted transaction, so rolling back to it cannot
        // bring the transaction back.
        var session = await lab.RunSessionAsync(
            "alice",
            "BEGIN",
            "SELECT {mallory}.tidy()",
            "SAVEPOINT after_block",
            "ROLLBACK TO SAVEPOINT after_block",
            "SELECT 1 AS still_aborted",
            "ROLLBACK");

        var replay = await ReplayAsync(session);

        replay.Statement("SAVEPOINT after_block").ShouldAllBe(o => o.Under(Ddl) == Outcome.Aborted);
        replay.Statement("ROLLBACK TO SAVEPOINT after_block").ShouldAllBe(o => o.Under(Ddl) == Outcome.Allowed);
        replay.Statement("SELECT 1 AS still_aborted").ShouldAllBe(o => o.Under(Ddl) == Outcome.Aborted);
        replay.Statement("ROLLBACK").ShouldAllBe(o => o.Under(Ddl) == Outcome.Allowed);
    }

    [Fact]
    public async Task A_block_caught_by_an_exception_block_makes_the_rest_of_the_function_uncertain_and_nothing_after_it()
    {
        var session = await lab.RunSessionAsync(
            "alice",
            "BEGIN",
            "SELECT {mallory}.careful(), {mallory}.step_two() AS after_careful",
            "SELECT {mallory}.step_one() AS next_statement",
            "COMMIT");

        var replay = await ReplayAsync(session);

        var careful = replay.Statement("SELECT {mallory}.careful(), {mallory}.step_two() AS after_careful");
        careful.Blocked().Operation.Command.ShouldBe("ALTER ROLE");
        var inside = careful.Where(o => o.Enters("careful") && o.Operation.Seq > careful.Blocked().Operation.Seq).ToList();
        inside.Count.ShouldBeGreaterThanOrEqualTo(4, "step_one in the EXCEPTION block and step_two after it, each a query and a call");
        inside.ShouldAllBe(o => o.Under(Ddl) == Outcome.HandlerWouldRun);
        var afterReturn = careful.Where(o => !o.Enters("careful") && o.Operation.Seq > careful.Blocked().Operation.Seq).ToList();
        afterReturn.ShouldNotBeEmpty("the statement's own call of step_two, after careful() returned");
        afterReturn.ShouldAllBe(o => o.Under(Ddl) == Outcome.Allowed);
        careful.Where(o => o.Operation.Seq < careful.Blocked().Operation.Seq).ShouldAllBe(o => o.Under(Ddl) == Outcome.Allowed);
        replay.Statement("SELECT {mallory}.step_one() AS next_statement").ShouldAllBe(o => o.Under(Ddl) == Outcome.Allowed);
        replay.Statement("COMMIT").ShouldAllBe(o => o.Under(Ddl) == Outcome.Allowed);
        replay.Operations.ShouldAllBe(o => o.Under(Permissive) == Outcome.Allowed);
    }

    [Fact]
    public async Task In_autocommit_the_next_statement_is_judged_normally()
    {
        var session = await lab.RunSessionAsync(
            "alice",
            "SELECT {mallory}.tidy()",
            "SELECT {mallory}.step_two() AS next_statement");

        var replay = await ReplayAsync(session);

        var tidy = replay.Statement("SELECT {mallory}.tidy()");
        tidy.Blocked().Operation.Command.ShouldBe("ALTER ROLE");
        tidy.Calling("step_two").ShouldAllBe(o => o.Under(Ddl) == Outcome.NotReached);
        var next = replay.Statement("SELECT {mallory}.step_two() AS next_statement");
        next.Calling("step_two").ShouldNotBeEmpty();
        next.ShouldAllBe(o => o.Under(Ddl) == Outcome.Allowed);
        replay.Operations.ShouldAllBe(o => o.Under(Permissive) == Outcome.Allowed);
    }

    private async Task<Replay> ReplayAsync(string sessionId)
    {
        var events = await lab.EventsAsync(sessionId);
        var engine = new ReplayEngine([BuiltInPolicies.Permissive, BuiltInPolicies.DdlNeedsTrustedChain]);
        var report = await engine.ReplayAsync([RecordedSession.FromFrames(sessionId, events)], TestContext.Current.CancellationToken);
        var blocked = report.Operations.Where(o => o.Under(Ddl) == Outcome.Blocked).ToList();
        blocked.Count.ShouldBe(1, "ddl-needs-trusted-chain blocks the ALTER ROLE and nothing else");
        return new Replay(lab, report.Operations);
    }

    /// <summary>A replayed session, looked up by the top-level statements the test sent.</summary>
    private sealed class Replay(ScenarioLab lab, IReadOnlyList<ReplayedOperation> operations)
    {
        public IReadOnlyList<ReplayedOperation> Operations => operations;

        /// <summary>The operations of the top-level statement with <paramref name="text"/> (the statement itself and
        /// everything it ran), in order.</summary>
        public List<ReplayedOperation> Statement(string text)
        {
            var sql = lab.Expand(text);
            var roots = operations
                .Where(o => o.Operation.Chain.Count == 1 && o.Operation.Chain[0].Kind == ChainEntryKind.Statement
                            && o.Operation.Chain[0].ObjectName == sql)
                .Select(o => o.Operation.Chain[0].Seq)
                .ToList();
            roots.Count.ShouldBe(1, $"the statement \"{sql}\" was recorded once");
            return [.. operations.Where(o => o.Operation.Chain[0].Seq == roots[0])];
        }
    }
}

/// <summary>Questions the counterfactual tests ask about replayed operations.</summary>
internal static class CounterfactualQueries
{
    public static Outcome Under(this ReplayedOperation operation, string policy) =>
        operation.Verdicts.Single(v => v.Policy == policy).Outcome;

    /// <summary>The one operation the DDL policy blocked among <paramref name="operations"/>.</summary>
    public static ReplayedOperation Blocked(this IEnumerable<ReplayedOperation> operations) =>
        operations.Single(o => o.Under("ddl-needs-trusted-chain") == Outcome.Blocked);

    /// <summary>The calls of mallory's <paramref name="function"/> and the PERFORM queries that made them.</summary>
    public static List<ReplayedOperation> Calling(this IEnumerable<ReplayedOperation> operations, string function) =>
        [.. operations.Where(o => o.Operation.Chain.Count > 1 && o.Operation.Chain[^1].ObjectName.Contains(function, StringComparison.Ordinal))];

    /// <summary>Whether the operation runs inside a call of mallory's <paramref name="function"/>.</summary>
    public static bool Enters(this ReplayedOperation operation, string function) =>
        operation.Operation.Chain.Take(operation.Operation.Chain.Count - 1)
            .Any(e => e.Kind == ChainEntryKind.Function && e.ObjectName.Contains("." + function + "(", StringComparison.Ordinal));
}
