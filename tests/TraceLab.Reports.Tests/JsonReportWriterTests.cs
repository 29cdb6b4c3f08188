using System.Text.Json;
using TraceLab.Replayer.Output;
using TraceLab.Reports;

namespace TraceLab.Reports.Tests;

/// <summary>The streamed JSON document: counterfactual outcomes, the summary of all six outcomes, shapes and kind.</summary>
public sealed class JsonReportWriterTests
{
    private static async Task<JsonDocument> SampleAsync(ReportKind kind = ReportKind.Replay) =>
        JsonDocument.Parse(await ReportSample.BytesAsync(ReportFormats.Json, kind, cancellationToken: TestContext.Current.CancellationToken));

    private static Task<ReplayReport> ReportAsync() =>
        new ReplayEngine(ReportSample.Policies).ReplayAsync(ReportSample.Sessions(), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Decision_is_the_outcome_and_verdict_the_policys_own_word_when_they_differ()
    {
        var report = await ReportAsync();
        using var document = await SampleAsync();

        var operations = document.RootElement.GetProperty("operations").EnumerateArray().ToList();
        operations.Count.ShouldBe(report.Operations.Count);
        for (var i = 0; i < operations.Count; i++)
        {
            foreach (var expected in report.Operations[i].Verdicts)
            {
                var verdict = operations[i].GetProperty("verdicts").GetProperty(expected.Policy);
                verdict.GetProperty("decision").GetString().ShouldBe(ReportNames.Of(expected.Outcome));
                var counterfactual = expected.Outcome is Outcome.NotReached or Outcome.Aborted or Outcome.HandlerWouldRun;
                verdict.TryGetProperty("verdict", out var own).ShouldBe(counterfactual);
                if (counterfactual)
                {
                    own.GetString().ShouldBe(ReportNames.Of(expected.Verdict.Decision));
                }
            }
        }

        operations.ShouldContain(o => o.GetProperty("verdicts").GetProperty("strict-trusted-chain").GetProperty("decision").GetString() == "not_reached");
    }

    [Fact]
    public async Task The_summary_counts_all_six_outcomes_per_session_and_in_total()
    {
        var report = await ReportAsync();
        using var document = await SampleAsync();

        var summary = document.RootElement.GetProperty("summary");
        summary.GetProperty("operations").GetInt64().ShouldBe(report.Operations.Count);
        summary.GetProperty("sessions").GetArrayLength().ShouldBe(ReportSample.Sessions().Count);
        foreach (var policy in report.Policies)
        {
            var counts = summary.GetProperty("policies").GetProperty(policy);
            counts.EnumerateObject().Select(p => p.Name).ShouldBe(
                ["allowed", "blocked", "warned", "not_reached", "aborted", "handler_would_run"]);
            foreach (var outcome in Enum.GetValues<Outcome>())
            {
                counts.GetProperty(ReportNames.Of(outcome)).GetInt64().ShouldBe(
                    report.Operations.Count(o => o.Verdicts.Single(v => v.Policy == policy).Outcome == outcome));
            }
        }
    }

    [Fact]
    public async Task Shapes_follow_the_summary_with_their_counts_and_an_example()
    {
        var report = await ReportAsync();
        using var document = await SampleAsync();

        var root = document.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["operations", "summary", "kind", "shapes"]);
        root.GetProperty("kind").GetString().ShouldBe("replay");
        var shapes = root.GetProperty("shapes").EnumerateArray().ToList();
        shapes.Count.ShouldBe(report.Shapes.Count);
        shapes.Sum(s => s.GetProperty("operations").GetInt64()).ShouldBe(report.Operations.Count);
        var first = shapes[0];
        first.EnumerateObject().Select(p => p.Name).ShouldBe(["shape", "command", "kinds", "owners", "operations", "policies", "example"]);
        first.GetProperty("shape").GetString().ShouldBe(report.Shapes[0].Shape.Text);
        var alter = shapes.First(s => s.GetProperty("command").GetString() == "ALTER ROLE");
        alter.GetProperty("kinds")[0].GetString().ShouldBe("statement");
        alter.GetProperty("owners")[0].GetString().ShouldBe("executor");
        alter.GetProperty("policies").GetProperty("ddl-needs-trusted-chain").GetProperty("blocked").GetInt64().ShouldBe(1);
        var example = alter.GetProperty("example");
        report.Operations.ShouldContain(o =>
            o.Operation.SessionId == example.GetProperty("session").GetString() && o.Operation.Seq == example.GetProperty("seq").GetInt64()
            && o.Operation.Command == "ALTER ROLE");
    }

    [Fact]
    public async Task A_diff_says_so_and_lists_only_differing_operations_but_counts_all()
    {
        var report = await ReportAsync();
        using var document = await SampleAsync(ReportKind.Diff);

        var root = document.RootElement;
        root.GetProperty("kind").GetString().ShouldBe("diff");
        var operations = root.GetProperty("operations").EnumerateArray().ToList();
        operations.Count.ShouldBe(report.Operations.Count(OutcomeDiff.Differs));
        operations.Count.ShouldBeLessThan(report.Operations.Count);
        operations.ShouldAllBe(o => o.GetProperty("verdicts").EnumerateObject().Select(v => v.Value.GetProperty("decision").GetString()).Distinct().Count() > 1);
        root.GetProperty("summary").GetProperty("operations").GetInt64().ShouldBe(report.Operations.Count);
    }

    [Fact]
    public async Task A_text_writer_receives_the_same_document_as_a_stream()
    {
        var bytes = await ReportSample.BytesAsync(ReportFormats.Json, cancellationToken: TestContext.Current.CancellationToken);
        var text = new StringWriter { NewLine = "\n" };
        await using (var writer = ReportFormats.Create(ReportFormats.Json, text))
        {
            await new ReplayEngine(ReportSample.Policies).RunAsync(
                ReportSample.Sessions(), [writer], cancellationToken: TestContext.Current.CancellationToken);
        }

        text.ToString().ShouldBe(System.Text.Encoding.UTF8.GetString(bytes));
    }
}
