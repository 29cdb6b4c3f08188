using System.Collections.Frozen;

namespace TraceLab.Policies.Model;

/// <summary>Maps PostgreSQL command tags to <see cref="CommandCategory"/>.</summary>
/// <remarks>
/// <para>
/// The table lists every tag of PostgreSQL 15 (<c>src/include/tcop/cmdtaglist.h</c> on REL_15_STABLE) by its exact
/// text, so a policy never depends on a guess for a tag the server can produce. Tags from later versions fall back to
/// a prefix rule: <c>CREATE</c>, <c>ALTER</c> and <c>DROP</c> are DDL, anything else is
/// <see cref="CommandCategory.Other"/>.
/// </para>
/// <para>Borderline cases, decided so that a rule guarding DDL, roles and grants errs on the side of guarding:</para>
/// <list type="bullet">
/// <item><c>ALTER ROLE</c>, <c>CREATE ROLE</c>, <c>DROP ROLE</c> (PostgreSQL reports USER and GROUP variants with the
/// ROLE tags; the USER and GROUP spellings are listed too), <c>REASSIGN OWNED</c> and <c>DROP OWNED</c> are
/// <see cref="CommandCategory.Role"/>: they change who owns or may do what, not an object's definition.</item>
/// <item><c>GRANT ROLE</c>, <c>REVOKE ROLE</c> and <c>ALTER DEFAULT PRIVILEGES</c> are
/// <see cref="CommandCategory.Grant"/>, like <c>GRANT</c> and <c>REVOKE</c>.</item>
/// <item><c>ALTER SYSTEM</c> and <c>CREATE/ALTER/DROP DATABASE</c>, <c>TABLESPACE</c> and <c>EVENT TRIGGER</c> are
/// DDL: they change persistent server state, and being tricked into them is as bad as into any DDL.</item>
/// <item><c>REFRESH MATERIALIZED VIEW</c>, <c>REINDEX</c>, <c>CLUSTER</c>, <c>CREATE TABLE AS</c> and
/// <c>SELECT INTO</c> are DDL: they create or rebuild relations and run index expressions and view bodies;
/// <c>VACUUM</c>, <c>ANALYZE</c> and <c>CHECKPOINT</c> are <see cref="CommandCategory.Maintenance"/>.</item>
/// <item><c>TRUNCATE TABLE</c> is <see cref="CommandCategory.DmlWrite"/>: it needs the TRUNCATE privilege, not
/// ownership, and removes data without changing any definition (pgaudit's WRITE class agrees).</item>
/// <item><c>SET CONSTRAINTS</c> is <see cref="CommandCategory.TransactionControl"/> (it lasts until the transaction
/// ends); <c>LISTEN</c>, <c>UNLISTEN</c> and <c>LOAD</c> are <see cref="CommandCategory.Session"/>.</item>
/// <item><c>EXPLAIN</c>, <c>LOCK TABLE</c>, <c>NOTIFY</c> and <c>???</c> are <see cref="CommandCategory.Other"/>; a
/// statement that <c>EXPLAIN ANALYZE</c> executes is recorded, and judged, as its own nested operation.</item>
/// </list>
/// </remarks>
public static class CommandCategories
{
    private static readonly (CommandCategory Category, string[] Tags)[] Groups =
    [
        (CommandCategory.Ddl,
        [
            "ALTER ACCESS METHOD", "ALTER AGGREGATE", "ALTER CAST", "ALTER COLLATION", "ALTER CONSTRAINT",
            "ALTER CONVERSION", "ALTER DATABASE", "ALTER DOMAIN", "ALTER EVENT TRIGGER", "ALTER EXTENSION",
            "ALTER FOREIGN DATA WRAPPER", "ALTER FOREIGN TABLE", "ALTER FUNCTION", "ALTER INDEX", "ALTER LANGUAGE",
            "ALTER LARGE OBJECT", "ALTER MATERIALIZED VIEW", "ALTER OPERATOR", "ALTER OPERATOR CLASS",
            "ALTER OPERATOR FAMILY", "ALTER POLICY", "ALTER PROCEDURE", "ALTER PUBLICATION", "ALTER ROUTINE",
            "ALTER RULE", "ALTER SCHEMA", "ALTER SEQUENCE", "ALTER SERVER", "ALTER STATISTICS", "ALTER SUBSCRIPTION",
            "ALTER SYSTEM", "ALTER TABLE", "ALTER TABLESPACE", "ALTER TEXT SEARCH CONFIGURATION",
            "ALTER TEXT SEARCH DICTIONARY", "ALTER TEXT SEARCH PARSER", "ALTER TEXT SEARCH TEMPLATE", "ALTER TRANSFORM",
            "ALTER TRIGGER", "ALTER TYPE", "ALTER USER MAPPING", "ALTER VIEW",
            "CREATE ACCESS METHOD", "CREATE AGGREGATE", "CREATE CAST", "CREATE COLLATION", "CREATE CONSTRAINT",
            "CREATE CONVERSION", "CREATE DATABASE", "CREATE DOMAIN", "CREATE EVENT TRIGGER", "CREATE EXTENSION",
            "CREATE FOREIGN DATA WRAPPER", "CREATE FOREIGN TABLE", "CREATE FUNCTION", "CREATE INDEX", "CREATE LANGUAGE",
            "CREATE MATERIALIZED VIEW", "CREATE OPERATOR", "CREATE OPERATOR CLASS", "CREATE OPERATOR FAMILY",
            "CREATE POLICY", "CREATE PROCEDURE", "CREATE PUBLICATION", "CREATE ROUTINE", "CREATE RULE", "CREATE SCHEMA",
            "CREATE SEQUENCE", "CREATE SERVER", "CREATE STATISTICS", "CREATE SUBSCRIPTION", "CREATE TABLE",
            "CREATE TABLE AS", "CREATE TABLESPACE", "CREATE TEXT SEARCH CONFIGURATION", "CREATE TEXT SEARCH DICTIONARY",
            "CREATE TEXT SEARCH PARSER", "CREATE TEXT SEARCH TEMPLATE", "CREATE TRANSFORM", "CREATE TRIGGER",
            "CREATE TYPE", "CREATE USER MAPPING", "CREATE VIEW",
            "DROP ACCESS METHOD", "DROP AGGREGATE", "DROP CAST", "DROP COLLATION", "DROP CONSTRAINT", "DROP CONVERSION",
            "DROP DATABASE", "DROP DOMAIN", "DROP EVENT TRIGGER", "DROP EXTENSION", "DROP FOREIGN DATA WRAPPER",
            "DROP FOREIGN TABLE", "DROP FUNCTION", "DROP INDEX", "DROP LANGUAGE", "DROP MATERIALIZED VIEW",
            "DROP OPERATOR", "DROP OPERATOR CLASS", "DROP OPERATOR FAMILY", "DROP POLICY", "DROP PROCEDURE",
            "DROP PUBLICATION", "DROP ROUTINE", "DROP RULE", "DROP SCHEMA", "DROP SEQUENCE", "DROP SERVER",
            "DROP STATISTICS", "DROP SUBSCRIPTION", "DROP TABLE", "DROP TABLESPACE", "DROP TEXT SEARCH CONFIGURATION",
            "DROP TEXT SEARCH DICTIONARY", "DROP TEXT SEARCH PARSER", "DROP TEXT SEARCH TEMPLATE", "DROP TRANSFORM",
            "DROP TRIGGER", "DROP TYPE", "DROP USER MAPPING", "DROP VIEW",
            "CLUSTER", "COMMENT", "IMPORT FOREIGN SCHEMA", "REFRESH MATERIALIZED VIEW", "REINDEX", "SECURITY LABEL",
            "SELECT INTO",
        ]),
        (CommandCategory.Role,
        [
            "CREATE ROLE", "ALTER ROLE", "DROP ROLE", "REASSIGN OWNED", "DROP OWNED",
            "CREATE USER", "ALTER USER", "DROP USER", "CREATE GROUP", "ALTER GROUP", "DROP GROUP",
        ]),
        (CommandCategory.Grant, ["GRANT", "REVOKE", "GRANT ROLE", "REVOKE ROLE", "ALTER DEFAULT PRIVILEGES"]),
        (CommandCategory.TransactionControl,
        [
            "BEGIN", "START TRANSACTION", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PREPARE TRANSACTION",
            "COMMIT PREPARED", "ROLLBACK PREPARED", "SET CONSTRAINTS",
        ]),
        (CommandCategory.Session,
        [
            "SET", "RESET", "SHOW", "DISCARD", "DISCARD ALL", "DISCARD PLANS", "DISCARD SEQUENCES", "DISCARD TEMP",
            "LISTEN", "UNLISTEN", "LOAD",
        ]),
        (CommandCategory.CursorOrPrepared,
        [
            "PREPARE", "EXECUTE", "DEALLOCATE", "DEALLOCATE ALL", "DECLARE CURSOR", "FETCH", "MOVE", "CLOSE",
            "CLOSE CURSOR", "CLOSE CURSOR ALL",
        ]),
        (CommandCategory.Maintenance, ["VACUUM", "ANALYZE", "CHECKPOINT"]),
        (CommandCategory.Copy, ["COPY", "COPY FROM"]),
        (CommandCategory.Procedural, ["CALL", "DO"]),
        (CommandCategory.DmlRead,
            ["SELECT", "SELECT FOR KEY SHARE", "SELECT FOR NO KEY UPDATE", "SELECT FOR SHARE", "SELECT FOR UPDATE"]),
        (CommandCategory.DmlWrite, ["INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE TABLE"]),
        (CommandCategory.FunctionCall, [Operation.FunctionCallCommand]),
        (CommandCategory.Other, ["???", "EXPLAIN", "LOCK TABLE", "NOTIFY"]),
    ];

    private static readonly FrozenDictionary<string, CommandCategory> ByTag =
        Groups.SelectMany(g => g.Tags.Select(t => KeyValuePair.Create(t, g.Category)))
            .ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<CommandCategory, string> Names = new Dictionary<CommandCategory, string>
    {
        [CommandCategory.Other] = "other",
        [CommandCategory.Ddl] = "ddl",
        [CommandCategory.Role] = "role",
        [CommandCategory.Grant] = "grant",
        [CommandCategory.TransactionControl] = "transaction-control",
        [CommandCategory.Session] = "session",
        [CommandCategory.CursorOrPrepared] = "cursor-prepared",
        [CommandCategory.Maintenance] = "maintenance",
        [CommandCategory.Copy] = "copy",
        [CommandCategory.Procedural] = "procedural",
        [CommandCategory.DmlRead] = "dml-read",
        [CommandCategory.DmlWrite] = "dml-write",
        [CommandCategory.FunctionCall] = "function-call",
        [CommandCategory.RoleSwitch] = "role-switch",
    }.ToFrozenDictionary();

    /// <summary>Every listed tag with its category, in the order of the table.</summary>
    public static IReadOnlyList<KeyValuePair<string, CommandCategory>> Table { get; } =
        [.. Groups.SelectMany(g => g.Tags.Select(t => KeyValuePair.Create(t, g.Category)))];

    /// <summary>The category of <paramref name="commandTag"/>; unlisted tags fall back to the prefix rule.</summary>
    public static CommandCategory Classify(string commandTag)
    {
        ArgumentNullException.ThrowIfNull(commandTag);
        var tag = commandTag.Trim();
        if (ByTag.TryGetValue(tag, out var category))
        {
            return category;
        }

        return tag.StartsWith("CREATE ", StringComparison.OrdinalIgnoreCase)
               || tag.StartsWith("ALTER ", StringComparison.OrdinalIgnoreCase)
               || tag.StartsWith("DROP ", StringComparison.OrdinalIgnoreCase)
            ? CommandCategory.Ddl
            : CommandCategory.Other;
    }

    /// <summary>Whether <paramref name="commandTag"/> is in the table rather than classified by the fallback.</summary>
    public static bool IsListed(string commandTag)
    {
        ArgumentNullException.ThrowIfNull(commandTag);
        return ByTag.ContainsKey(commandTag.Trim());
    }

    /// <summary>The stable lower-case name of a category as reports print it (<c>ddl</c>, <c>dml-write</c>).</summary>
    public static string NameOf(CommandCategory category) =>
        Names.TryGetValue(category, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown command category.");

    /// <summary>Parses a name printed by <see cref="NameOf"/>.</summary>
    public static bool TryParseName(string name, out CommandCategory category)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var (c, n) in Names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                category = c;
                return true;
            }
        }

        category = CommandCategory.Other;
        return false;
    }
}
