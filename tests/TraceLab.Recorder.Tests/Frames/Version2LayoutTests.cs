using TraceLab.Events;
using TraceLab.Recorder.Tests.Support;
using static TraceLab.Recorder.Tests.Support.FrameDecoding;

namespace TraceLab.Recorder.Tests.Frames;

/// <summary>Frames written by hand in the order of FORMAT.md's "Version 2" tables, not by <see cref="FrameEncoder"/>,
/// so that a field misplaced the same way in the encoder and the decoder cannot go unnoticed.</summary>
public sealed class Version2LayoutTests
{
    private static readonly FrameHeader H = new(7, 3, 1, 1_000_000, 10, 20, SecurityContext.RestrictedOperation);

    private static readonly Dictionary<string, (object?[] Fields, IRecordedFrame Expected)> Layouts = new()
    {
        ["1 SessionStarted of a parallel worker"] = (
            [.. P(1), 2u, "0.2.0", 150007u, 99ul, 4243u, 5_000_000L, 5u, "db", 16384u, "app", "background worker",
                4242u, "parallel worker", "user"],
            new SessionStarted(H, 2, "0.2.0", 150007, 99, 4243, 5_000_000, 5, "db", 16384, "app", "background worker",
                LeaderPid: 4242, WorkerType: "parallel worker", HookMode: "user")),
        ["3 RoleDescribed with memberships"] = (
            [.. P(3), 16390u, "mallory", false, true, true, false, A(A(16384u, true), A(16391u, false)), true],
            new RoleDescribed(H, 16390, "mallory", false, true, true, false,
                [new RoleMembership(16384, AdminOption: true), new RoleMembership(16391, AdminOption: false)], CreateRole: true)),
        ["4 FunctionDescribed with config, role and extension"] = (
            [.. P(4), 16500u, "mallory", "f", "integer", 16390u, true, "plpgsql", "f", "v", "integer", A("search_path=mallory"),
                "type_input", "citext"],
            new FunctionDescribed(H, 16500, "mallory", "f", "integer", 16390, true, "plpgsql", "f", "v", "integer",
                Config: ["search_path=mallory"], Role: "type_input", Extension: "citext")),
        ["5 RelationDescribed with stored code and extension"] = (
            [
                .. P(5), 16601u, "public", "t", "r", 16385u, false, false, true, false,
                A(
                    One(A(2, "note", true, A(16502u))),
                    One(A(16950u, "c", A(16503u))),
                    One(A(16960u, "i", A(16504u), A(16505u))),
                    One(A(16970u, "r", "INSERT", A(16506u))),
                    One(A(17001u, "p", "UPDATE", false, A(0u, 16384u), A(16507u), A(16508u))),
                    One(A(4, 16900u))),
                "pg_buffercache",
            ],
            new RelationDescribed(H, 16601, "public", "t", "r", 16385, false, false, RowSecurity: true, ForceRowSecurity: false,
                new RelationCode(
                    [new StoredDefault(2, "note", Generated: true, [16502])],
                    [new StoredCheck(16950, "c", [16503])],
                    [new StoredIndex(16960, "i", [16504], [16505])],
                    [new StoredRule(16970, "r", "INSERT", [16506])],
                    [new StoredPolicy(17001, "p", "UPDATE", Permissive: false, [0, 16384], [16507], [16508])],
                    [new DomainColumn(4, 16900)]),
                Extension: "pg_buffercache")),
        ["6 OperatorDescribed in an operator family of an extension"] = (
            [.. P(6), 16800u, "mallory", "===", "integer", "text", 16390u, 16501u, true, "citext"],
            new OperatorDescribed(H, 16800, "mallory", "===", "integer", "text", 16390, 16501, InOperatorFamily: true,
                Extension: "citext")),
        ["7 TypeDescribed of a domain with receive, send and extension"] = (
            [
                .. P(7), 16900u, "mallory", "pos", "d", 16390u, 23u, 42u, 43u, One(A(16951u, "pos_check", A(16502u, 16503u))),
                2598u, 2407u, "pos_kit",
            ],
            new TypeDescribed(H, 16900, "mallory", "pos", "d", 16390, 23, 42, 43, [new StoredCheck(16951, "pos_check", [16502, 16503])],
                ReceiveFunction: 2598, SendFunction: 2407, Extension: "pos_kit")),
        ["10 QueryAnalyzed with relations, aggregates, domains and text"] = (
            [
                .. P(10), -5L, "UPDATE", One(A(16600u, -1, A(16500u))), A(A(16601u, true), A(16602u, false)), One(A(16810u, A(16503u))),
                A(16900u), "update t set x = 1",
            ],
            new QueryAnalyzed(H, -5, "UPDATE", [new ExpandedView(16600, -1, [16500])],
                [new AnalyzedRelation(16601, Target: true), new AnalyzedRelation(16602, Target: false)],
                [new AnalyzedAggregate(16810, [16503])], [16900], "update t set x = 1")),
        ["11 StatementStarted with prepared, portal, origin, targets and copy"] = (
            [.. P(11), 9L, "COPY", 1u, 0u, "copy t from program 'x'", A("s", 4ul), A("p", false), "foreign_key", A(16601u), A(true, true, "x")],
            new StatementStarted(H, 9, "COPY", StatementKind.Utility, StatementContext.TopLevel, "copy t from program 'x'",
                new PreparedStatementReference("s", 4), new PortalReference("p", CachedPlan: false), "foreign_key", [16601],
                new CopyDetails(IsFrom: true, IsProgram: true, "x"))),
        ["13 PlanStarted"] = (
            [.. P(13), -9L, 256u, true, "select 1"],
            new PlanStarted(H, -9, CursorOptions: 256, BoundParams: true, "select 1")),
        ["14 PlanFinished with row security"] = (
            [.. P(14), 6ul, 1u, "42501", One(A(16601u, A(17001u, 17002u)))],
            new PlanFinished(H, 6, FrameOutcome.Failed, "42501", [new AppliedRowSecurity(16601, [17001, 17002])])),
        ["20 FunctionEntered from an event trigger, via a cast"] = (
            [.. P(20), 16501u, "event_trigger", -2, null, A("sql_drop", "DROP TABLE", One(A(17100u, "et", 16385u))), "utility", A("cast", 25u, 16900u)],
            new FunctionEntered(H, 16501, "event_trigger", -2, null,
                new EventTriggerContext("sql_drop", "DROP TABLE", [new EventTriggerReference(17100, "et", 16385)]),
                Phase: "utility", Via: new CallVia("cast", 25, 16900))),
        ["22 RoleSwitched"] = (
            [.. P(22), "SET SESSION AUTHORIZATION", 16390u, 16391u, false],
            new RoleSwitched(H, "SET SESSION AUTHORIZATION", 16390, 16391, Local: false)),
        ["23 ObjectChanged"] = (
            [.. P(23), "drop", 1255u, 16500u, 3, "function", "mallory.f(integer)"],
            new ObjectChanged(H, "drop", 1255, 16500, 3, "function", "mallory.f(integer)")),
        ["23 ObjectChanged, a create with the schema it is in (probe 0.7)"] = (
            [.. P(23), "create", 1259u, 16600u, 0, "table", "", 16590u],
            new ObjectChanged(H, "create", 1259, 16600, 0, "table", "", NamespaceOid: 16590)),
        ["24 MaintenanceStarted"] = (
            [.. P(24), "logical replication apply", "apply worker"],
            new MaintenanceStarted(H, "logical replication apply", "apply worker")),
        ["25 MaintenanceFinished"] = ([.. P(25), 5ul], new MaintenanceFinished(H, 5)),
        ["31 SubtransactionStarted"] = ([.. P(31), 3u, 2u], new SubtransactionStarted(H, 3, 2)),
        ["32 SubtransactionEnded"] = ([.. P(32), 3u, 1u], new SubtransactionEnded(H, 3, TransactionOutcome.Aborted)),
    };

    public static TheoryData<string> LayoutNames => [.. Layouts.Keys];

    [Theory]
    [MemberData(nameof(LayoutNames))]
    public void Decodes_the_version_2_layout_of_format_md(string name)
    {
        var (fields, expected) = Layouts[name];

        Decode(fields).ShouldMatch(expected);
    }

    [Fact]
    public void Covers_every_frame_type_version_2_adds_or_extends() =>
        Layouts.Keys.Select(k => uint.Parse(k.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture))
            .Distinct().ShouldBe([1u, 3, 4, 5, 6, 7, 10, 11, 13, 14, 20, 22, 23, 24, 25, 31, 32]);

    private static object?[] P(uint type) => [type, 7ul, 3ul, 1u, 1_000_000L, 10u, 20u, 2u];

    private static object?[] A(params object?[] elements) => elements;

    /// <summary>An array of one element (<c>A(A(…))</c> would pass the inner array as the params array itself).</summary>
    private static object?[] One(object? element) => [element];
}
