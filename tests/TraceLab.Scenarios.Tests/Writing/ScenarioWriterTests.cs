using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Parsing;
using TraceLab.Scenarios.Writing;

namespace TraceLab.Scenarios.Tests.Writing;

public sealed class ScenarioWriterTests
{
    private const string Path = "scenarios/attacks/generated.sql";

    private static readonly SessionKey Alice = new("alice", 1);
    private static readonly SessionKey Mallory = new("mallory", 1);

    [Fact]
    public void A_written_scenario_parses_back_into_the_same_roles_expectations_and_steps()
    {
        // Given a draft with every role attribute, an allowed and a blocking policy, and interleaved sessions
        var blocked = new HashSet<OperationKey>
        {
            new("ALTER ROLE", new CulpritKey("trigger", "trg_orders on mallory.t_orders", "mallory")),
            new("EXECUTE FUNCTION", new CulpritKey("function", "mallory.f(integer, text)", "mallory")),
        };
        var warned = new HashSet<OperationKey> { new("TRUNCATE", null) };
        var draft = Draft(
            [
                new DraftStep(Mallory, false, [new DraftStatement("BEGIN"), new DraftStatement("CREATE TABLE t(id int);")]),
                new DraftStep(Alice, true, [new DraftStatement("SELECT * FROM nowhere", "failed when recorded (SELECT)")]),
                new DraftStep(Mallory, false, [new DraftStatement("COMMIT;")]),
                new DraftDisconnect(Mallory),
            ],
            [
                new RoleDeclaration("alice") { Superuser = true, CreateRole = true, BypassRls = true, Inherit = false },
                new RoleDeclaration("staff") { Login = false },
                new RoleDeclaration("mallory") { MemberOf = ["staff"] },
            ],
            [
                new PolicyExpectation("permissive", new HashSet<OperationKey>(), new HashSet<OperationKey>()),
                new PolicyExpectation("ddl-needs-trusted-chain", blocked, warned),
            ]);

        // When it is written and read back
        var scenario = ScenarioParser.Parse(Path, ScenarioWriter.Write(draft));

        // Then the parser sees what the draft says
        scenario.Title.ShouldBe(draft.Title);
        scenario.Pattern.ShouldBe(draft.Pattern);
        scenario.Description.ShouldBe(draft.Description);
        scenario.Roles.Select(Describe).ShouldBe(draft.Roles.Select(Describe));
        scenario.Reality.ShouldBeNull();
        scenario.Expectations.Select(e => e.Policy).ShouldBe(["permissive", "ddl-needs-trusted-chain"]);
        scenario.Expectations[0].IsAllowed.ShouldBeTrue();
        scenario.Expectations[1].Blocked.SetEquals(blocked).ShouldBeTrue();
        scenario.Expectations[1].Warned.SetEquals(warned).ShouldBeTrue();
        var steps = scenario.Sections.OfType<StepSection>().ToList();
        steps.Select(s => (s.Key, s.ErrorsAllowed)).ShouldBe([(Mallory, false), (Alice, true), (Mallory, false)]);
        steps[0].Sql.ShouldBe("BEGIN;\nCREATE TABLE t(id int);\n", "a missing final semicolon is added, once");
        steps[1].Sql.ShouldBe("-- failed when recorded (SELECT)\nSELECT * FROM nowhere;\n");
        scenario.Sections[^1].ShouldBeOfType<DisconnectSection>().Key.ShouldBe(Mallory);
    }

    [Theory]
    [InlineData("Sessions of database shop")]
    [InlineData("ends the comment */ here")]
    [InlineData("opens /* a nested comment")]
    [InlineData("key: value # not a comment")]
    [InlineData("\"quoted\" and \\ backslash")]
    [InlineData("true")]
    [InlineData("- looks like a list")]
    [InlineData("two\nlines\tand a tab")]
    [InlineData("")]
    public void Header_values_read_back_unchanged_and_never_end_the_block_comment(string title)
    {
        var draft = Draft([new DraftStep(Alice, false, [new DraftStatement("SELECT 1;")])]) with { Title = title, Description = title };

        var text = ScenarioWriter.Write(draft);
        var scenario = ScenarioParser.Parse(Path, text);

        scenario.Title.ShouldBe(title);
        scenario.Description.ShouldBe(title.Trim());
        var header = text[..text.IndexOf("---*/", StringComparison.Ordinal)];
        header.ShouldNotContain("*/");
        header[2..].ShouldNotContain("/*");
    }

    [Fact]
    public void Culprit_objects_with_commas_colons_and_comment_marks_read_back_unchanged()
    {
        var operation = new OperationKey("ALTER ROLE", new CulpritKey("operator", "mallory.*/(integer, integer): x # y", "mallory"));
        var draft = Draft([new DraftStep(Alice, false, [new DraftStatement("SELECT 1;")])]) with
        {
            Expectations = [new PolicyExpectation("mine", new HashSet<OperationKey> { operation }, new HashSet<OperationKey>())],
        };

        var scenario = ScenarioParser.Parse(Path, ScenarioWriter.Write(draft));

        scenario.Expectations.ShouldHaveSingleItem().Blocked.ShouldHaveSingleItem().ShouldBe(operation);
    }

    [Fact]
    public void A_line_comment_starting_with_the_directive_mark_is_indented_so_the_statement_stays_in_its_step()
    {
        const string statement = "SELECT 1 AS one\n-- @step mallory\n, '*/' AS closer";
        var draft = Draft([new DraftStep(Alice, false, [new DraftStatement(statement)]), new DraftStep(Mallory, false, [new DraftStatement("SELECT 2;")])]);

        var scenario = ScenarioParser.Parse(Path, ScenarioWriter.Write(draft));

        var steps = scenario.Sections.OfType<StepSection>().ToList();
        steps.Count.ShouldBe(2);
        steps[0].Sql.ShouldBe("SELECT 1 AS one\n -- @step mallory\n, '*/' AS closer;\n");
    }

    [Fact]
    public void A_statement_whose_literal_has_a_line_starting_with_the_directive_mark_is_written_as_a_comment()
    {
        const string statement = "INSERT INTO notes VALUES ('first line\n-- @step mallory\nlast line');";
        var draft = Draft([new DraftStep(Alice, false, [new DraftStatement("SELECT 1;"), new DraftStatement(statement)])]);

        var text = ScenarioWriter.Write(draft);
        var scenario = ScenarioParser.Parse(Path, text);

        var step = scenario.Sections.ShouldHaveSingleItem().ShouldBeOfType<StepSection>();
        step.Sql.ShouldStartWith("SELECT 1;\n-- not run: a line of a literal in it starts with \"-- @\"");
        step.Sql.ShouldContain("-- | -- @step mallory\n");
        step.Sql.ShouldContain("-- | last line');\n");
    }

    [Fact]
    public void A_line_comment_at_the_end_gets_the_semicolon_on_a_line_of_its_own()
    {
        var draft = Draft([new DraftStep(Alice, false, [new DraftStatement("SELECT 1 -- the answer")])]);

        var step = ScenarioParser.Parse(Path, ScenarioWriter.Write(draft)).Sections.ShouldHaveSingleItem().ShouldBeOfType<StepSection>();

        step.Sql.ShouldBe("SELECT 1 -- the answer\n;\n");
    }

    [Fact]
    public void A_step_with_nothing_to_run_is_written_as_comments_and_its_session_is_never_opened_nor_disconnected()
    {
        var copy = new DraftStatement("COPY t FROM STDIN", null, "COPY FROM STDIN: the data was not recorded");
        var draft = Draft([new DraftStep(Alice, false, [new DraftStatement("SELECT 1;")]), new DraftStep(Mallory, false, [copy]), new DraftDisconnect(Mallory)]);

        var text = ScenarioWriter.Write(draft);
        var scenario = ScenarioParser.Parse(Path, text);

        scenario.Sections.ShouldHaveSingleItem().ShouldBeOfType<StepSection>().Key.ShouldBe(Alice);
        text.ShouldContain("-- not run: COPY FROM STDIN: the data was not recorded\n-- | COPY t FROM STDIN\n");
        text.ShouldNotContain("-- @disconnect");
    }

    // Records compare lists by reference: the memberships are compared as text.
    private static string Describe(RoleDeclaration role) => $"{role with { MemberOf = [] }} member of {string.Join(",", role.MemberOf)}";

    private static ScenarioDraft Draft(
        IReadOnlyList<DraftSection> sections,
        IReadOnlyList<RoleDeclaration>? roles = null,
        IReadOnlyList<PolicyExpectation>? expectations = null) =>
        new("Sessions of database shop", "Trojan trigger", "Generated from sessions 1-2 and 3-4.",
            roles ?? [new RoleDeclaration("alice") { Superuser = true }, new RoleDeclaration("mallory")],
            ["createdb is not recorded"],
            expectations ?? [new PolicyExpectation("permissive", new HashSet<OperationKey>(), new HashSet<OperationKey>())],
            sections);
}
