using MessagePack;
using TraceLab.Recorder.Frames;

namespace TraceLab.Recorder.Tests.Frames;

/// <summary>Skipping and reading values survive what MessagePack's own reader does not: nesting deep enough to overflow
/// a recursive skip, and 32-bit lengths of 2^31 or more.</summary>
public sealed class MessagePackValuesTests
{
    [Fact]
    public void Skips_a_million_nested_arrays_without_recursion()
    {
        byte[] bytes = [.. Enumerable.Repeat((byte)0x91, 1_000_000), 0xc0, 0x07];
        var reader = new MessagePackReader(bytes);

        MessagePackValues.Skip(ref reader);

        reader.ReadInt32().ShouldBe(7);
    }

    [Theory]
    [InlineData(new byte[] { 0xdb, 0xff, 0xff, 0xff, 0xff, 0x41 })]
    [InlineData(new byte[] { 0xc6, 0xff, 0xff, 0xff, 0xff, 0x41 })]
    [InlineData(new byte[] { 0xc9, 0xff, 0xff, 0xff, 0xff, 0x01, 0x41 })]
    [InlineData(new byte[] { 0xdd, 0xff, 0xff, 0xff, 0xff, 0x01 })]
    [InlineData(new byte[] { 0xdf, 0xff, 0xff, 0xff, 0xff, 0x01 })]
    [InlineData(new byte[] { 0x92, 0x01 })]
    public void Reports_a_value_longer_than_what_remains_as_the_end_of_the_bytes(byte[] bytes) =>
        Should.Throw<EndOfStreamException>(() =>
        {
            var reader = new MessagePackReader(bytes);
            MessagePackValues.Skip(ref reader);
        });

    [Fact]
    public void Reports_a_string_longer_than_what_remains_as_the_end_of_the_bytes() =>
        Should.Throw<EndOfStreamException>(() =>
        {
            var reader = new MessagePackReader(new byte[] { 0xdb, 0x80, 0x00, 0x00, 0x00, 0x41 });
            MessagePackValues.ReadString(ref reader);
        });
}
