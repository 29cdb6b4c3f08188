using System.Buffers.Binary;
using MessagePack;
using TraceLab.Recorder.Frames;

namespace TraceLab.Recorder.Tests.Frames;

/// <summary>The span reader the decoder uses reads every value as MessagePack's own reader does: the same result and
/// bytes consumed, or the same exception with the same message.</summary>
public sealed class MessagePackSpanReaderTests
{
    private static readonly long[] Values =
        [0, 1, 127, 128, 255, 256, 65_535, 65_536, int.MaxValue, 1L + int.MaxValue, uint.MaxValue, 1L + uint.MaxValue,
         long.MaxValue, -1, -32, -33, -128, -129, -32_768, -32_769, int.MinValue, -1L + int.MinValue, long.MinValue];

    /// <summary>Every value in every encoding wide enough for it, signed and unsigned, and cut short by one byte.</summary>
    public static TheoryData<byte[]> Integers()
    {
        var data = new TheoryData<byte[]>();
        foreach (var value in Values)
        {
            foreach (var encoding in Encodings(value))
            {
                data.Add(encoding);
                data.Add(encoding[..^1]);
            }
        }

        data.Add([0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
        data.Add([0xc0]);
        data.Add([0xa1, 0x41]);
        data.Add([0xc1]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Integers))]
    public void Reads_integers_as_MessagePack_does(byte[] bytes)
    {
        Same(bytes, (ref MessagePackReader r) => r.ReadUInt32(), (ref MessagePackSpanReader r) => r.ReadUInt32());
        Same(bytes, (ref MessagePackReader r) => r.ReadUInt64(), (ref MessagePackSpanReader r) => r.ReadUInt64());
        Same(bytes, (ref MessagePackReader r) => r.ReadInt32(), (ref MessagePackSpanReader r) => r.ReadInt32());
        Same(bytes, (ref MessagePackReader r) => r.ReadInt64(), (ref MessagePackSpanReader r) => r.ReadInt64());
        Same(bytes, (ref MessagePackReader r) => r.NextMessagePackType, (ref MessagePackSpanReader r) => r.NextMessagePackType);
    }

    [Theory]
    [InlineData(new byte[] { 0x93, 0x01, 0x02, 0x03 })]
    [InlineData(new byte[] { 0x93, 0x01, 0x02 })]
    [InlineData(new byte[] { 0xdc, 0x00, 0x02, 0x01, 0x02 })]
    [InlineData(new byte[] { 0xdc, 0x00, 0x03, 0x01, 0x02 })]
    [InlineData(new byte[] { 0xdd, 0x00, 0x00, 0x00, 0x01, 0x01 })]
    [InlineData(new byte[] { 0xdd, 0xff, 0xff, 0xff, 0xff, 0x01 })]
    [InlineData(new byte[] { 0xdd, 0x00, 0x00 })]
    [InlineData(new byte[] { 0xa1, 0x41 })]
    [InlineData(new byte[] { })]
    public void Reads_array_headers_as_MessagePack_does(byte[] bytes) =>
        Same(bytes, (ref MessagePackReader r) => r.ReadArrayHeader(), (ref MessagePackSpanReader r) => r.ReadArrayHeader());

    [Theory]
    [InlineData(new byte[] { 0xa3, 0x61, 0x62, 0x63 })]
    [InlineData(new byte[] { 0xa3, 0x61, 0x62 })]
    [InlineData(new byte[] { 0xd9, 0x02, 0x61, 0x62 })]
    [InlineData(new byte[] { 0xda, 0x00, 0x02, 0x61, 0x62 })]
    [InlineData(new byte[] { 0xdb, 0x00, 0x00, 0x00, 0x02, 0x61, 0x62 })]
    [InlineData(new byte[] { 0xdb, 0x80, 0x00, 0x00, 0x00, 0x41 })]
    [InlineData(new byte[] { 0xc0 })]
    [InlineData(new byte[] { 0x01 })]
    public void Reads_strings_as_the_string_cache_did(byte[] bytes) =>
        Same(bytes, (ref MessagePackReader r) => MessagePackValues.ReadString(ref r) ?? "", (ref MessagePackSpanReader r) => StringCache.Read(ref r));

    [Theory]
    [InlineData(new byte[] { 0x92, 0xc3, 0xc2 })]
    [InlineData(new byte[] { 0x92, 0xcb, 0, 0, 0, 0, 0, 0, 0, 0, 0xd4, 0x01, 0x02 })]
    [InlineData(new byte[] { 0x91, 0xc4, 0x02, 0x01 })]
    [InlineData(new byte[] { 0x91, 0xc1 })]
    [InlineData(new byte[] { 0x82, 0x01, 0x02, 0xa1, 0x41, 0x90 })]
    [InlineData(new byte[] { 0x93, 0xd1, 0xff, 0x00, 0xcd, 0x01 })]
    public void Skips_values_as_MessagePack_does(byte[] bytes) =>
        Same(bytes, (ref MessagePackReader r) => { MessagePackValues.Skip(ref r); return 0; },
            (ref MessagePackSpanReader r) => { MessagePackValues.Skip(ref r); return 0; });

    private delegate T ReadWith<out T>(ref MessagePackReader reader);

    private delegate T ReadSpanWith<out T>(ref MessagePackSpanReader reader);

    private static void Same<T>(byte[] bytes, ReadWith<T> expected, ReadSpanWith<T> actual)
    {
        var (expectedValue, expectedConsumed, expectedError) = Outcome(() =>
        {
            var reader = new MessagePackReader(bytes);
            var value = expected(ref reader);
            return (value, reader.Consumed);
        });
        var (actualValue, actualConsumed, actualError) = Outcome(() =>
        {
            var reader = new MessagePackSpanReader(bytes);
            var value = actual(ref reader);
            return (value, reader.Consumed);
        });

        var input = Convert.ToHexString(bytes);
        actualError?.GetType().ShouldBe(expectedError?.GetType(), input);
        actualError?.Message.ShouldBe(expectedError?.Message, input);
        (actualError is null).ShouldBe(expectedError is null, input);
        actualValue.ShouldBe(expectedValue, input);
        actualConsumed.ShouldBe(expectedConsumed, input);
    }

    private static (T? Value, long Consumed, Exception? Error) Outcome<T>(Func<(T, long)> read)
    {
        try
        {
            var (value, consumed) = read();
            return (value, consumed, null);
        }
        catch (Exception e) when (e is EndOfStreamException or MessagePackSerializationException or OverflowException)
        {
            return (default, 0, e);
        }
    }

    private static IEnumerable<byte[]> Encodings(long value)
    {
        if (value is >= 0 and <= 127)
        {
            yield return [(byte)value];
        }

        if (value is >= -32 and < 0)
        {
            yield return [unchecked((byte)(sbyte)value)];
        }

        if (value is >= 0 and <= byte.MaxValue)
        {
            yield return [MessagePackCode.UInt8, (byte)value];
        }

        if (value is >= sbyte.MinValue and <= sbyte.MaxValue)
        {
            yield return [MessagePackCode.Int8, unchecked((byte)(sbyte)value)];
        }

        if (value is >= 0 and <= ushort.MaxValue)
        {
            yield return Wide(MessagePackCode.UInt16, 2, b => BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)value));
        }

        if (value is >= short.MinValue and <= short.MaxValue)
        {
            yield return Wide(MessagePackCode.Int16, 2, b => BinaryPrimitives.WriteInt16BigEndian(b, (short)value));
        }

        if (value is >= 0 and <= uint.MaxValue)
        {
            yield return Wide(MessagePackCode.UInt32, 4, b => BinaryPrimitives.WriteUInt32BigEndian(b, (uint)value));
        }

        if (value is >= int.MinValue and <= int.MaxValue)
        {
            yield return Wide(MessagePackCode.Int32, 4, b => BinaryPrimitives.WriteInt32BigEndian(b, (int)value));
        }

        if (value >= 0)
        {
            yield return Wide(MessagePackCode.UInt64, 8, b => BinaryPrimitives.WriteUInt64BigEndian(b, (ulong)value));
        }

        yield return Wide(MessagePackCode.Int64, 8, b => BinaryPrimitives.WriteInt64BigEndian(b, value));
    }

    private static byte[] Wide(byte code, int length, SpanWriter write)
    {
        var bytes = new byte[1 + length];
        bytes[0] = code;
        write(bytes.AsSpan(1));
        return bytes;
    }

    private delegate void SpanWriter(Span<byte> bytes);
}
