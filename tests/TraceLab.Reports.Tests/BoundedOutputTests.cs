using System.Text;
using TraceLab.Replayer.Output;
using TraceLab.Reports;

namespace TraceLab.Reports.Tests;

/// <summary>The streaming formats hold back a bounded amount however many operations pass.</summary>
public sealed class BoundedOutputTests
{
    private const int Repeats = 3_000;

    private static async Task<(ReportHeader Header, ReplayedOperation Blocked, ReportFooter Footer)> SampleAsync()
    {
        var report = await new ReplayEngine(ReportSample.Policies).ReplayAsync(ReportSample.Sessions(), TestContext.Current.CancellationToken);
        var header = new ReportHeader(ReportKind.Replay, report.Policies, [new Expectation("ddl-needs-trusted-chain", [Outcome.Blocked])]);
        var blocked = report.Operations.First(o => o.Verdicts.Any(v => v.Outcome == Outcome.Blocked) && o.Operation.Command == "ALTER ROLE");
        return (header, blocked, new ReportFooter(report.Summary, report.Shapes));
    }

    [Fact]
    public async Task Json_passes_its_output_on_as_it_goes()
    {
        var (header, blocked, footer) = await SampleAsync();
        var output = new MemoryStream();
        await using var writer = new JsonReportWriter(output);

        await writer.BeginAsync(header, TestContext.Current.CancellationToken);
        for (var i = 0; i < Repeats; i++)
        {
            await writer.WriteAsync(blocked, TestContext.Current.CancellationToken);
            writer.BufferedBytes.ShouldBeLessThan(2 * JsonReportWriter.FlushThreshold);
        }

        await writer.EndAsync(footer, TestContext.Current.CancellationToken);
        output.Length.ShouldBeGreaterThan(Repeats * 1_000L);
    }

    [Fact]
    public async Task Markdown_and_junit_move_what_they_hold_back_to_a_temporary_file()
    {
        var (header, blocked, footer) = await SampleAsync();
        var markdownOutput = new MemoryStream();
        var junitOutput = new MemoryStream();
        await using var markdown = new MarkdownReportWriter(markdownOutput);
        await using var junit = new JUnitReportWriter(junitOutput);
        IReportWriter[] writers = [markdown, junit];

        foreach (var writer in writers)
        {
            await writer.BeginAsync(header, TestContext.Current.CancellationToken);
        }

        for (var i = 0; i < Repeats; i++)
        {
            foreach (var writer in writers)
            {
                await writer.WriteAsync(blocked, TestContext.Current.CancellationToken);
            }

            markdown.Messages.BufferedCharacters.ShouldBeLessThanOrEqualTo(TextSpool.MemoryLimit + 4_096);
            junit.Spools.ShouldAllBe(s => s.BufferedCharacters <= TextSpool.MemoryLimit + 4_096);
        }

        markdown.Messages.IsSpilled.ShouldBeTrue();
        junit.Spools.Count(s => s.IsSpilled).ShouldBe(1);
        foreach (var writer in writers)
        {
            await writer.EndAsync(footer, TestContext.Current.CancellationToken);
        }

        var text = Encoding.UTF8.GetString(markdownOutput.ToArray());
        text.Split('\n').Count(l => l.StartsWith("> ERROR:  ", StringComparison.Ordinal)).ShouldBe(Repeats * blocked.Verdicts.Count(v => v.Outcome == Outcome.Blocked));
        Encoding.UTF8.GetString(junitOutput.ToArray()).Split("<failure ").Length.ShouldBe(Repeats + 1);
    }

    [Fact]
    public async Task A_spool_never_splits_a_surrogate_pair_between_chunks()
    {
        // Given: emoji (two UTF-16 units each) at odd offsets, so pairs straddle every chunk boundary once spilled
        foreach (var length in new[] { 40_000, 200_000 })
        {
            var text = new StringBuilder("x");
            while (text.Length < length)
            {
                text.Append("🐘");
            }

            await using var spool = new TextSpool();
            await spool.AppendAsync(text.ToString(), TestContext.Current.CancellationToken);
            var copy = new StringBuilder();

            // When
            await spool.CopyToAsync(
                (chunk, count) =>
                {
                    char.IsHighSurrogate(chunk[count - 1]).ShouldBeFalse();
                    copy.Append(chunk, 0, count);
                    return Task.CompletedTask;
                },
                TestContext.Current.CancellationToken);

            // Then
            spool.IsSpilled.ShouldBe(length > TextSpool.MemoryLimit);
            copy.ToString().ShouldBe(text.ToString());
        }
    }
}
