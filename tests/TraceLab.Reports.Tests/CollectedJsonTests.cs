using System.Text;
using System.Text.Json;
using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Replayer.Tests.Support;
using TraceLab.Reports;
using static TraceLab.Replayer.Tests.Support.Version1Sessions;

using TraceLab.Reports.Tests.Support;

namespace TraceLab.Reports.Tests;

/// <summary>The JSON document of a collected report: the documented form, byte for byte, and the same bytes as streamed.</summary>
public sealed class CollectedJsonTests
{
    private static async Task<ReplayReport> Replay(params RecordedSession[] sessions) =>
        await new ReplayEngine(Replays.Classic).ReplayAsync(sessions, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Writes_the_documented_form_exactly()
    {
        var report = await Replay(Version1Sessions.ViewAttack().ToSession());

        var json = await CollectedReports.JsonAsync(report);

        var expected = await File.ReadAllBytesAsync(
            Path.Combine(AppContext.BaseDirectory, "Expectations", "view_attack.verified.json"),
            TestContext.Current.CancellationToken);
        json.ShouldBe(Encoding.UTF8.GetString(expected));
        Encoding.UTF8.GetBytes(json).ShouldBe(expected);
    }

    [Fact]
    public async Task A_collected_report_reads_exactly_as_the_streamed_one()
    {
        static RecordedSession[] Sessions() =>
            [Version1Sessions.ViewAttack().ToSession(), Version1Sessions.TriggerAttack().ToSession(TriggerSessionId)];
        var collected = await CollectedReports.JsonAsync(await Replay(Sessions()));
        using var streamed = new MemoryStream();
        await using (var writer = new JsonReportWriter(streamed))
        {
            await new ReplayEngine(Replays.Classic).RunAsync(Sessions(), [writer], cancellationToken: TestContext.Current.CancellationToken);
        }

        collected.ShouldBe(Encoding.UTF8.GetString(streamed.ToArray()));
        collected.ShouldContain("\"kind\": \"trigger\"");
    }

    [Fact]
    public async Task Output_is_utf8_without_byte_order_mark_and_ends_with_a_newline()
    {
        var report = await Replay(Version1Sessions.BenignBob().ToSession(BenignSessionId));

        var bytes = Encoding.UTF8.GetBytes(await CollectedReports.JsonAsync(report));
        bytes[0].ShouldBe((byte)'{');
        bytes[^1].ShouldBe((byte)'\n');
        bytes.ShouldNotContain((byte)'\r');
    }

    [Fact]
    public async Task Keeps_field_names_and_order_of_every_operation()
    {
        var report = await Replay(Version1Sessions.TriggerAttack().ToSession(TriggerSessionId));

        using var document = JsonDocument.Parse(await CollectedReports.JsonAsync(report));
        var operation = document.RootElement.GetProperty("operations")[2];

        operation.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["session", "database", "seq", "command", "executor", "chain", "verdicts", "kind", "category"]);
        operation.GetProperty("chain").EnumerateArray().Select(e => e.GetProperty("kind").GetString())
            .ShouldBe(["statement", "trigger", "function", "utility"]);
        operation.GetProperty("chain")[1].EnumerateObject().Select(p => p.Name).ShouldBe(["kind", "object", "owner", "phase"]);
        operation.GetProperty("chain").EnumerateArray().Select(e => e.GetProperty("phase").GetString())
            .ShouldBe(["execution", "execution", "execution", "utility"]);
        var blocked = operation.GetProperty("verdicts").GetProperty("ddl-needs-trusted-chain");
        blocked.EnumerateObject().Select(p => p.Name).ShouldBe(["decision", "message", "detail", "hint", "culprit", "rule"]);
        blocked.GetProperty("decision").GetString().ShouldBe("blocked");
        operation.GetProperty("verdicts").GetProperty("permissive").EnumerateObject().Select(p => p.Name)
            .ShouldBe(["decision", "message", "detail", "hint"]);
    }

    [Fact]
    public async Task Marks_candidate_and_synthetic_entries_and_keeps_a_missing_database_null()
    {
        var s = new SessionScript();
        s.Relation(16401, "bob", "v_a", "v", Bob);
        s.Relation(16402, "mallory", "v_b", "v", Mallory);
        s.Analyzed(Q1, "SELECT", new ExpandedView(16401, -1, [FEvil]), new ExpandedView(16402, -1, [FEvil]));
        var select = s.Statement(0, 0, Bob, Q1, "SELECT", "SELECT * FROM bob.v_a, mallory.v_b");
        s.Entered(select, 1, Bob, FEvil);
        s.Entered(99, 1, Bob, FEvil);
        var report = await Replay(s.ToSession("no-start"));

        using var document = JsonDocument.Parse(await CollectedReports.JsonAsync(report));
        var operations = document.RootElement.GetProperty("operations");

        operations[0].GetProperty("database").ValueKind.ShouldBe(JsonValueKind.Null);
        var chain = operations[1].GetProperty("chain");
        chain[1].GetProperty("candidate").GetBoolean().ShouldBeTrue();
        chain[2].GetProperty("candidate").GetBoolean().ShouldBeTrue();
        chain[3].TryGetProperty("candidate", out _).ShouldBeFalse();
        var synthetic = operations[2].GetProperty("chain")[0];
        synthetic.GetProperty("synthetic").GetBoolean().ShouldBeTrue();
        synthetic.GetProperty("object").GetString().ShouldBe("unrecorded frame 99");
        synthetic.GetProperty("owner").GetString().ShouldBe("unknown role");
    }

    [Fact]
    public async Task Statement_texts_stay_whole_and_readable()
    {
        var text = "SELECT 'ünïcödé \"quoted\"',\n       repeat('x', 200) /* " + new string('y', 300) + " */";
        var s = new SessionScript();
        s.Started("db", Bob);
        s.Role(Bob, "bob");
        s.Statement(0, 0, Bob, 1, "SELECT", text);
        var report = await Replay(s.ToSession());

        var json = await CollectedReports.JsonAsync(report);

        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("operations")[0].GetProperty("chain")[0].GetProperty("object").GetString().ShouldBe(text);
        json.ShouldContain("ünïcödé \\\"quoted\\\"");
    }
}
