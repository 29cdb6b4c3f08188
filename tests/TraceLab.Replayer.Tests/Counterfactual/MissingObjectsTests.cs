using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Replayer.Tests.Support;
using static TraceLab.Replayer.Tests.Support.TransactionScript;

namespace TraceLab.Replayer.Tests.Counterfactual;

/// <summary>SEMANTICS.md, "Objects a policy prevents": what a statement the policy stopped would have created does not
/// exist under it, and the statements that need it fail as PostgreSQL fails them.</summary>
public sealed class MissingObjectsTests
{
    private const uint PgClass = 1259;
    private const uint PgNamespace = 2615;
    private static readonly TestPolicy NoG = TestPolicy.BlockingCalls("no-g", "mallory.g");
    private static readonly TestPolicy NoF = TestPolicy.BlockingCalls("no-f", "mallory.f");

    [Fact]
    public async Task A_table_whose_statement_a_later_block_failed_is_missing_for_the_statements_that_use_it()
    {
        // Given: CREATE TABLE carol.notes fires mallory's g (blocked), so the table is rolled back; then ALTER TABLE of
        // it (firing h), CREATE INDEX on it (a utility naming it, firing h), and an unrelated statement
        var s = new TransactionScript();
        long alterCall = 0, indexCall = 0, other = 0;
        s.Single("CREATE TABLE", () =>
        {
            s.Effect("create", PgClass, 30010, "carol.notes");
            s.Call(G);
        });
        s.Single("ALTER TABLE", () =>
        {
            s.Effect("alter", PgClass, 30010, "carol.notes");
            alterCall = s.Call(H);
        });
        var index = s.Single("CREATE INDEX", () => indexCall = s.Call(H), targets: [30010]);
        s.Single("SELECT", () => other = s.Call(H));

        var table = await OutcomeTable.ReplayAsync(s, NoG, BuiltInPolicies.Permissive);

        table[alterCall, "no-g"].ShouldBe(Outcome.NotReached);
        table[index, "no-g"].ShouldBe(Outcome.Allowed, "a utility command starts before it looks the relation up");
        table[indexCall, "no-g"].ShouldBe(Outcome.NotReached);
        table[other, "no-g"].ShouldBe(Outcome.Allowed);
        table[alterCall, "permissive"].ShouldBe(Outcome.Allowed);
    }

    [Fact]
    public async Task An_object_created_in_a_schema_a_blocked_call_would_have_created_fails_to_be_created()
    {
        // Given: f (blocked) creates schema 30030; then CREATE TABLE creates relation 30031 in it, its primary key's
        // CREATE INDEX calling h; then an unrelated CREATE TABLE in another schema
        var s = new TransactionScript();
        long indexCall = 0, otherCall = 0;
        s.Single("SELECT", () => s.Call(F, () => s.Statement("CREATE SCHEMA", () => s.Effect("create", PgNamespace, 30030, ""))));
        var create = s.Single("CREATE TABLE", () =>
        {
            s.Effect("create", PgClass, 30031, "", namespaceOid: 30030);
            s.Statement("CREATE INDEX", () => indexCall = s.Call(H));
        });
        s.Single("CREATE TABLE", () =>
        {
            s.Effect("create", PgClass, 30032, "", namespaceOid: 2200);
            otherCall = s.Call(H);
        });

        var table = await OutcomeTable.ReplayAsync(s, NoF, BuiltInPolicies.Permissive);

        // Then: under no-f the CREATE TABLE starts and fails (its schema does not exist); nothing in it runs
        table[create, "no-f"].ShouldBe(Outcome.Allowed);
        table[indexCall, "no-f"].ShouldBe(Outcome.NotReached);
        table[otherCall, "no-f"].ShouldBe(Outcome.Allowed);
        table[indexCall, "permissive"].ShouldBe(Outcome.Allowed);
    }

    [Fact]
    public async Task What_an_aborted_transaction_created_is_missing_afterwards()
    {
        // Given: BEGIN; CREATE TABLE (allowed); SELECT g() (blocked: the transaction aborts); COMMIT; then ALTER TABLE
        var s = new TransactionScript();
        long alterCall = 0;
        s.Begin();
        s.Statement("CREATE TABLE", () => s.Effect("create", PgClass, 30020, "mallory.t2"));
        s.Statement("SELECT", () => s.Call(G));
        s.End();
        s.Single("ALTER TABLE", () =>
        {
            s.Effect("alter", PgClass, 30020, "mallory.t2");
            alterCall = s.Call(H);
        });

        var table = await OutcomeTable.ReplayAsync(s, NoG);

        table[alterCall, "no-g"].ShouldBe(Outcome.NotReached);
    }

    [Fact]
    public async Task EXECUTE_of_a_statement_whose_PREPARE_did_not_happen_runs_nothing_prepared()
    {
        // Given: f (blocked) prepares p; later EXECUTE p runs a query calling h
        var s = new TransactionScript();
        long prepare = 0, inner = 0;
        s.Single("SELECT", () => s.Call(F, () => prepare = s.Statement("PREPARE", text: "PREPARE p AS SELECT h()", prepared: new PreparedStatementReference("p", 0))));
        var execute = s.Single("EXECUTE", () => s.Statement("SELECT", () => inner = s.Call(H)), "EXECUTE p",
            prepared: new PreparedStatementReference("p", prepare));

        var table = await OutcomeTable.ReplayAsync(s, NoF, BuiltInPolicies.Permissive);

        // Then: the EXECUTE starts and fails (26000), judged without the prepared statement it would have run
        table[prepare, "no-f"].ShouldBe(Outcome.NotReached);
        table[execute, "no-f"].ShouldBe(Outcome.Allowed);
        table[inner, "no-f"].ShouldBe(Outcome.NotReached);
        table[inner, "permissive"].ShouldBe(Outcome.Allowed);
    }
}
