using MessagePack;
using TraceLab.Policies;
using TraceLab.Replayer.Distributed;
using TraceLab.Replayer.Tests.Support;
using TraceLab.Reports;

namespace TraceLab.Replayer.Tests.Distributed;

/// <summary>Bytes that are not a whole, undamaged result are refused with an error a user can read, never a crash or a
/// wrong result.</summary>
public sealed class DamagedResultTests
{
    private static readonly Lazy<byte[]> Encoded = new(() =>
    {
        var trace = GoldenTrace.Of("view-calls-untrusted-function");
        var engine = new ReplayEngine(BuiltInPolicies.All, trace.Leaders);
        var result = engine.ReplaySessionAsync(trace.ToSessions()[^1]).GetAwaiter().GetResult();
        return SessionReplayResultCodec.Encode(result);
    });

    [Fact]
    public void Every_truncation_is_refused_as_an_invalid_result()
    {
        var bytes = Encoded.Value;
        bytes.Length.ShouldBeGreaterThan(1000);

        for (var length = 0; length < bytes.Length; length++)
        {
            var error = Should.Throw<SessionReplayResultFormatException>(
                () => SessionReplayResultCodec.Decode(bytes.AsMemory(0, length)), $"cut at {length}");

            error.Message.ShouldBe("invalid replay result");
            error.Detail.ShouldNotBeNull().ShouldStartWith("At byte offset ");
            error.Detail.ShouldEndWith(".");
            error.Hint.ShouldBe("The stored result is damaged or was not written by tracelab; replay the session again.");
        }
    }

    [Fact]
    public void Every_damaged_byte_gives_either_an_invalid_result_error_or_a_result()
    {
        var bytes = Encoded.Value;
        var refused = 0;

        // Whatever one byte becomes, decoding ends in a result or in the codec's own error: nothing else escapes.
        for (var at = 1; at < bytes.Length; at++)
        {
            foreach (var damage in new byte[] { 0xFF, 0x80, 0x01 })
            {
                var damaged = bytes.ToArray();
                damaged[at] ^= damage;
                try
                {
                    SessionReplayResultCodec.Decode(damaged);
                }
                catch (SessionReplayResultFormatException error)
                {
                    error.Message.ShouldBe("invalid replay result");
                    refused++;
                }
            }
        }

        refused.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_damaged_result_that_still_decodes_is_written_or_refused_by_every_writer_never_a_crash()
    {
        var bytes = Encoded.Value;
        var engine = new ReplayEngine(BuiltInPolicies.All);
        var written = 0;

        // A damaged string or number decodes (nothing checks an object name); what decodes must be safe to write. Every
        // other byte: each writer renders the result in full, and every field spans more than one byte of a few anyway.
        for (var at = 1; at < bytes.Length; at += 2)
        {
            var damaged = bytes.ToArray();
            damaged[at] ^= 0x01;
            SessionReplayResult result;
            try
            {
                result = SessionReplayResultCodec.Decode(damaged);
            }
            catch (SessionReplayResultFormatException)
            {
                continue;
            }

            foreach (var format in ReportFormats.Names)
            {
                try
                {
                    await DistributedReports.AssembledAsync(
                        engine, [result], [result.SessionId], format, new ReplayOptions(), TestContext.Current.CancellationToken);
                    written++;
                }
                catch (ArgumentException refused) when (refused.ParamName == "results")
                {
                    // Another session's operation, or other policies: the coordinator's mistake, told as such.
                }
            }
        }

        written.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Bytes_after_the_result_are_refused()
    {
        var bytes = Encoded.Value.Append((byte)0xC0).ToArray();

        var error = Should.Throw<SessionReplayResultFormatException>(() => SessionReplayResultCodec.Decode(bytes));

        error.Detail.ShouldBe($"At byte offset {bytes.Length - 1}: 1 bytes follow the end of the result.");
    }

    [Fact]
    public void Another_format_version_is_refused_as_such()
    {
        var bytes = Encoded.Value.ToArray();
        bytes[0] = 3;

        var error = Should.Throw<SessionReplayResultFormatException>(() => SessionReplayResultCodec.Decode(bytes));

        error.Message.ShouldBe("unsupported replay result format");
        error.Detail.ShouldBe("The result is in format version 3; this tracelab reads version 2.");
        error.Hint.ShouldBe("Run the coordinator and every worker from the same tracelab version.");
    }

    [Fact]
    public void Values_the_format_does_not_allow_are_named_in_the_detail()
    {
        // A result whose only operation claims an operation kind that does not exist.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteRaw([2]);
        writer.WriteArrayHeader(4);
        writer.Write("4242-1");
        writer.WriteNil();
        writer.Write(10);
        writer.WriteArrayHeader(1);
        writer.WriteArrayHeader(13);
        writer.Write(0);
        writer.WriteNil();
        writer.Write(1L);
        writer.Write("SELECT");
        writer.Write(9);
        writer.Flush();
        var offset = buffer.WrittenCount;
        for (var i = 0; i < 8; i++)
        {
            writer.WriteNil();
        }

        writer.Flush();

        var error = Should.Throw<SessionReplayResultFormatException>(() => SessionReplayResultCodec.Decode(buffer.WrittenMemory.ToArray()));

        error.Detail.ShouldBe($"At byte offset {offset}: 9 is not a valid OperationKind.");
    }

    [Fact]
    public void A_huge_declared_count_is_refused_before_anything_is_allocated_for_it()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteRaw([2]);
        writer.WriteArrayHeader(4);
        writer.Write("4242-1");
        writer.WriteNil();
        writer.Write(10);
        writer.WriteArrayHeader(int.MaxValue);
        writer.Flush();

        var error = Should.Throw<SessionReplayResultFormatException>(() => SessionReplayResultCodec.Decode(buffer.WrittenMemory.ToArray()));

        error.Message.ShouldBe("invalid replay result");
        error.Detail.ShouldBe($"At byte offset {buffer.WrittenCount}: The result ends in the middle of a value.");
    }
}
