using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Tests.Support;

namespace TraceLab.Scenarios.Tests.Parsing;

public sealed class ScenarioParserTests
{
    [Fact]
    public void Reads_every_directive_with_its_options_and_sql()
    {
        var scenario = ScenarioText.Parse(ScenarioText.File(
            "\n-- @setup\nCREATE SCHEMA mallory;\n\n" +
            "-- @step mallory\nSELECT 1;\n" +
            "-- @step alice session=2 errors=allowed\nBEGIN;\nINSERT INTO t VALUES (1);\n" +
            "-- @wait timeout=5\nSELECT true;\n" +
            "-- @disconnect alice session=2\n"));

        scenario.Sections.Count.ShouldBe(5);
        var setup = scenario.Sections[0].ShouldBeOfType<SetupSection>();
        setup.Sql.ShouldBe("CREATE SCHEMA mallory;\n");
        setup.Line.ShouldBe(11);
        var first = scenario.Sections[1].ShouldBeOfType<StepSection>();
        (first.Role, first.Session, first.ErrorsAllowed, first.Sql).ShouldBe(("mallory", 1, false, "SELECT 1;\n"));
        var second = scenario.Sections[2].ShouldBeOfType<StepSection>();
        (second.Role, second.Session, second.ErrorsAllowed).ShouldBe(("alice", 2, true));
        second.Sql.ShouldBe("BEGIN;\nINSERT INTO t VALUES (1);\n");
        var wait = scenario.Sections[3].ShouldBeOfType<WaitSection>();
        (wait.Timeout, wait.Sql).ShouldBe((TimeSpan.FromSeconds(5), "SELECT true;\n"));
        var disconnect = scenario.Sections[4].ShouldBeOfType<DisconnectSection>();
        disconnect.Key.ShouldBe(new SessionKey("alice", 2));
    }

    [Fact]
    public void A_wait_without_timeout_waits_sixty_seconds()
    {
        var scenario = ScenarioText.Parse(ScenarioText.File("-- @step alice\nSELECT 1;\n-- @wait\nSELECT true;\n"));

        scenario.Sections[1].ShouldBeOfType<WaitSection>().Timeout.ShouldBe(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void Passes_sql_through_untouched_including_comments_and_psql_meta_commands()
    {
        const string sql = "-- a comment\n\\set x 1\nSELECT $$ -- @step not a directive $$;\n   -- @indented is not a directive\n";

        var scenario = ScenarioText.Parse(ScenarioText.File("-- @step alice\n" + sql));

        scenario.Sections.ShouldHaveSingleItem().ShouldBeOfType<StepSection>().Sql.ShouldBe(sql);
    }

    [Fact]
    public void Reads_every_header_field()
    {
        var scenario = ScenarioText.Parse(
            "/*---\n" +
            "title: Trigger fired by COPY FROM\n" +
            "pattern: Trojan trigger (CVE-2020-25695 family)\n" +
            "description: >\n  mallory owns a table.\n  alice loads it.\n" +
            "roles:\n" +
            "  alice: {superuser: true, createdb: true, createrole: true, bypassrls: true}\n" +
            "  staff: {login: false, inherit: false}\n" +
            "  bob: {member_of: [staff]}\n" +
            "  mallory:\n" +
            "reality:\n  query: SELECT 1\n  expect: \"t\"\n" +
            "expect:\n" +
            "  permissive: allowed\n" +
            "  ddl-needs-trusted-chain:\n" +
            "    blocked:\n" +
            "      - command: ALTER ROLE\n" +
            "        culprit: {kind: trigger, object: tr on mallory.t, owner: mallory}\n" +
            "      - command: DROP TABLE\n" +
            "  sandbox-untrusted:\n" +
            "    warned:\n" +
            "      - command: EXECUTE FUNCTION\n" +
            "        culprit: {kind: function, object: mallory.f_evil(), owner: mallory}\n" +
            "---*/\n" +
            "-- @step alice\nSELECT 1;\n");

        scenario.Id.ShouldBe("example-attack");
        scenario.Kind.ShouldBe(ScenarioKind.Attack);
        scenario.Title.ShouldBe("Trigger fired by COPY FROM");
        scenario.Pattern.ShouldBe("Trojan trigger (CVE-2020-25695 family)");
        scenario.Description.ShouldBe("mallory owns a table. alice loads it.");
        scenario.Roles.Select(r => r.Name).ShouldBe(["alice", "staff", "bob", "mallory"]);
        Attributes(scenario.Roles[0]).ShouldBe((true, true, true, true, true, true));
        Attributes(scenario.Roles[1]).ShouldBe((false, false, false, false, false, false));
        scenario.Roles[2].MemberOf.ShouldBe(["staff"]);
        Attributes(scenario.Roles[3]).ShouldBe((true, false, false, false, false, true));
        scenario.Roles[3].MemberOf.ShouldBeEmpty();
        scenario.Reality.ShouldBe(new RealityCheck("SELECT 1", "t"));
        scenario.ExpectationFor("permissive")!.IsAllowed.ShouldBeTrue();
        var ddl = scenario.ExpectationFor("DDL-needs-trusted-chain").ShouldNotBeNull();
        ddl.Blocked.ShouldBe(
            [
                new OperationKey("ALTER ROLE", new CulpritKey("trigger", "tr on mallory.t", "mallory")),
                new OperationKey("DROP TABLE", null),
            ],
            ignoreOrder: true);
        ddl.Warned.ShouldBeEmpty();
        scenario.ExpectationFor("sandbox-untrusted")!.Warned.ShouldHaveSingleItem()
            .ShouldBe(new OperationKey("EXECUTE FUNCTION", new CulpritKey("function", "mallory.f_evil()", "mallory")));
        scenario.ExpectationFor("strict-trusted-chain").ShouldBeNull();
    }

    private static (bool Login, bool Superuser, bool CreateDb, bool CreateRole, bool BypassRls, bool Inherit) Attributes(RoleDeclaration role) =>
        (role.Login, role.Superuser, role.CreateDb, role.CreateRole, role.BypassRls, role.Inherit);

    [Fact]
    public void The_kind_is_the_directory()
    {
        ScenarioText.Parse(ScenarioText.File("-- @step alice\nSELECT 1;\n"), "/x/benign/own-function.sql")
            .Kind.ShouldBe(ScenarioKind.Benign);
        ScenarioText.Error(ScenarioText.File("-- @step alice\nSELECT 1;\n"), "/x/other/own-function.sql")
            .Message.ShouldContain("cannot tell whether the scenario is an attack or benign");
    }

    [Fact]
    public void A_culprit_may_name_its_phase()
    {
        var text = "/*---\ntitle: T\npattern: P\nroles:\n  alice: {}\n  mallory: {}\nexpect:\n  permissive:\n    blocked:\n"
                   + "      - command: ALTER ROLE\n        culprit: {kind: trigger, object: tr on mallory.t, owner: mallory, phase: commit}\n"
                   + "      - command: DROP TABLE\n        culprit: {kind: view, object: mallory.v, owner: mallory}\n"
                   + "---*/\n-- @step alice\nSELECT 1;\n";

        var blocked = ScenarioText.Parse(text).ExpectationFor("permissive")!.Blocked;

        blocked.Single(o => o.Command == "ALTER ROLE").Culprit!.Phase.ShouldBe("commit");
        blocked.Single(o => o.Command == "DROP TABLE").Culprit!.Phase.ShouldBeNull();
    }

    [Fact]
    public void An_attack_may_say_what_in_PostgreSQL_already_stops_it_and_only_an_attack()
    {
        var body = "-- @step alice\nSELECT 1;\n";
        ScenarioText.Parse(ScenarioText.File(body)).ProtectedBy.ShouldBeNull();
        ScenarioText.Parse(ScenarioText.File(body, "protected_by: security-restricted operation\n")).ProtectedBy
            .ShouldBe("security-restricted operation");
        ScenarioText.Error(ScenarioText.File(body, "protected_by: security-restricted operation\n"), "/x/benign/own-function.sql")
            .Message.ShouldContain("only an attack scenario can be protected_by something");
    }

    [Theory]
    [InlineData("Upper-Case.sql")]
    [InlineData("under_score.sql")]
    [InlineData("trailing-.sql")]
    public void Refuses_an_id_that_is_not_kebab_case(string file)
    {
        var error = ScenarioText.Error(ScenarioText.File("-- @step alice\nSELECT 1;\n"), "/x/attacks/" + file);

        error.Message.ShouldStartWith("invalid scenario file");
        error.Message.ShouldContain("invalid scenario id");
    }

    [Theory]
    [InlineData("-- @stepp alice\nSELECT 1;\n", 10, "unrecognized directive \"-- @stepp\"")]
    [InlineData("-- @step\nSELECT 1;\n", 10, "\"-- @step\" needs a role")]
    [InlineData("-- @step bob\nSELECT 1;\n", 10, "role \"bob\" is not declared in the header")]
    [InlineData("-- @step alice session=0\nSELECT 1;\n", 10, "invalid option \"session=0\" for \"-- @step\"")]
    [InlineData("-- @step alice errors=ignored\nSELECT 1;\n", 10, "invalid option \"errors=ignored\" for \"-- @step\"")]
    [InlineData("-- @step alice\nSELECT 1;\n-- @wait timeout=never\nSELECT true;\n", 12, "invalid option \"timeout=never\" for \"-- @wait\"")]
    [InlineData("-- @step alice\nSELECT 1;\n-- @wait\n", 12, "the wait has no query")]
    [InlineData("-- @step alice\n-- only a comment\n", 10, "the step has no SQL")]
    [InlineData("-- @step alice\nSELECT 1;\n-- @setup\nSELECT 2;\n", 12, "\"-- @setup\" after another section")]
    [InlineData("-- @setup\nSELECT 1;\n-- @setup\nSELECT 2;\n", 12, "more than one \"-- @setup\"")]
    [InlineData("-- @step alice\nSELECT 1;\n-- @disconnect alice session=2\n", 12, "no open session \"alice session=2\" to disconnect")]
    [InlineData("-- @step alice\nSELECT 1;\n-- @disconnect alice\nSELECT 2;\n", 12, "SQL after \"-- @disconnect\"")]
    [InlineData("SELECT 0;\n-- @step alice\nSELECT 1;\n", 10, "SQL before the first directive")]
    public void Names_the_line_of_a_wrong_directive(string body, int line, string problem)
    {
        var error = ScenarioText.Error(ScenarioText.File(body));

        error.Message.ShouldBe($"invalid scenario file \"{ScenarioText.Path}\" line {line}: {problem}");
        error.Line.ShouldBe(line);
        error.Hint.ShouldNotBeNull();
    }

    [Fact]
    public void A_scenario_without_steps_is_an_error()
    {
        ScenarioText.Error(ScenarioText.File("-- @setup\nSELECT 1;\n")).Message.ShouldContain("has no \"-- @step\"");
    }

    [Theory]
    [InlineData("title: X\n", "invalid YAML in the header")]
    [InlineData("expect_typo: 1\n", "unrecognized key \"expect_typo\" in the header")]
    [InlineData("colour: red\n", "unrecognized key \"colour\" in the header")]
    [InlineData("reality:\n  query: SELECT 1\n", "reality has no \"expect\"")]
    public void Names_the_line_of_a_wrong_header_field(string extra, string problem)
    {
        var error = ScenarioText.Error(ScenarioText.File("-- @step alice\nSELECT 1;\n", extra));

        error.Message.ShouldContain(problem);
        error.Line.ShouldBeInRange(2, 10);
    }

    [Theory]
    [InlineData("  permissive: blocked\n", 8, "invalid expectation \"blocked\" for policy \"permissive\"")]
    [InlineData("  permissive:\n    blocked:\n      - command: ALTER ROLE\n        culprit: {kind: gadget, object: x, owner: y}\n", 11,
        "unrecognized culprit kind \"gadget\"")]
    [InlineData("  permissive:\n    blocked:\n      - culprit: {kind: view, object: x, owner: y}\n", 10, "has no \"command\"")]
    [InlineData("  permissive:\n    blocked:\n      - command: ALTER ROLE\n        culprit: {kind: view, object: x, owner: y, phase: runtime}\n", 11,
        "unrecognized culprit phase \"runtime\"")]
    [InlineData("  permissive:\n    blocked:\n      - command: A\n      - command: A\n", 11, "lists the same operation twice")]
    [InlineData("  permissive:\n    blocked: ALTER ROLE\n", 9, "expect.permissive.blocked must be a list")]
    [InlineData("  permissive:\n    blocked: []\n    refused: []\n", 10, "unrecognized key \"refused\" in expect.permissive")]
    public void Names_the_line_of_a_wrong_expectation(string expect, int line, string problem)
    {
        var text = "/*---\ntitle: T\npattern: P\nroles:\n  alice: {}\n  mallory: {}\nexpect:\n" + expect + "---*/\n-- @step alice\nSELECT 1;\n";

        var error = ScenarioText.Error(text);

        error.Message.ShouldContain(problem);
        error.Line.ShouldBe(line);
    }

    [Theory]
    [InlineData("public")]
    [InlineData("pg_monitor")]
    [InlineData("current_user")]
    [InlineData("Alice")]
    [InlineData("a-b")]
    [InlineData("abcdefghijabcdefghijabcdefghijabc")]
    public void Refuses_role_names_the_renamer_cannot_handle(string role)
    {
        var error = ScenarioText.Error(ScenarioText.File("-- @step alice\nSELECT 1;\n", roles: $"  alice: {{}}\n  {role}: {{}}\n"));

        error.Message.ShouldContain($"invalid role name \"{role}\"");
        error.Line.ShouldBe(6);
    }

    [Fact]
    public void Refuses_membership_in_an_undeclared_role()
    {
        var error = ScenarioText.Error(ScenarioText.File("-- @step alice\nSELECT 1;\n", roles: "  alice: {member_of: [admins]}\n"));

        error.Message.ShouldContain("role \"alice\" is a member of \"admins\", which the header does not declare");
    }

    [Fact]
    public void Reports_invalid_yaml_with_its_line()
    {
        var error = ScenarioText.Error("/*---\ntitle: T\npattern: [unclosed\nroles: {}\n---*/\n-- @step alice\nSELECT 1;\n");

        error.Message.ShouldContain("invalid YAML in the header");
        error.Line.ShouldBeInRange(2, 5);
    }

    [Fact]
    public void A_file_without_header_or_with_an_open_header_is_an_error()
    {
        ScenarioText.Error("-- @step alice\nSELECT 1;\n").Message.ShouldContain("does not start with a \"/*---\" header");
        ScenarioText.Error("/*---\ntitle: T\n-- @step alice\n").Message.ShouldContain("the header is not closed");
    }
}
