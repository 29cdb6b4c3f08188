using TraceLab.Cli;
using TraceLab.Cli.Commands;
using TraceLab.Events;
using TraceLab.Store;

namespace TraceLab.Cli.Tests.Commands;

public sealed class SessionSelectorTests
{
    private static readonly RecordedSessionSummary[] Recorded =
    [
        Session("123-1795895029507967"),
        Session("1234-1795895029575397"),
        Session("4567-1795895029626280"),
    ];

    [Fact]
    public void All_selects_every_session_in_recorded_order()
    {
        SessionSelector.Select(Recorded, [], all: true).Select(s => s.SessionId).ShouldBe(Recorded.Select(s => s.SessionId));
    }

    [Fact]
    public void An_exact_id_selects_that_session()
    {
        SessionSelector.Select(Recorded, ["1234-1795895029575397"], all: false).Single().SessionId.ShouldBe("1234-1795895029575397");
    }

    [Fact]
    public void A_bare_pid_selects_its_session_even_when_a_longer_pid_starts_with_it()
    {
        SessionSelector.Select(Recorded, ["123"], all: false).Single().SessionId.ShouldBe("123-1795895029507967");
    }

    [Fact]
    public void A_unique_prefix_selects_its_session()
    {
        SessionSelector.Select(Recorded, ["45"], all: false).Single().SessionId.ShouldBe("4567-1795895029626280");
    }

    [Fact]
    public void Selected_sessions_keep_recorded_order_and_appear_once()
    {
        SessionSelector.Select(Recorded, ["4567", "123", "4567-1795895029626280"], all: false)
            .Select(s => s.SessionId).ShouldBe(["123-1795895029507967", "4567-1795895029626280"]);
    }

    [Fact]
    public void An_ambiguous_prefix_is_an_error_listing_the_matches()
    {
        var error = Should.Throw<CliException>(() => SessionSelector.Select(Recorded, ["12"], all: false));
        error.Message.ShouldBe("session id prefix \"12\" is ambiguous");
        error.Detail.ShouldBe("It matches \"123-1795895029507967\", \"1234-1795895029575397\".");
    }

    [Fact]
    public void An_unknown_session_is_an_error_with_a_hint()
    {
        var error = Should.Throw<CliException>(() => SessionSelector.Select(Recorded, ["999"], all: false));
        error.Message.ShouldBe("recorded session \"999\" does not exist");
        error.Hint.ShouldNotBeNull().ShouldContain("tracelab sessions");
    }

    [Fact]
    public void Nothing_to_replay_is_an_error()
    {
        Should.Throw<CliException>(() => SessionSelector.Select(Recorded, [], all: false)).Message.ShouldBe("no sessions to replay");
    }

    [Fact]
    public void All_and_ids_together_are_an_error()
    {
        Should.Throw<CliException>(() => SessionSelector.Select(Recorded, ["123"], all: true));
    }

    [Fact]
    public void Filters_alone_or_with_all_select_every_session_they_keep()
    {
        var bob = new SessionFilter(User: "bob");

        SessionSelector.Select(Mixed, [], all: false, bob).Select(s => s.SessionId).ShouldBe(["2-1795895029575397", "3-1795895029626280"]);
        SessionSelector.Select(Mixed, [], all: true, bob).Select(s => s.SessionId).ShouldBe(["2-1795895029575397", "3-1795895029626280"]);
        SessionSelector.Select(Mixed, [], all: true, new SessionFilter(User: "bob", Database: "other"))
            .Select(s => s.SessionId).ShouldBe(["3-1795895029626280"]);
    }

    [Fact]
    public void Named_sessions_must_match_the_filters_too()
    {
        var bob = new SessionFilter(User: "bob");

        SessionSelector.Select(Mixed, ["3"], all: false, bob).Single().SessionId.ShouldBe("3-1795895029626280");
        var error = Should.Throw<CliException>(() => SessionSelector.Select(Mixed, ["1", "3"], all: false, bob));
        error.Message.ShouldBe("recorded session \"1-1795895029507967\" does not match the filters");
        error.Detail.ShouldNotBeNull().ShouldContain("user \"alice\"");
    }

    [Fact]
    public void Empty_filters_change_nothing()
    {
        SessionSelector.Select(Mixed, [], all: true, new SessionFilter()).Count.ShouldBe(3);
        Should.Throw<CliException>(() => SessionSelector.Select(Mixed, [], all: false, new SessionFilter()))
            .Message.ShouldBe("no sessions to replay");
    }

    [Fact]
    public void Ids_that_name_their_server_are_selected_by_the_whole_id_or_by_pid_and_start()
    {
        // A store with a session recorded before ids named the server, and one of each of two servers since.
        RecordedSessionSummary[] recorded =
        [
            Session("77-1795895029000000"),
            Session("123-1795895029507967-7412345678901234567"),
            Session("1234-1795895029575397-7412345678901234567"),
        ];

        SessionSelector.Select(recorded, ["123-1795895029507967-7412345678901234567"], all: false).Single().SessionId
            .ShouldBe("123-1795895029507967-7412345678901234567");
        SessionSelector.Select(recorded, ["123-1795895029507967"], all: false).Single().SessionId
            .ShouldBe("123-1795895029507967-7412345678901234567");
        SessionSelector.Select(recorded, ["123"], all: false).Single().SessionId
            .ShouldBe("123-1795895029507967-7412345678901234567");
        SessionSelector.Select(recorded, ["77-1795895029000000"], all: false).Single().SessionId.ShouldBe("77-1795895029000000");
        SessionSelector.Select(recorded, ["77"], all: false).Single().SessionId.ShouldBe("77-1795895029000000");
    }

    [Fact]
    public void The_same_pid_and_start_on_two_servers_is_ambiguous_until_the_server_is_given()
    {
        RecordedSessionSummary[] recorded =
        [
            Session("123-1795895029507967-7412345678901234567"),
            Session("123-1795895029507967-7498765432109876543"),
        ];

        var error = Should.Throw<CliException>(() => SessionSelector.Select(recorded, ["123-1795895029507967"], all: false));
        error.Message.ShouldBe("session id prefix \"123-1795895029507967\" is ambiguous");
        error.Detail.ShouldBe(
            "It matches \"123-1795895029507967-7412345678901234567\", \"123-1795895029507967-7498765432109876543\".");
        SessionSelector.Select(recorded, ["123-1795895029507967-749"], all: false).Single().SessionId
            .ShouldBe("123-1795895029507967-7498765432109876543");
    }

    private static readonly RecordedSessionSummary[] Mixed =
    [
        Session("1-1795895029507967"),
        Session("2-1795895029575397") with { SessionUser = "bob" },
        Session("3-1795895029626280") with { SessionUser = "bob", Database = "other" },
    ];

    private static RecordedSessionSummary Session(string id) =>
        new(id, SessionId.Parse(id).Pid, DateTimeOffset.UnixEpoch, "db", "alice", "app", "client backend", 3, SessionState.Ended,
            SystemIdentifier: SessionId.Parse(id).SystemIdentifier ?? 0);
}
