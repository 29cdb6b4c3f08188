using System.Text.Json;
using System.Xml.Linq;
using TraceLab.Reports.Suites;
using TraceLab.Scenarios.Results;

namespace TraceLab.Reports.Tests.Suites;

public sealed class AgreementWriterTests
{
    private static async Task<string> WriteAsync(string format, SuiteReport report)
    {
        var output = new StringWriter { NewLine = "\n" };
        await SuiteReportFormats.Create(format, output).WriteAsync(report, TestContext.Current.CancellationToken);
        return output.ToString();
    }

    [Fact]
    public void The_sample_has_one_cell_of_each_status()
    {
        var cells = AgreementSample.Enforced().Scenarios[0].Agreement;

        cells.Select(c => c.Status).ShouldBe([AgreementStatus.Agree, AgreementStatus.Disagree, AgreementStatus.CouldNotRun]);
        var summary = AgreementSample.Enforced().Agreement.Overall;
        (summary.Agreed, summary.Total, summary.PercentText).ShouldBe((4, 5, "80.0%"));
        (summary.HandlerWouldRun, summary.HandlerRan, summary.Caught).ShouldBe((1, 2, 1));
    }

    [Fact]
    public async Task Without_enforce_no_format_mentions_agreement()
    {
        foreach (var format in ReportFormats.Names)
        {
            (await WriteAsync(format, AgreementSample.Report())).ShouldNotContain("agree", Case.Insensitive);
        }
    }

    [Fact]
    public async Task Json_has_the_documented_agreement_fields()
    {
        using var json = JsonDocument.Parse(await WriteAsync(ReportFormats.Json, AgreementSample.Enforced()));
        var scenarios = json.RootElement.GetProperty("scenarios");
        var cells = scenarios[0].GetProperty("agreement");

        cells.GetProperty("permissive").GetProperty("status").GetString().ShouldBe("agree");
        var ddl = cells.GetProperty(SuiteSample.Ddl);
        ddl.GetProperty("status").GetString().ShouldBe("disagree");
        (ddl.GetProperty("agreed").GetInt32(), ddl.GetProperty("total").GetInt32()).ShouldBe((1, 2));
        (ddl.GetProperty("handler_would_run").GetInt32(), ddl.GetProperty("handler_ran").GetInt32()).ShouldBe((1, 2));
        var disagreement = ddl.GetProperty("disagreements").EnumerateArray().ShouldHaveSingleItem();
        disagreement.GetProperty("session").GetString().ShouldBe("alice");
        disagreement.GetProperty("command").GetString().ShouldBe("ALTER ROLE");
        (disagreement.GetProperty("predicted").GetString(), disagreement.GetProperty("actual").GetString()).ShouldBe(("blocked", "allowed"));
        disagreement.GetProperty("chain").GetArrayLength().ShouldBe(4);
        disagreement.GetProperty("chain")[1].GetProperty("kind").GetString().ShouldBe("trigger");
        disagreement.GetProperty("probe_message").ValueKind.ShouldBe(JsonValueKind.Null);
        disagreement.GetProperty("predicted_message").GetProperty("detail").GetString().ShouldBe("Function mallory.f(integer, text) was called.");
        var reality = ddl.GetProperty("reality");
        (reality.GetProperty("changed").GetBoolean(), reality.GetProperty("expected_change").GetBoolean(), reality.GetProperty("agrees").GetBoolean())
            .ShouldBe((false, true, false));
        var broken = cells.GetProperty(SuiteSample.Unjudged);
        broken.GetProperty("status").GetString().ShouldBe("could_not_run");
        broken.GetProperty("error").GetProperty("detail").GetString().ShouldBe("Could not open file \"/x\".");
        var error = scenarios[1].GetProperty("agreement").GetProperty("permissive").GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("consequence").GetString().ShouldBe("caught");
        error.GetProperty("probe_message").GetProperty("message").GetString().ShouldBe("STUB policy blocks ALTER ROLE");

        var summary = json.RootElement.GetProperty("summary").GetProperty("agreement");
        (summary.GetProperty("agreed").GetInt32(), summary.GetProperty("total").GetInt32(), summary.GetProperty("percent").GetDouble())
            .ShouldBe((4, 5, 80.0));
        (summary.GetProperty("agree").GetInt32(), summary.GetProperty("disagree").GetInt32(), summary.GetProperty("could_not_run").GetInt32())
            .ShouldBe((2, 1, 1));
        summary.GetProperty("caught").GetInt32().ShouldBe(1);
        summary.GetProperty("messages_differ").GetInt32().ShouldBe(1);
        scenarios[1].GetProperty("agreement").GetProperty("permissive").GetProperty("messages_differ").GetInt32().ShouldBe(1);
        ddl.GetProperty("messages_differ").GetInt32().ShouldBe(0);
        summary.GetProperty("policies").GetProperty(SuiteSample.Ddl).GetProperty("percent").GetDouble().ShouldBe(50.0);
    }

    [Fact]
    public async Task Table_shows_the_matrix_each_disagreement_with_its_chain_and_the_summary_line()
    {
        var text = await WriteAsync(ReportFormats.Table, AgreementSample.Enforced());

        text.ShouldContain("Agreement with enforcement");
        text.ShouldContain("2/2");
        text.ShouldContain("1/2 reality");
        text.ShouldContain("1/1 handler");
        text.ShouldContain("disagree: trigger-on-insert under ddl-needs-trusted-chain: 1 of 2 operations agree");
        text.ShouldContain("alice: ALTER ROLE: predicted blocked, actual allowed");
        // Statements cut short, every other entry whole, on one line however narrow the console
        text.ShouldContain("chain: statement \"INSERT INTO mallory.t_orders VALUES (1, 'first …\" (alice, execution) > trigger trg_orders on mallory.t_orders (mallory, execution) > function mallory.f(integer, text) (mallory, execution) > utility \"ALTER ROLE mallory SUPERUSER\" (mallory, utility)");
        text.ShouldContain("replay: user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"");
        text.ShouldContain("reality: expected to change (the policy blocks the attack), \"t\" unenforced and \"t\" enforced, from SELECT 1");
        text.ShouldContain("could_not_run: trigger-on-insert under mine: the enforced run could not run");
        // A policy whose every cell could not run has no share to show
        text.ShouldContain("│ mine                    │      - │        0/0 │");
        text.ShouldContain("ERROR:  could not load enforcement policy from file \"/x\"");
        text.ShouldContain("agreement: 80.0% (4 of 5 compared operations); 2 of 4 cells agree, 1 disagree, 1 could not run; 1 enforced errors caught by a handler (1 handler_would_run operations not compared, 2 handler_ran operations); 1 enforced messages differ from the replay's");
    }

    [Fact]
    public async Task JUnit_has_an_agreement_suite_with_a_case_per_scenario_and_policy()
    {
        var xml = XDocument.Parse(await WriteAsync(ReportFormats.JUnit, AgreementSample.Enforced()));

        var suite = xml.Root!.Elements("testsuite").Single(s => (string?)s.Attribute("name") == "agreement");
        ((string?)suite.Attribute("tests"), (string?)suite.Attribute("failures"), (string?)suite.Attribute("errors")).ShouldBe(("4", "1", "1"));
        suite.Elements("testcase").Single(c => (string?)c.Attribute("name") == "trigger-on-insert under ddl-needs-trusted-chain")
            .Element("failure")!.Value.ShouldContain("predicted blocked, actual allowed");
    }

    [Fact]
    public async Task Markdown_and_html_carry_the_agreement_matrix()
    {
        var markdown = await WriteAsync(ReportFormats.Markdown, AgreementSample.Enforced());
        var html = await WriteAsync(ReportFormats.Html, AgreementSample.Enforced());

        markdown.ShouldContain("## Agreement with enforcement");
        markdown.ShouldContain("| `trigger-on-insert` | 2/2 | **1/2 reality** | **could\\_not\\_run** |");
        markdown.ShouldContain("### trigger-on-insert under ddl-needs-trusted-chain: 1 of 2 operations agree");
        html.ShouldContain("<h2>Agreement with enforcement</h2>");
        html.ShouldContain("<td class=\"outcome o-blocked\">1/2 reality</td>");
    }

    [Theory]
    [InlineData(ReportFormats.Json)]
    [InlineData(ReportFormats.Markdown)]
    [InlineData(ReportFormats.Html)]
    [InlineData(ReportFormats.JUnit)]
    [InlineData(ReportFormats.Table)]
    public async Task The_same_agreement_gives_the_same_bytes(string format)
    {
        (await WriteAsync(format, AgreementSample.Enforced())).ShouldBe(await WriteAsync(format, AgreementSample.Enforced()));
    }
}
