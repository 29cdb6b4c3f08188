using System.Text.Json;
using System.Xml.Linq;
using TraceLab.Reports.Suites;
using TraceLab.Scenarios.Results;

namespace TraceLab.Reports.Tests.Suites;

public sealed class SuiteWriterTests
{
    private static async Task<string> WriteAsync(string format)
    {
        var output = new StringWriter { NewLine = "\n" };
        await SuiteReportFormats.Create(format, output).WriteAsync(SuiteSample.Report(), TestContext.Current.CancellationToken);
        return output.ToString();
    }

    [Fact]
    public void The_sample_judges_as_its_names_say()
    {
        var report = SuiteSample.Report();

        report.Scenarios[0].Policies.Select(p => p.Cell).ShouldBe([MatrixCell.Allowed, MatrixCell.Blocked, MatrixCell.Unjudged]);
        report.Scenarios[1].Policies.Select(p => p.Cell).ShouldBe([MatrixCell.Allowed, MatrixCell.Mismatch, MatrixCell.Unjudged]);
    }

    [Fact]
    public async Task Json_has_the_documented_fields()
    {
        using var json = JsonDocument.Parse(await WriteAsync(ReportFormats.Json));
        var root = json.RootElement;

        root.GetProperty("policies").EnumerateArray().Select(p => p.GetString()).ShouldBe(["permissive", SuiteSample.Ddl, SuiteSample.Unjudged]);
        var unjudged = root.GetProperty("scenarios")[0].GetProperty("policies").GetProperty(SuiteSample.Unjudged);
        unjudged.GetProperty("cell").GetString().ShouldBe("unjudged");
        unjudged.GetProperty("expected").ValueKind.ShouldBe(JsonValueKind.Null);
        unjudged.GetProperty("actual").GetProperty("blocked").GetArrayLength().ShouldBe(1);
        root.GetProperty("summary").GetProperty("policies").GetProperty(SuiteSample.Unjudged).GetProperty("unjudged").GetInt32().ShouldBe(2);
        var scenarios = root.GetProperty("scenarios");
        var passed = scenarios[0];
        passed.GetProperty("id").GetString().ShouldBe("trigger-on-insert");
        passed.GetProperty("kind").GetString().ShouldBe("attack");
        passed.GetProperty("title").GetString().ShouldBe("Title of trigger-on-insert");
        passed.GetProperty("status").GetString().ShouldBe("passed");
        passed.GetProperty("reality").GetProperty("status").GetString().ShouldBe("ok");
        var ddl = passed.GetProperty("policies").GetProperty(SuiteSample.Ddl);
        ddl.GetProperty("cell").GetString().ShouldBe("blocked");
        var culprit = ddl.GetProperty("actual").GetProperty("blocked")[0].GetProperty("culprit");
        (culprit.GetProperty("kind").GetString(), culprit.GetProperty("object").GetString(), culprit.GetProperty("owner").GetString())
            .ShouldBe(("function", "mallory.f(integer, text)", "mallory"));
        ddl.GetProperty("expected").GetProperty("blocked").GetArrayLength().ShouldBe(1);
        passed.GetProperty("sessions")[0].GetProperty("session").GetString().ShouldBe("10017-1");
        passed.GetProperty("error").ValueKind.ShouldBe(JsonValueKind.Null);

        scenarios[1].GetProperty("kind").GetString().ShouldBe("benign");
        scenarios[1].GetProperty("status").GetString().ShouldBe("mismatch");
        scenarios[1].GetProperty("reality").GetProperty("status").GetString().ShouldBe("mismatch");
        scenarios[1].GetProperty("policies").GetProperty(SuiteSample.Ddl).GetProperty("cell").GetString().ShouldBe("mismatch");

        var broken = scenarios[2];
        broken.GetProperty("status").GetString().ShouldBe("could_not_run");
        broken.GetProperty("error").GetProperty("where").GetString().ShouldBe("setup (line 12)");
        broken.GetProperty("error").GetProperty("output").GetArrayLength().ShouldBe(2);

        var summary = root.GetProperty("summary");
        (summary.GetProperty("passed").GetInt32(), summary.GetProperty("mismatch").GetInt32(), summary.GetProperty("could_not_run").GetInt32())
            .ShouldBe((1, 1, 1));
        var tally = summary.GetProperty("policies").GetProperty(SuiteSample.Ddl);
        (tally.GetProperty("attacks_caught").GetInt32(), tally.GetProperty("benign_flagged").GetInt32(), tally.GetProperty("mismatch").GetInt32())
            .ShouldBe((1, 1, 1));
    }

    [Fact]
    public async Task Table_shows_the_matrix_the_mismatch_and_the_psql_error()
    {
        var text = await WriteAsync(ReportFormats.Table);

        text.ShouldContain("trigger-on-insert");
        text.ShouldContain("MISMATCH");
        text.ShouldContain("COULD NOT RUN");
        text.ShouldContain("reality: expected \"f\", got \"t\"");
        text.ShouldContain("blocked, not expected: ALTER ROLE (function mallory.f(integer, text), owner mallory)");
        // The suggested expectation quotes the object, whose comma would otherwise split the flow mapping
        text.ShouldContain("culprit: {kind: function, object: \"mallory.f(integer, text)\", owner: mallory}");
        text.ShouldContain("could not run at setup (line 12)");
        text.ShouldContain("  ERROR:  relation \"t\" does not exist");
        text.ShouldContain("3 scenarios: 1 passed, 1 mismatch, 1 could not run");
        text.ShouldContain("(blocked)");
        text.ShouldContain("(allowed)");
    }

    [Fact]
    public async Task JUnit_has_a_suite_per_policy_and_one_for_reality_with_failures_and_errors()
    {
        var xml = XDocument.Parse(await WriteAsync(ReportFormats.JUnit));

        var suites = xml.Root!.Elements("testsuite").ToList();
        suites.Select(s => (string?)s.Attribute("name")).ShouldBe(["permissive", SuiteSample.Ddl, SuiteSample.Unjudged, "reality"]);
        ((string?)suites[2].Attribute("skipped")).ShouldBe("2");
        var ddl = suites[1];
        ((string?)ddl.Attribute("tests"), (string?)ddl.Attribute("failures"), (string?)ddl.Attribute("errors")).ShouldBe(("3", "1", "1"));
        ddl.Elements("testcase").Single(c => (string?)c.Attribute("name") == "own-function").Element("failure").ShouldNotBeNull();
        ddl.Elements("testcase").Single(c => (string?)c.Attribute("name") == "broken-setup").Element("error").ShouldNotBeNull();
        ddl.Elements("testcase").Single(c => (string?)c.Attribute("name") == "trigger-on-insert").HasElements.ShouldBeFalse();
        ((string?)suites[3].Attribute("failures")).ShouldBe("1");
        ((string?)xml.Root.Attribute("tests")).ShouldBe("12");
    }

    [Fact]
    public async Task Markdown_and_html_carry_the_matrix_and_escape_what_they_print()
    {
        var markdown = await WriteAsync(ReportFormats.Markdown);
        var html = await WriteAsync(ReportFormats.Html);

        markdown.ShouldContain("| `trigger-on-insert` | attack | ok | allowed | blocked | (blocked) |");
        markdown.ShouldContain("| `own-function` | benign | **mismatch** | allowed | **mismatch** | (allowed) |");
        markdown.ShouldContain("| `broken-setup` | attack | **could not run** | - | - | - |");
        html.ShouldStartWith("<!DOCTYPE html>");
        html.ShouldContain("relation &quot;t&quot; does not exist");
        html.ShouldContain("<td class=\"outcome o-blocked\"><b>MISMATCH</b></td>");
    }

    [Theory]
    [InlineData(ReportFormats.Json)]
    [InlineData(ReportFormats.Markdown)]
    [InlineData(ReportFormats.Html)]
    [InlineData(ReportFormats.JUnit)]
    [InlineData(ReportFormats.Table)]
    public async Task The_same_results_give_the_same_bytes(string format)
    {
        (await WriteAsync(format)).ShouldBe(await WriteAsync(format));
    }
}
