using TraceLab.Reports;

namespace TraceLab.Reports.Tests;

/// <summary>What the console table and the HTML page keep of a long replay.</summary>
public sealed class OperationSelectionTests
{
    [Fact]
    public async Task Listing_allowed_operations_keeps_them_while_there_is_room_then_gives_way_to_blocks()
    {
        var (allowed, blocked) = await SampleAsync();
        var selection = new OperationSelection(limit: 3, listAllowed: true);

        foreach (var operation in new[] { allowed[0], allowed[1], allowed[2], blocked, allowed[3], blocked, blocked, blocked })
        {
            selection.Offer(operation);
        }

        selection.Kept.ShouldBe([blocked, blocked, blocked]);
        selection.AllowedNotListed.ShouldBe(4);
        selection.OverLimit.ShouldBe(1);
        selection.Notes().ShouldBe(
        [
            "4 operations every policy allowed are not listed.",
            "1 more operation some policy did not simply allow was left out: the report lists at most 3.",
        ]);
    }

    [Fact]
    public async Task A_short_replay_is_listed_whole_in_arrival_order()
    {
        var (allowed, blocked) = await SampleAsync();
        var selection = new OperationSelection(limit: 10, listAllowed: true);

        foreach (var operation in new[] { allowed[0], blocked, allowed[1] })
        {
            selection.Offer(operation);
        }

        selection.Kept.ShouldBe([allowed[0], blocked, allowed[1]]);
        selection.Notes().ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_listing_allowed_operations_only_the_others_are_kept()
    {
        var (allowed, blocked) = await SampleAsync();
        var selection = new OperationSelection(limit: 10, listAllowed: false);

        foreach (var operation in new[] { allowed[0], blocked, allowed[1] })
        {
            selection.Offer(operation);
        }

        selection.Kept.ShouldBe([blocked]);
        selection.Notes().ShouldBe(["2 operations every policy allowed are not listed."]);
    }

    private static async Task<(List<ReplayedOperation> Allowed, ReplayedOperation Blocked)> SampleAsync()
    {
        var report = await new ReplayEngine(ReportSample.Policies).ReplayAsync(ReportSample.Sessions(), TestContext.Current.CancellationToken);
        var allowed = report.Operations.Where(o => o.Verdicts.All(v => v.Outcome == Outcome.Allowed)).Take(4).ToList();
        allowed.Count.ShouldBe(4);
        return (allowed, report.Operations.First(o => o.Verdicts.Any(v => v.Outcome == Outcome.Blocked)));
    }
}
