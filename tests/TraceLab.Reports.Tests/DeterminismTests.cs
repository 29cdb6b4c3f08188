using TraceLab.Replayer.Output;
using TraceLab.Reports;

namespace TraceLab.Reports.Tests;

/// <summary>The same replay gives the same bytes in every format: no clock, no machine name, no hash order.</summary>
public sealed class DeterminismTests
{
    public static TheoryData<string, ReportKind> Formats()
    {
        var data = new TheoryData<string, ReportKind>();
        foreach (var format in ReportFormats.Names)
        {
            data.Add(format, ReportKind.Replay);
            data.Add(format, ReportKind.Diff);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Two_replays_give_byte_identical_reports(string format, ReportKind kind)
    {
        Expectation[] expectations = [new("ddl-needs-trusted-chain", [Outcome.Blocked]), new("strict-trusted-chain", [Outcome.NotReached])];

        var first = await ReportSample.BytesAsync(format, kind, expectations, cancellationToken: TestContext.Current.CancellationToken);
        var second = await ReportSample.BytesAsync(format, kind, expectations, cancellationToken: TestContext.Current.CancellationToken);

        first.Length.ShouldBeGreaterThan(500);
        second.ShouldBe(first);
        first.ShouldNotContain((byte)'\r');
        first.Take(3).ShouldNotBe(new byte[] { 0xEF, 0xBB, 0xBF });
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_diff_is_not_written_like_a_replay(string format, ReportKind kind)
    {
        var other = kind == ReportKind.Replay ? ReportKind.Diff : ReportKind.Replay;

        var report = await ReportSample.BytesAsync(format, kind, cancellationToken: TestContext.Current.CancellationToken);
        var contrast = await ReportSample.BytesAsync(format, other, cancellationToken: TestContext.Current.CancellationToken);

        report.ShouldNotBe(contrast);
    }

    [Fact]
    public async Task Every_format_name_makes_a_writer_of_its_own_format()
    {
        var written = new Dictionary<string, string>();
        foreach (var format in ReportFormats.Names)
        {
            ReportFormats.IsKnown(format).ShouldBeTrue();
            var bytes = await ReportSample.BytesAsync(format, cancellationToken: TestContext.Current.CancellationToken);
            written[format] = System.Text.Encoding.UTF8.GetString(bytes);
        }

        written.Keys.ShouldBe(["table", "json", "markdown", "html", "junit"]);
        written.Values.Distinct().Count().ShouldBe(written.Count);
        written["table"].ShouldStartWith("╭");
        written["json"].ShouldStartWith("{");
        written["markdown"].ShouldStartWith("#");
        written["html"].ShouldStartWith("<!DOCTYPE html>");
        written["junit"].ShouldStartWith("<?xml");
    }

    [Fact]
    public void Unknown_formats_are_refused_with_the_list_of_formats()
    {
        ReportFormats.IsKnown("xml").ShouldBeFalse();
        ReportFormats.IsKnown("JSON").ShouldBeFalse();

        var error = Should.Throw<ArgumentException>(() => ReportFormats.Create("xml", new MemoryStream()));

        error.Message.ShouldStartWith("Unrecognized report format 'xml'; the formats are table, json, markdown, html, junit.");
    }

    [Fact]
    public void Outcome_names_read_back_as_their_outcomes()
    {
        ReportNames.OutcomeNames.ShouldBe(["allowed", "blocked", "warned", "not_reached", "aborted", "handler_would_run"]);
        foreach (var outcome in Enum.GetValues<Outcome>())
        {
            ReportNames.TryParseOutcome(ReportNames.Of(outcome), out var parsed).ShouldBeTrue();
            parsed.ShouldBe(outcome);
        }

        ReportNames.TryParseOutcome("NotReached", out _).ShouldBeFalse();
        ReportNames.TryParseOutcome(null, out _).ShouldBeFalse();
    }
}
