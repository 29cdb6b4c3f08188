using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary>Issue 4's "Done when" on real recorded sessions: the catalog's rules disagree exactly where they should.</summary>
public sealed class PolicyCatalogTests(TestCluster cluster) : IAsyncLifetime
{
    private ScenarioLab lab = null!;

    public async ValueTask InitializeAsync()
    {
        lab = await ScenarioLab.CreateAsync(cluster);
        await lab.CreateRoleAsync("alice", superuser: true);
        await lab.CreateRoleAsync("mallory");
        await lab.CreateRoleAsync("bob");
        await lab.CreateRoleAsync("team");
    }

    public ValueTask DisposeAsync() => lab.DisposeAsync();

    [Fact]
    public async Task A_trigger_that_only_copies_rows_is_allowed_by_the_ddl_rule_and_blocked_by_the_sandbox_and_the_strict_rule()
    {
        await lab.SetUpAsync("""
            SET ROLE {mallory};
            CREATE TABLE {mallory}.orders(id integer, note text);
            CREATE TABLE {mallory}.copies(id integer, note text);
            CREATE FUNCTION {mallory}.keep_copy() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN INSERT INTO {mallory}.copies VALUES (NEW.id, NEW.note); RETURN NEW; END $$;
            CREATE TRIGGER orders_copy AFTER INSERT ON {mallory}.orders FOR EACH ROW EXECUTE FUNCTION {mallory}.keep_copy();
            GRANT INSERT ON {mallory}.orders TO PUBLIC;
            """);

        var session = await lab.RunSessionAsync("alice", "INSERT INTO {mallory}.orders VALUES (1, 'secret')");

        var operations = await lab.ReplayJsonAsync(session);
        operations.ShouldAllBe(o => o.Decision("ddl-needs-trusted-chain") == "allowed");
        operations.ShouldAllBe(o => o.Decision("permissive") == "allowed");

        var copy = operations.Single(o => o.Command() == "INSERT" && o.Chain().Count > 1);
        copy.Chain().Select(e => e.Kind).ShouldBe(["statement", "trigger", "function", "query"]);
        copy.Decision("sandbox-untrusted").ShouldBe("blocked");
        copy.Message("sandbox-untrusted").ShouldBe(
            $"user \"{lab.Role("mallory")}\" may not induce user \"{lab.Role("alice")}\" to execute \"INSERT\"");

        var trigger = operations.Single(o => o.Command() == "EXECUTE FUNCTION");
        trigger.Decision("strict-trusted-chain").ShouldBe("blocked");
        trigger.Decision("sandbox-untrusted").ShouldBe("allowed", "the sandbox lets untrusted code run, only not write");

        var top = operations.Single(o => o.Command() == "INSERT" && o.Chain().Count == 1);
        top.Decision("strict-trusted-chain").ShouldBe("allowed");
        top.Decision("sandbox-untrusted").ShouldBe("allowed");
    }

    [Fact]
    public async Task A_trigger_of_a_group_role_is_blocked_by_the_strict_rule_and_allowed_by_its_membership_aware_variant()
    {
        await lab.SetUpAsync("""
            ALTER ROLE {team} NOLOGIN;
            GRANT {team} TO {bob};
            SET ROLE {team};
            CREATE TABLE {team}.tasks(id integer, stamped boolean);
            CREATE FUNCTION {team}.stamp() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN NEW.stamped := true; RETURN NEW; END $$;
            CREATE TRIGGER tasks_stamp BEFORE INSERT ON {team}.tasks FOR EACH ROW EXECUTE FUNCTION {team}.stamp();
            GRANT INSERT ON {team}.tasks TO {bob};
            """);

        var session = await lab.RunSessionAsync("bob", "INSERT INTO {team}.tasks(id) VALUES (1)");

        var call = (await lab.ReplayJsonAsync(session)).Single(o => o.Command() == "EXECUTE FUNCTION");
        call.Executor().ShouldBe(lab.Role("bob"));
        call.Chain().Skip(1).ShouldAllBe(e => e.Owner == lab.Role("team"));
        call.Decision("strict-trusted-chain").ShouldBe("blocked");
        call.Message("strict-trusted-chain").ShouldBe(
            $"user \"{lab.Role("team")}\" may not induce user \"{lab.Role("bob")}\" to execute function {lab.Role("team")}.stamp()");
        call.Decision("strict-trusted-chain-membership").ShouldBe("allowed");
    }

    [Fact]
    public async Task A_security_definer_boundary_limits_the_chain_under_the_since_definer_variant()
    {
        await lab.SetUpAsync("""
            SET ROLE {mallory};
            CREATE FUNCTION {mallory}.archive() RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$
            BEGIN EXECUTE 'CREATE TABLE IF NOT EXISTS {mallory}.archive(i integer)'; END $$;
            """);

        var session = await lab.RunSessionAsync("bob", "SELECT {mallory}.archive()");

        var create = (await lab.ReplayJsonAsync(session)).Single(o => o.Command() == "CREATE TABLE");
        create.Executor().ShouldBe(lab.Role("mallory"));
        create.OwnVerdict("strict-trusted-chain").ShouldBe("blocked", "mallory does not trust bob, who entered the statement");
        create.Decision("strict-trusted-chain").ShouldBe("not_reached", "the strict rule blocks the call of archive() first");
        create.Decision("strict-trusted-chain-since-definer").ShouldBe("allowed");
        create.Decision("ddl-needs-trusted-chain").ShouldBe("blocked");
    }

    [Fact]
    public async Task An_operator_of_an_operator_class_is_trusted_infrastructure_under_the_infrastructure_variant()
    {
        await lab.SetUpAsync("""
            SET ROLE {mallory};
            CREATE FUNCTION {mallory}.int_eq(a integer, b integer) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
            BEGIN RETURN a OPERATOR(pg_catalog.=) b; END $$;
            CREATE OPERATOR {mallory}.=== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = {mallory}.int_eq);
            CREATE FUNCTION {mallory}.int_hash(i integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT hashint4(i)';
            RESET ROLE;
            CREATE OPERATOR CLASS {mallory}.int_ops FOR TYPE integer USING hash AS
                OPERATOR 1 {mallory}.===, FUNCTION 1 {mallory}.int_hash(integer);
            ALTER OPERATOR FAMILY {mallory}.int_ops USING hash OWNER TO {mallory};
            """);

        var session = await lab.RunSessionAsync("bob", "SELECT x OPERATOR({mallory}.===) 1 FROM (VALUES (1), (2)) AS v(x)");

        var calls = (await lab.ReplayJsonAsync(session)).Where(o => o.Command() == "EXECUTE FUNCTION").ToList();
        calls.Count.ShouldBe(2);
        calls.ShouldAllBe(c => c.Chain().Any(e => e.Kind == "operator" && e.Owner == lab.Role("mallory")));
        calls.ShouldAllBe(c => c.OwnVerdict("strict-trusted-chain") == "blocked");
        calls.Select(c => c.Decision("strict-trusted-chain")).ShouldBe(["blocked", "not_reached"], "the first block ends the SELECT");
        calls.ShouldAllBe(c => c.Decision("strict-trusted-chain-infrastructure") == "allowed");
    }
}
