using TraceLab.Events;
using TraceLab.Recorder.Tests.Support;

namespace TraceLab.Recorder.Tests.Events;

/// <summary>The session id: <c>pid-start-server</c> since ids name the server, <c>pid-start</c> before.</summary>
public sealed class SessionIdTests
{
    private const string WithServer = "4242-1767225600123456-7412345678901234567";
    private const string WithoutServer = "4242-1767225600123456";

    [Fact]
    public void An_id_that_names_its_server_parses_into_its_three_parts_and_back()
    {
        var id = SessionId.Parse(WithServer);

        id.ShouldBe(new SessionId(4242, 1_767_225_600_123_456, 7_412_345_678_901_234_567));
        id.ToString().ShouldBe(WithServer);
        id.Backend.ShouldBe(WithoutServer);
    }

    [Fact]
    public void An_id_recorded_before_ids_named_the_server_stays_valid()
    {
        var id = SessionId.Parse(WithoutServer);

        id.ShouldBe(new SessionId(4242, 1_767_225_600_123_456));
        id.SystemIdentifier.ShouldBeNull();
        id.ToString().ShouldBe(WithoutServer);
        id.Backend.ShouldBe(WithoutServer);
    }

    [Fact]
    public void A_server_identifier_above_the_signed_range_keeps_all_its_digits()
    {
        // pg_control_system() shows such an identifier as a negative bigint; the probe writes it unsigned.
        var id = new SessionId(1, 2, ulong.MaxValue);

        id.ToString().ShouldBe("1-2-18446744073709551615");
        SessionId.Parse(id.ToString()).ShouldBe(id);
    }

    [Fact]
    public void Two_servers_with_a_backend_of_the_same_pid_and_start_give_two_ids()
    {
        var one = SampleFrames.SessionStarted(pid: 4242, startUs: 1_767_225_600_123_456) with { SystemIdentifier = 7_000_000_000_000_000_001 };
        var other = one with { SystemIdentifier = 7_000_000_000_000_000_002 };

        var ids = new[] { SessionId.Of(one), SessionId.Of(other) };

        ids[0].ShouldNotBe(ids[1]);
        ids[0].ToString().ShouldNotBe(ids[1].ToString());
        ids[0].Backend.ShouldBe(ids[1].Backend);
        ids.Select(i => i.ToString()).ShouldBe(["4242-1767225600123456-7000000000000000001", "4242-1767225600123456-7000000000000000002"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242")]
    [InlineData("4242-")]
    [InlineData("-4242-1")]
    [InlineData("4242--1")]
    [InlineData("4242-1-")]
    [InlineData("4242-1-2-3")]
    [InlineData("4242-x")]
    [InlineData("4242-1-server")]
    [InlineData(" 4242-1")]
    [InlineData("4242-1-18446744073709551616")]
    [InlineData("2147483648-1")]
    [InlineData("s1")]
    public void Other_names_are_not_ids(string text)
    {
        SessionId.TryParse(text, out var id).ShouldBeFalse();
        id.ShouldBeNull();
        Should.Throw<FormatException>(() => SessionId.Parse(text)).Message.ShouldContain($"\"{text}\"");
    }

    [Fact]
    public void Null_is_not_an_id()
    {
        SessionId.TryParse(null, out _).ShouldBeFalse();
    }
}
