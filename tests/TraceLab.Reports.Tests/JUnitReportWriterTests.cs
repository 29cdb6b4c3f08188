using System.Xml.Linq;
using TraceLab.Replayer.Output;
using TraceLab.Reports;

namespace TraceLab.Reports.Tests;

public sealed class JUnitReportWriterTests
{
    private static readonly Expectation[] NoBlocks =
    [
        new("ddl-needs-trusted-chain", [Outcome.Blocked]),
        new("strict-trusted-chain", [Outcome.Blocked, Outcome.NotReached]),
    ];

    private static async Task<XDocument> SampleAsync(IReadOnlyList<Expectation> expectations, ReportKind kind = ReportKind.Replay)
    {
        var bytes = await ReportSample.BytesAsync(ReportFormats.JUnit, kind, expectations, cancellationToken: TestContext.Current.CancellationToken);
        using var stream = new MemoryStream(bytes);
        return XDocument.Load(stream);
    }

    [Fact]
    public async Task Has_a_suite_per_policy_and_a_case_per_operation_only_where_an_expectation_exists()
    {
        var report = await new ReplayEngine(ReportSample.Policies).ReplayAsync(ReportSample.Sessions(), TestContext.Current.CancellationToken);

        var document = await SampleAsync(NoBlocks);

        var root = document.Root.ShouldNotBeNull();
        root.Name.LocalName.ShouldBe("testsuites");
        var suites = root.Elements("testsuite").ToList();
        suites.Select(s => (string?)s.Attribute("name")).ShouldBe(report.Policies);
        suites[0].Elements("testcase").ShouldBeEmpty();
        suites[0].Attribute("tests")!.Value.ShouldBe("0");
        suites[1].Elements("testcase").Count().ShouldBe(report.Operations.Count);
        suites[2].Elements("testcase").Count().ShouldBe(report.Operations.Count);
        suites[1].Elements("testcase").ShouldAllBe(c => (string?)c.Attribute("classname") == "ddl-needs-trusted-chain");
        suites[1].Elements("testcase").First().Attribute("name")!.Value.ShouldBe("4242-1780000000000000/8/SELECT");
        root.Attribute("tests")!.Value.ShouldBe((2 * report.Operations.Count).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Fails_the_cases_whose_outcome_is_forbidden()
    {
        var report = await new ReplayEngine(ReportSample.Policies).ReplayAsync(ReportSample.Sessions(), TestContext.Current.CancellationToken);

        var document = await SampleAsync(NoBlocks);

        var suites = document.Root!.Elements("testsuite").ToList();
        foreach (var (suite, expectation) in new[] { (suites[1], NoBlocks[0]), (suites[2], NoBlocks[1]) })
        {
            var failing = report.Operations.Count(o => expectation.Forbidden.Contains(o.Verdicts.Single(v => v.Policy == expectation.Policy).Outcome));
            failing.ShouldBeGreaterThan(0);
            suite.Elements("testcase").Count(c => c.Element("failure") is not null).ShouldBe(failing);
            suite.Attribute("failures")!.Value.ShouldBe(failing.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var alter = suites[1].Elements("testcase").Single(c => c.Attribute("name")!.Value == "4242-1780000000000000/10/ALTER ROLE");
        var failure = alter.Element("failure").ShouldNotBeNull();
        failure.Attribute("type")!.Value.ShouldBe("blocked");
        failure.Attribute("message")!.Value.ShouldBe("user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"");
        failure.Value.ShouldStartWith("ERROR:  user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"\nDETAIL:  ");
        failure.Value.ShouldContain("\n    └ view mallory.v_bait (mallory, rewrite) ← culprit\n");
        var unreached = suites[2].Elements("testcase").Single(c => c.Attribute("name")!.Value == "4242-1780000000000000/10/ALTER ROLE");
        unreached.Element("failure")!.Attribute("type")!.Value.ShouldBe("not_reached");
    }

    [Fact]
    public async Task Without_expectations_every_suite_is_empty_and_the_document_still_valid()
    {
        var document = await SampleAsync([]);

        document.Root!.Elements("testsuite").Count().ShouldBe(ReportSample.Policies.Count);
        document.Root.Descendants("testcase").ShouldBeEmpty();
        document.Root.Attribute("failures")!.Value.ShouldBe("0");
    }

    [Fact]
    public async Task An_expectation_about_a_policy_not_in_the_report_is_refused()
    {
        await using var writer = new JUnitReportWriter(new MemoryStream());

        await Should.ThrowAsync<ArgumentException>(() => writer.BeginAsync(
            new ReportHeader(ReportKind.Replay, ["permissive"], [new Expectation("no-such-policy", [Outcome.Blocked])]),
            TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Characters_xml_cannot_carry_and_long_suites_still_give_a_valid_document()
    {
        // Given: a statement with a control character and an emoji, repeated until the test cases spill to a file
        var s = new SessionScript();
        s.Started("db", Version1Sessions.Bob);
        s.Role(Version1Sessions.Bob, "bob");
        for (var i = 0; i < 400; i++)
        {
            s.Statement(0, 0, Version1Sessions.Bob, i + 1, "SELECT", $"SELECT '\u0001 🐘 {new string('x', 200)}' -- {i}");
        }

        var report = await new ReplayEngine(Replays.Classic).ReplayAsync([s.ToSession()], TestContext.Current.CancellationToken);
        using var output = new MemoryStream();

        // When
        await using (var writer = new JUnitReportWriter(output))
        {
            await writer.WriteReportAsync(
                report, expectations: [new Expectation("permissive", [Outcome.Allowed])], cancellationToken: TestContext.Current.CancellationToken);
        }

        // Then
        output.Position = 0;
        var document = XDocument.Load(output);
        var cases = document.Root!.Element("testsuite")!.Elements("testcase").ToList();
        cases.Count.ShouldBe(400);
        cases[0].Element("failure")!.Value.ShouldContain("\uFFFD 🐘");
    }
}
