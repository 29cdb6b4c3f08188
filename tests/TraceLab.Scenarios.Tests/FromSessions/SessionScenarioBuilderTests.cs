using TraceLab.Events;
using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.FromSessions;
using TraceLab.Scenarios.Writing;

namespace TraceLab.Scenarios.Tests.FromSessions;

public sealed class SessionScenarioBuilderTests
{
    private const uint AliceOid = 16390;
    private const uint MalloryOid = 16391;
    private const uint StaffOid = 16392;
    private const uint ReadAllOid = 6181;

    private static readonly IReadOnlyList<PolicyExpectation> Permissive =
        [new PolicyExpectation("permissive", new HashSet<OperationKey>(), new HashSet<OperationKey>())];

    [Fact]
    public void Overlapping_sessions_are_interleaved_by_when_each_statement_finished()
    {
        // Given mallory holds a transaction open while alice runs a statement that waits for mallory's lock
        var mallory = Session("1-1", MalloryOid, 100, ended: 305,
            Statement(1, "BEGIN", 110, 111),
            Statement(2, "LOCK t_orders", 120, 121),
            Statement(5, "COMMIT", 300, 301));
        var alice = Session("2-2", AliceOid, 150, ended: 1000,
            Statement(1, "SELECT 1", 160, 161),
            Statement(2, "INSERT INTO t_orders VALUES (1)", 170, 310));

        // When the scenario is built
        var draft = SessionScenarioBuilder.Build([mallory, alice], [], Permissive);

        // Then alice's INSERT comes after mallory's COMMIT, which released the lock it waited for
        Steps(draft).ShouldBe([
            "mallory session=1: BEGIN | LOCK t_orders",
            "alice session=1: SELECT 1",
            "mallory session=1: COMMIT",
            "disconnect mallory session=1",
            "alice session=1: INSERT INTO t_orders VALUES (1)",
            "disconnect alice session=1",
        ]);
    }

    [Fact]
    public void A_failed_statement_gets_a_step_with_errors_allowed_and_a_note()
    {
        var alice = Session("2-2", AliceOid, 100, ended: null,
            Statement(1, "SELECT 1", 110, 111),
            Statement(2, "SELECT * FROM nowhere", 120, 121, failed: true),
            Statement(3, "SELECT 2", 130, 131));

        var draft = SessionScenarioBuilder.Build([alice], [], Permissive);

        var steps = draft.Sections.Cast<DraftStep>().ToList();
        steps.Select(s => s.ErrorsAllowed).ShouldBe([false, true, false]);
        steps[1].Statements.ShouldHaveSingleItem().Note.ShouldBe("failed when recorded (SELECT)");
        draft.Sections.OfType<DraftDisconnect>().ShouldBeEmpty("no end was recorded");
    }

    [Fact]
    public void Statements_psql_cannot_repeat_are_kept_with_the_reason()
    {
        var alice = Session("2-2", AliceOid, 100, ended: 500,
            Statement(1, "COPY t FROM STDIN", 110, 111, copy: new CopyDetails(true, false, "")),
            Statement(2, "SELECT * FROM t WHERE id = $1", 120, 121, portal: new PortalReference("", false)),
            Statement(3, "", 130, 131, portal: new PortalReference("p1", true)),
            Statement(4, "COPY t TO STDOUT", 140, 141, copy: new CopyDetails(false, false, "")),
            Statement(5, "SELECT * FROM t WHERE note = $1", 150, 151),
            Statement(6, "CREATE FUNCTION f(integer) RETURNS integer LANGUAGE sql AS $$ SELECT $1 $$", 160, 161));

        var draft = SessionScenarioBuilder.Build([alice], [], Permissive);

        var statements = draft.Sections.OfType<DraftStep>().ShouldHaveSingleItem().Statements;
        statements.Select(s => s.CommentedOut is null).ShouldBe([false, false, false, true, false, true]);
        statements[0].CommentedOut!.ShouldContain("COPY FROM STDIN");
        statements[1].CommentedOut!.ShouldContain("bound parameters");
        statements[2].CommentedOut!.ShouldContain("no text was recorded");
        statements[4].CommentedOut!.ShouldContain("tracelab.capture_text = normalized");
    }

    [Fact]
    public void Roles_are_declared_as_first_described_with_their_groups_and_without_built_in_roles()
    {
        // Given mallory, described as an ordinary member of staff and pg_read_all_data, later described as superuser
        var mallory = Session("1-1", MalloryOid, 100, ended: 200, Statement(1, "SELECT 1", 110, 111)) with
        {
            Roles = new Dictionary<uint, RoleDescribed>
            {
                [MalloryOid] = Role(MalloryOid, "mallory", 105, superuser: false, StaffOid, ReadAllOid),
                [StaffOid] = Role(StaffOid, "staff", 106, superuser: false) with { CanLogin = false },
                [ReadAllOid] = Role(ReadAllOid, "pg_read_all_data", 107, superuser: false),
            },
        };
        var later = Session("2-2", AliceOid, 300, ended: 400, Statement(1, "SELECT 2", 310, 311)) with
        {
            Roles = new Dictionary<uint, RoleDescribed>
            {
                [MalloryOid] = Role(MalloryOid, "mallory", 305, superuser: true, StaffOid),
                [AliceOid] = Role(AliceOid, "alice", 301, superuser: true),
            },
        };

        var draft = SessionScenarioBuilder.Build([mallory, later], [], Permissive);

        draft.Roles.Select(r => r.Name).ShouldBe(["mallory", "alice", "staff"]);
        var declared = draft.Roles[0];
        declared.Superuser.ShouldBeFalse("the role as it was before the sessions changed it");
        declared.MemberOf.ShouldBe(["staff"]);
        draft.Roles[2].Login.ShouldBeFalse();
        draft.RoleNotes.ShouldContain("mallory: member of the built-in role pg_read_all_data, which a scenario does not grant");
    }

    [Fact]
    public void A_role_name_the_format_cannot_declare_is_an_error_that_names_it()
    {
        var session = Session("1-1", AliceOid, 100, ended: 200, Statement(1, "SELECT 1", 110, 111)) with
        {
            Roles = new Dictionary<uint, RoleDescribed> { [AliceOid] = Role(AliceOid, "Alice", 101, superuser: false) },
        };

        var error = Should.Throw<SessionScenarioException>(() => SessionScenarioBuilder.Build([session], [], Permissive));

        error.Message.ShouldBe("cannot declare role \"Alice\" in a scenario");
        error.Hint.ShouldNotBeNull();
    }

    [Fact]
    public void Sessions_of_several_databases_are_refused_with_the_databases_named()
    {
        var shop = Session("1-1", AliceOid, 100, ended: 200, Statement(1, "SELECT 1", 110, 111));
        var other = Session("2-2", MalloryOid, 300, ended: 400, Statement(1, "SELECT 2", 310, 311)) with { Database = "crm" };

        var error = Should.Throw<SessionScenarioException>(() => SessionScenarioBuilder.Build([shop, other], [], Permissive));

        error.Message.ShouldBe("the selected sessions are of several databases");
        error.Detail.ShouldBe("They connected to \"shop\", \"crm\"; a scenario runs all its sessions in one database.");
    }

    private static List<string> Steps(ScenarioDraft draft) =>
        [.. draft.Sections.Select(s => s switch
        {
            DraftStep step => $"{step.Session.Role} session={step.Session.Number}: {string.Join(" | ", step.Statements.Select(t => t.Text))}",
            _ => $"disconnect {s.Session.Role} session={s.Session.Number}",
        })];

    private static SessionTranscript Session(string id, uint user, long startUs, long? ended, params TopLevelStatement[] statements) =>
        new(id, DateTimeOffset.UnixEpoch.AddTicks(startUs * 10), "shop", "client backend", user,
            user == AliceOid ? "alice" : "mallory", statements, ended,
            new Dictionary<uint, RoleDescribed>
            {
                [user] = Role(user, user == AliceOid ? "alice" : "mallory", startUs, superuser: user == AliceOid),
            },
            new HashSet<uint>());

    private static TopLevelStatement Statement(
        long seq, string text, long startUs, long finishUs, bool failed = false, CopyDetails? copy = null, PortalReference? portal = null) =>
        new(seq, text.Split(' ')[0], text, startUs, finishUs, failed, portal, copy);

    private static RoleDescribed Role(uint oid, string name, long atUs, bool superuser, params uint[] memberOf) =>
        new(new FrameHeader(1, 0, 0, atUs, oid, oid, SecurityContext.None), oid, name, superuser, true, true, false,
            [.. memberOf.Select(m => new RoleMembership(m, false))]);
}
