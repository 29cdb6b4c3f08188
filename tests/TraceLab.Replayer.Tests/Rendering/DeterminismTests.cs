using TraceLab.Replayer.Output;
using TraceLab.Replayer.Rendering;

namespace TraceLab.Replayer.Tests.Rendering;

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
    public void Unknown_formats_are_refused_with_the_list_of_formats()
    {
        ReportFormats.IsKnown("xml").ShouldBeFalse();
        ReportFormats.Names.ShouldAllBe(n => ReportFormats.IsKnown(n));

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
