using System.Globalization;
using System.Xml;
using TraceLab.Scenarios.Results;

namespace TraceLab.Reports.Suites;

/// <summary>Writes a suite run as JUnit XML for CI: one <c>&lt;testsuite&gt;</c> per policy, one <c>&lt;testcase&gt;</c>
/// per scenario and policy (class name the policy, name the scenario id), plus a <c>reality</c> suite with one test
/// case per scenario that has a reality check; with <c>--enforce</c>, an <c>agreement</c> suite with one test case per
/// scenario and policy (a cell that disagrees is a <c>&lt;failure&gt;</c>, one whose enforced run could not run an
/// <c>&lt;error&gt;</c>).</summary>
/// <remarks>A mismatch is a <c>&lt;failure&gt;</c> listing expected against actual; a scenario that could not run is an
/// <c>&lt;error&gt;</c> with psql's lines in every suite; an unjudged policy is <c>&lt;skipped&gt;</c>. No timestamps,
/// times or host names: the same results give the same bytes.</remarks>
public sealed class SuiteJUnitWriter(TextWriter output) : ISuiteReportWriter
{
    private const string RealitySuite = "reality";

    /// <summary>The suite of <c>--enforce</c>: one test case per scenario and policy, named <c>SCENARIO under POLICY</c>.</summary>
    private const string AgreementSuite = "agreement";

    private static readonly XmlWriterSettings Settings = new()
    {
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        NewLineHandling = NewLineHandling.Replace,
        OmitXmlDeclaration = true,
        CloseOutput = false,
        Async = true,
    };

    public async Task WriteAsync(SuiteReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var cases = report.Policies.Select(p => (Suite: p, Cases: report.Scenarios.Select(s => PolicyCase(s, p)).ToList())).ToList();
        cases.Add((RealitySuite, [.. report.Scenarios.Where(s => s.Reality is not null || s.Error is not null).Select(RealityCase)]));
        if (report.Enforced)
        {
            cases.Add((AgreementSuite, [.. report.Scenarios.SelectMany(s => s.Agreement.Select(c => AgreementCase(s, c)))]));
        }

        await output.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".AsMemory(), cancellationToken);
        await using (var xml = XmlWriter.Create(output, Settings))
        {
            await xml.WriteStartElementAsync(null, "testsuites", null);
            xml.WriteAttributeString("name", "tracelab suite");
            WriteCounts(xml, cases.SelectMany(c => c.Cases).ToList());
            foreach (var (suite, suiteCases) in cases)
            {
                xml.WriteStartElement("testsuite");
                xml.WriteAttributeString("name", suite);
                WriteCounts(xml, suiteCases);
                foreach (var testCase in suiteCases)
                {
                    xml.WriteStartElement("testcase");
                    xml.WriteAttributeString("classname", suite);
                    xml.WriteAttributeString("name", testCase.Name);
                    if (testCase.Outcome is { } outcome)
                    {
                        xml.WriteStartElement(outcome);
                        xml.WriteAttributeString("message", XmlText.Clean(testCase.Message ?? ""));
                        if (testCase.Text is { Length: > 0 } text)
                        {
                            xml.WriteString(XmlText.Clean(text));
                        }

                        xml.WriteEndElement();
                    }

                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            await xml.WriteEndElementAsync();
        }

        await output.WriteAsync("\n".AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private static Case PolicyCase(ScenarioResult scenario, string policy)
    {
        var id = scenario.Scenario.Id;
        if (scenario.Error is { } error)
        {
            return new Case(id, "error", $"could not run: {error.Message}", string.Join('\n', SuiteText.ErrorLines(error)));
        }

        var result = scenario.Policies.First(p => p.Policy == policy);
        return result.Cell switch
        {
            MatrixCell.Mismatch => new Case(id, "failure",
                $"{policy} did not do what {id} expects", string.Join('\n', SuiteText.Differences(result))),
            MatrixCell.Unjudged => new Case(id, "skipped", $"{id} states no expectation for {policy}", null),
            _ => new Case(id, null, null, null),
        };
    }

    private static Case RealityCase(ScenarioResult scenario)
    {
        var id = scenario.Scenario.Id;
        return scenario.Error is { } error
            ? new Case(id, "error", $"could not run: {error.Message}", string.Join('\n', SuiteText.ErrorLines(error)))
            : scenario.Reality is { Matches: false } reality
                ? new Case(id, "failure", $"expected \"{reality.Expected}\", got \"{reality.Actual}\"", reality.Query)
                : new Case(id, null, null, null);
    }

    private static Case AgreementCase(ScenarioResult scenario, AgreementResult cell)
    {
        var name = $"{scenario.Scenario.Id} under {cell.Policy}";
        var text = string.Join('\n', AgreementText.Details(cell));
        return cell.Status switch
        {
            AgreementStatus.Agree => new Case(name, null, null, null),
            AgreementStatus.Disagree => new Case(name, "failure", AgreementText.Heading(scenario, cell), text),
            _ => new Case(name, "error", AgreementText.Heading(scenario, cell), text),
        };
    }

    private static void WriteCounts(XmlWriter xml, List<Case> cases)
    {
        xml.WriteAttributeString("tests", Count(cases.Count));
        xml.WriteAttributeString("failures", Count(cases.Count(c => c.Outcome == "failure")));
        xml.WriteAttributeString("errors", Count(cases.Count(c => c.Outcome == "error")));
        xml.WriteAttributeString("skipped", Count(cases.Count(c => c.Outcome == "skipped")));
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <param name="Outcome"><c>failure</c>, <c>error</c>, <c>skipped</c>, or <c>null</c> for a pass.</param>
    private sealed record Case(string Name, string? Outcome, string? Message, string? Text);
}
