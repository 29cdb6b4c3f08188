namespace TraceLab.Reports.Tests;

/// <summary>The <c>session</c> column: the pid when it is unique in the report, else the shortest prefix of the id
/// that tells the sessions apart.</summary>
public sealed class SessionLabelsTests
{
    [Fact]
    public void A_pid_that_repeats_across_restarts_gets_as_many_start_digits_as_tell_the_sessions_apart()
    {
        var labels = new SessionLabels(["4242-1780000000000000", "4242-1780000500000000", "4243-1780000000000000", "42-1"]);

        labels.Of("4242-1780000000000000").ShouldBe("4242-17800000");
        labels.Of("4242-1780000500000000").ShouldBe("4242-17800005");
        labels.Of("4243-1780000000000000").ShouldBe("4243");
        labels.Of("42-1").ShouldBe("42");
        "4242-1780000000000000".ShouldStartWith(labels.Of("4242-1780000000000000"));
    }

    [Fact]
    public void Ids_that_name_their_server_are_labelled_by_pid_then_start_then_server()
    {
        var labels = new SessionLabels([
            "4242-1780000000000000-7412345678901234567",
            "4242-1780000000000000-7498765432109876543",
            "4243-1780000000000000-7412345678901234567",
            "4244-1780000000000000",
        ]);

        labels.Of("4242-1780000000000000-7412345678901234567").ShouldBe("4242-1780000000000000-741");
        labels.Of("4242-1780000000000000-7498765432109876543").ShouldBe("4242-1780000000000000-749");
        labels.Of("4243-1780000000000000-7412345678901234567").ShouldBe("4243");
        labels.Of("4244-1780000000000000").ShouldBe("4244");
        new SessionLabels(null).Of("4242-1780000000000000-7412345678901234567").ShouldBe("4242");
    }

    [Fact]
    public void Without_the_list_of_sessions_the_pid_is_the_label()
    {
        new SessionLabels(null).Of("4242-1780000000000000").ShouldBe("4242");
        new SessionLabels(["1-1"]).Of("4242-1780000000000000").ShouldBe("4242");
    }

    [Fact]
    public async Task A_report_of_two_sessions_with_the_same_pid_tells_them_apart_in_its_table()
    {
        var first = new Replayer.Tests.Support.SessionScript();
        first.Started("db", 10);
        first.Role(10, "alice");
        first.Finished(first.Utility(0, 0, 10, 0, "CREATE TABLE", "CREATE TABLE t()"));
        using var console = Support.CollectedReports.Console(200);
        var output = await RenderAsync(console, first.ToSession("4242-1780000000000000"), first.ToSession("4242-1780000900000000"));

        output.ShouldContain("4242-17800000");
        output.ShouldContain("4242-17800009");
    }

    private static async Task<string> RenderAsync(Spectre.Console.Testing.TestConsole console, params RecordedSession[] sessions)
    {
        await using var writer = ReportFormats.Create(
            ReportFormats.Table, console, new ReportOptions { Table = new ReplayTableOptions { ListAllowed = true } });
        await new ReplayEngine([Policies.BuiltInPolicies.Permissive]).RunAsync(
            sessions, [writer], cancellationToken: TestContext.Current.CancellationToken);
        return console.Output;
    }
}
