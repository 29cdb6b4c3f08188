using TraceLab.Policies.Model;
using TraceLab.Policies.Tests.Support;

namespace TraceLab.Policies.Tests.Model;

public sealed class CommandCategoriesTests
{
    [Fact]
    public void Every_PostgreSQL_15_command_tag_is_listed_explicitly()
    {
        var unlisted = PostgreSql15CommandTags.All.Where(t => !CommandCategories.IsListed(t)).ToList();

        unlisted.ShouldBeEmpty();
    }

    [Fact]
    public void The_table_lists_only_real_tags_plus_documented_spellings()
    {
        string[] extras = ["CREATE USER", "ALTER USER", "DROP USER", "CREATE GROUP", "ALTER GROUP", "DROP GROUP", "EXECUTE FUNCTION"];

        var unexpected = CommandCategories.Table.Select(e => e.Key).Except(PostgreSql15CommandTags.All).Except(extras);

        unexpected.ShouldBeEmpty();
    }

    [Fact]
    public void The_table_lists_every_tag_once()
    {
        var duplicates = CommandCategories.Table.GroupBy(e => e.Key).Where(g => g.Count() > 1).Select(g => g.Key);

        duplicates.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("CREATE TABLE", CommandCategory.Ddl)]
    [InlineData("CREATE TABLE AS", CommandCategory.Ddl)]
    [InlineData("SELECT INTO", CommandCategory.Ddl)]
    [InlineData("ALTER TABLE", CommandCategory.Ddl)]
    [InlineData("ALTER SYSTEM", CommandCategory.Ddl)]
    [InlineData("ALTER USER MAPPING", CommandCategory.Ddl)]
    [InlineData("CREATE USER MAPPING", CommandCategory.Ddl)]
    [InlineData("DROP USER MAPPING", CommandCategory.Ddl)]
    [InlineData("CREATE EVENT TRIGGER", CommandCategory.Ddl)]
    [InlineData("DROP DATABASE", CommandCategory.Ddl)]
    [InlineData("COMMENT", CommandCategory.Ddl)]
    [InlineData("SECURITY LABEL", CommandCategory.Ddl)]
    [InlineData("REFRESH MATERIALIZED VIEW", CommandCategory.Ddl)]
    [InlineData("REINDEX", CommandCategory.Ddl)]
    [InlineData("CLUSTER", CommandCategory.Ddl)]
    [InlineData("IMPORT FOREIGN SCHEMA", CommandCategory.Ddl)]
    [InlineData("CREATE ROLE", CommandCategory.Role)]
    [InlineData("ALTER ROLE", CommandCategory.Role)]
    [InlineData("DROP ROLE", CommandCategory.Role)]
    [InlineData("ALTER USER", CommandCategory.Role)]
    [InlineData("DROP GROUP", CommandCategory.Role)]
    [InlineData("REASSIGN OWNED", CommandCategory.Role)]
    [InlineData("DROP OWNED", CommandCategory.Role)]
    [InlineData("GRANT", CommandCategory.Grant)]
    [InlineData("REVOKE", CommandCategory.Grant)]
    [InlineData("GRANT ROLE", CommandCategory.Grant)]
    [InlineData("REVOKE ROLE", CommandCategory.Grant)]
    [InlineData("ALTER DEFAULT PRIVILEGES", CommandCategory.Grant)]
    [InlineData("BEGIN", CommandCategory.TransactionControl)]
    [InlineData("START TRANSACTION", CommandCategory.TransactionControl)]
    [InlineData("COMMIT", CommandCategory.TransactionControl)]
    [InlineData("ROLLBACK PREPARED", CommandCategory.TransactionControl)]
    [InlineData("SAVEPOINT", CommandCategory.TransactionControl)]
    [InlineData("RELEASE", CommandCategory.TransactionControl)]
    [InlineData("SET CONSTRAINTS", CommandCategory.TransactionControl)]
    [InlineData("SET", CommandCategory.Session)]
    [InlineData("RESET", CommandCategory.Session)]
    [InlineData("SHOW", CommandCategory.Session)]
    [InlineData("DISCARD ALL", CommandCategory.Session)]
    [InlineData("LISTEN", CommandCategory.Session)]
    [InlineData("LOAD", CommandCategory.Session)]
    [InlineData("PREPARE", CommandCategory.CursorOrPrepared)]
    [InlineData("EXECUTE", CommandCategory.CursorOrPrepared)]
    [InlineData("DEALLOCATE ALL", CommandCategory.CursorOrPrepared)]
    [InlineData("DECLARE CURSOR", CommandCategory.CursorOrPrepared)]
    [InlineData("FETCH", CommandCategory.CursorOrPrepared)]
    [InlineData("MOVE", CommandCategory.CursorOrPrepared)]
    [InlineData("CLOSE CURSOR ALL", CommandCategory.CursorOrPrepared)]
    [InlineData("VACUUM", CommandCategory.Maintenance)]
    [InlineData("ANALYZE", CommandCategory.Maintenance)]
    [InlineData("CHECKPOINT", CommandCategory.Maintenance)]
    [InlineData("COPY", CommandCategory.Copy)]
    [InlineData("COPY FROM", CommandCategory.Copy)]
    [InlineData("CALL", CommandCategory.Procedural)]
    [InlineData("DO", CommandCategory.Procedural)]
    [InlineData("SELECT", CommandCategory.DmlRead)]
    [InlineData("SELECT FOR UPDATE", CommandCategory.DmlRead)]
    [InlineData("SELECT FOR NO KEY UPDATE", CommandCategory.DmlRead)]
    [InlineData("INSERT", CommandCategory.DmlWrite)]
    [InlineData("UPDATE", CommandCategory.DmlWrite)]
    [InlineData("DELETE", CommandCategory.DmlWrite)]
    [InlineData("MERGE", CommandCategory.DmlWrite)]
    [InlineData("TRUNCATE TABLE", CommandCategory.DmlWrite)]
    [InlineData("EXECUTE FUNCTION", CommandCategory.FunctionCall)]
    [InlineData("EXPLAIN", CommandCategory.Other)]
    [InlineData("LOCK TABLE", CommandCategory.Other)]
    [InlineData("NOTIFY", CommandCategory.Other)]
    [InlineData("???", CommandCategory.Other)]
    public void Classifies_a_command_tag(string tag, CommandCategory expected)
    {
        CommandCategories.Classify(tag).ShouldBe(expected);
    }

    [Fact]
    public void Every_ALTER_CREATE_and_DROP_tag_outside_roles_and_grants_is_ddl()
    {
        string[] notDdl = ["ALTER ROLE", "CREATE ROLE", "DROP ROLE", "DROP OWNED", "ALTER DEFAULT PRIVILEGES"];
        var prefixed = PostgreSql15CommandTags.All
            .Where(t => t.StartsWith("ALTER ", StringComparison.Ordinal)
                        || t.StartsWith("CREATE ", StringComparison.Ordinal)
                        || t.StartsWith("DROP ", StringComparison.Ordinal))
            .Except(notDdl);

        prefixed.ShouldAllBe(t => CommandCategories.Classify(t) == CommandCategory.Ddl);
    }

    [Theory]
    [InlineData("CREATE PROPERTY GRAPH", CommandCategory.Ddl)]
    [InlineData("ALTER SOMETHING NEW", CommandCategory.Ddl)]
    [InlineData("DROP SOMETHING NEW", CommandCategory.Ddl)]
    [InlineData("WAIT FOR", CommandCategory.Other)]
    [InlineData("", CommandCategory.Other)]
    public void Tags_from_later_versions_fall_back_to_the_prefix_rule(string tag, CommandCategory expected)
    {
        CommandCategories.IsListed(tag).ShouldBeFalse();
        CommandCategories.Classify(tag).ShouldBe(expected);
    }

    [Fact]
    public void Classification_ignores_case_and_surrounding_blanks()
    {
        CommandCategories.Classify(" alter role ").ShouldBe(CommandCategory.Role);
    }

    [Fact]
    public void Every_category_has_a_name_that_parses_back()
    {
        foreach (var category in Enum.GetValues<CommandCategory>())
        {
            var name = CommandCategories.NameOf(category);

            CommandCategories.TryParseName(name, out var parsed).ShouldBeTrue();
            parsed.ShouldBe(category);
        }
    }

    [Theory]
    [InlineData(CommandCategory.Ddl, "ddl")]
    [InlineData(CommandCategory.DmlWrite, "dml-write")]
    [InlineData(CommandCategory.TransactionControl, "transaction-control")]
    [InlineData(CommandCategory.CursorOrPrepared, "cursor-prepared")]
    [InlineData(CommandCategory.FunctionCall, "function-call")]
    public void Category_names_are_stable(CommandCategory category, string name)
    {
        CommandCategories.NameOf(category).ShouldBe(name);
    }
}
