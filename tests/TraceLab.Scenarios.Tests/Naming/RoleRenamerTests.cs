using TraceLab.Scenarios.Naming;

namespace TraceLab.Scenarios.Tests.Naming;

public sealed class RoleRenamerTests
{
    private readonly RoleRenamer renamer = new("tls_abc123_", ["alice", "mallory", "user"]);

    [Theory]
    [InlineData("ALTER ROLE mallory SUPERUSER", "ALTER ROLE tls_abc123_mallory SUPERUSER")]
    [InlineData("SELECT mallory.f(1)", "SELECT tls_abc123_mallory.f(1)")]
    [InlineData("CREATE SCHEMA \"mallory\"", "CREATE SCHEMA \"tls_abc123_mallory\"")]
    [InlineData("EXECUTE 'ALTER ROLE mallory SUPERUSER'", "EXECUTE 'ALTER ROLE tls_abc123_mallory SUPERUSER'")]
    [InlineData("AS $$ BEGIN PERFORM mallory.g(); END $$", "AS $$ BEGIN PERFORM tls_abc123_mallory.g(); END $$")]
    [InlineData("AS $body$ GRANT alice TO mallory $body$", "AS $body$ GRANT tls_abc123_alice TO tls_abc123_mallory $body$")]
    [InlineData("mallory,alice;mallory", "tls_abc123_mallory,tls_abc123_alice;tls_abc123_mallory")]
    public void Renames_every_whole_word_occurrence(string sql, string renamed)
    {
        renamer.Rename(sql).ShouldBe(renamed);
    }

    [Theory]
    [InlineData("SELECT malloryx, xmallory, mallory_2, mallory2, _mallory")]
    [InlineData("SET search_path = \"$user\", public")]
    [InlineData("SELECT $mallory, mallory$")]
    [InlineData("SELECT Mallory, MALLORY")]
    [InlineData("SELECT current_user, session_user")]
    public void Leaves_other_words_alone(string sql)
    {
        renamer.Rename(sql).ShouldBe(sql);
    }

    [Fact]
    public void Restore_undoes_rename_and_only_that()
    {
        const string sql = "user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"; tls_abc123_db stays";

        var renamed = renamer.Rename(sql);

        renamed.ShouldContain("tls_abc123_alice");
        renamer.Restore(renamed).ShouldBe(sql);
        renamer.Restore("tls_abc123_alicex tls_abc123_bob").ShouldBe("tls_abc123_alicex tls_abc123_bob");
    }

    [Theory]
    [InlineData("view pg_temp_3.settings", "view pg_temp.settings")]
    [InlineData("pg_toast_temp_12.pg_toast_1", "pg_toast_temp.pg_toast_1")]
    [InlineData("pg_temp.settings pg_temp_x.t pg_temp_ pg_temp_3a", "pg_temp.settings pg_temp_x.t pg_temp_ pg_temp_3a")]
    public void Restore_names_a_backend_s_temporary_schema_as_scenarios_write_it(string recorded, string restored)
    {
        renamer.Restore(recorded).ShouldBe(restored);
        renamer.Rename("pg_temp_3").ShouldBe("pg_temp_3");
    }

    [Fact]
    public void Names_the_run_s_roles_and_database_with_the_prefix()
    {
        renamer.RoleName("alice").ShouldBe("tls_abc123_alice");
        renamer.Database.ShouldBe("tls_abc123_db");
    }

    [Fact]
    public void Random_prefixes_differ_and_have_the_documented_shape()
    {
        var first = RoleRenamer.WithRandomPrefix(["alice"]).Prefix;
        var prefixes = Enumerable.Range(0, 20).Select(_ => RoleRenamer.WithRandomPrefix(["alice"]).Prefix).ToList();

        first.ShouldMatch("^tls_[0-9a-f]{6}_$");
        prefixes.Distinct().Count().ShouldBeGreaterThan(1);
    }
}
