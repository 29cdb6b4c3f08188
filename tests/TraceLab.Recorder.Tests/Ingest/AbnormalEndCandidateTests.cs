using TraceLab.Recorder.Ingest;
using TraceLab.Recorder.Spool;

namespace TraceLab.Recorder.Tests.Ingest;

/// <summary>Which files the abnormal-end check asks about: read to their end, without an end, and followed by a start of
/// their server. The backend start, and the server when the checkpoint does not know it yet, come from the session id.</summary>
public sealed class AbnormalEndCandidateTests
{
    private const ulong Server = 7_412_345_678_901_234_567;
    private const ulong OtherServer = 7_498_765_432_109_876_543;

    [Fact]
    public void A_start_of_the_server_the_id_names_makes_a_candidate_and_another_servers_start_does_not()
    {
        var file = File("4242-1000-7412345678901234567");

        file.MayHaveEndedAbnormally([Start(Server, 2000)]).ShouldBeTrue();
        file.MayHaveEndedAbnormally([Start(OtherServer, 2000)]).ShouldBeFalse("another server's restart did not end this backend");
        file.MayHaveEndedAbnormally([Start(Server, 500)]).ShouldBeFalse("the server started before the backend");
    }

    [Fact]
    public void An_id_without_its_server_is_judged_by_any_servers_later_start_until_the_checkpoint_knows_the_server()
    {
        var file = File("4242-1000");

        file.MayHaveEndedAbnormally([Start(OtherServer, 2000)]).ShouldBeTrue();
        (file with { SystemIdentifier = Server }).MayHaveEndedAbnormally([Start(OtherServer, 2000)]).ShouldBeFalse();
        file.MayHaveEndedAbnormally([Start(Server, 500)]).ShouldBeFalse();
    }

    private static IngestedFile File(string sessionId) =>
        new(sessionId, Offset: 100, ReachedEnd: true, Ended: false, SystemIdentifier: null);

    private static ServerStart Start(ulong server, long startUs) => new($"{server}-{startUs}.tlstart", server, startUs);
}
