using TraceLab.Policies;
using TraceLab.Replayer.Distributed;
using TraceLab.Replayer.Tests.Catalogue;
using TraceLab.Replayer.Tests.Support;

namespace TraceLab.Replayer.Tests.Distributed;

/// <summary>A session's result survives its way through the store: every golden trace of the catalogue, replayed under
/// the built-in policies one session at a time, encodes and decodes to the same operations, field by field.</summary>
public sealed class SessionReplayResultCodecTests
{
    public static TheoryData<string> Scenarios => CatalogueReplayTests.Scenarios;

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Each_session_replayed_alone_gives_the_operations_of_the_single_process_replay(string scenario)
    {
        var trace = GoldenTrace.Of(scenario);
        var engine = new ReplayEngine(BuiltInPolicies.All, trace.Leaders);

        var single = await engine.ReplayAsync(trace.ToSessions(), TestContext.Current.CancellationToken);
        var results = new List<SessionReplayResult>();
        foreach (var session in trace.ToSessions())
        {
            results.Add(await engine.ReplaySessionAsync(session, TestContext.Current.CancellationToken));
        }

        single.Operations.ShouldNotBeEmpty();
        results.Select(r => r.SessionId).ShouldBe(trace.Sessions.Select(s => s.SessionId));
        results.Select(r => r.EventsRead).ShouldBe(trace.Sessions.Select(s => (long)trace.FramesOf[s.SessionId].Count));
        results.Select(r => r.Database).ShouldBe(single.Summary.Sessions.Select(s => s.Database));
        results.SelectMany(r => r.Operations).Select(OperationDump.Of).ShouldBe(single.Operations.Select(OperationDump.Of));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Every_result_decodes_to_what_was_encoded_field_by_field(string scenario)
    {
        var trace = GoldenTrace.Of(scenario);
        var engine = new ReplayEngine(BuiltInPolicies.All, trace.Leaders);

        foreach (var session in trace.ToSessions())
        {
            var result = await engine.ReplaySessionAsync(session, TestContext.Current.CancellationToken);

            var decoded = SessionReplayResultCodec.Decode(SessionReplayResultCodec.Encode(result));

            decoded.SessionId.ShouldBe(result.SessionId);
            decoded.Database.ShouldBe(result.Database);
            decoded.EventsRead.ShouldBe(result.EventsRead);
            decoded.Operations.Select(OperationDump.Of).ShouldBe(result.Operations.Select(OperationDump.Of));
        }
    }

    [Fact]
    public async Task Verdicts_keep_their_rule_text_and_culprit_and_roles_their_memberships()
    {
        // What the field-by-field comparison relies on: the traces have all of these to lose, and they survive.
        var attack = await ReplayedAsync("view-calls-untrusted-function");
        var membership = await ReplayedAsync("group-role-ownership");

        attack.SelectMany(o => o.Verdicts).Select(v => v.Verdict)
            .ShouldContain(v => v.IsBlocked && v.Rule != null && v.Detail != null && v.Hint != null && v.CulpritIndex != null);
        attack.ShouldContain(o => o.Operation.Copy == null && o.Operation.Objects.Count > 0);
        membership.ShouldContain(o => o.Operation.Roles.Roles.Any(role => role.MemberOf.Count > 0));
    }

    [Fact]
    public async Task A_role_catalog_shared_by_operations_is_written_once()
    {
        var trace = GoldenTrace.Of("view-calls-untrusted-function");
        var engine = new ReplayEngine(BuiltInPolicies.All, trace.Leaders);
        var result = await engine.ReplaySessionAsync(trace.ToSessions()[^1], TestContext.Current.CancellationToken);
        var catalogs = result.Operations.Select(o => o.Operation.Roles).Distinct(ReferenceEqualityComparer.Instance).Count();
        catalogs.ShouldBeLessThan(result.Operations.Count);

        var decoded = SessionReplayResultCodec.Decode(SessionReplayResultCodec.Encode(result));

        decoded.Operations.Select(o => o.Operation.Roles).Distinct(ReferenceEqualityComparer.Instance).Count().ShouldBe(catalogs);
    }

    private static async Task<List<ReplayedOperation>> ReplayedAsync(string scenario)
    {
        var trace = GoldenTrace.Of(scenario);
        var engine = new ReplayEngine(BuiltInPolicies.All, trace.Leaders);
        var results = await DistributedReports.ReplayEachAsync(engine, trace.ToSessions(), TestContext.Current.CancellationToken);
        return [.. results.SelectMany(r => r.Operations)];
    }
}
