using System.Text;
using TraceLab.Files;
using TraceLab.Recorder.Spool;

namespace TraceLab.Recorder.Tests.Spool;

public sealed class Crc32CTests
{
    [Fact]
    public void Matches_the_check_value_of_crc_32c() =>
        Crc32C.Compute("123456789"u8).ShouldBe(0xE3069283u);

    [Fact]
    public void Is_zero_for_no_bytes() => Crc32C.Compute([]).ShouldBe(0u);

    [Theory]
    [InlineData(0x00, 0x8A9136AAu)]
    [InlineData(0xFF, 0x62A8AB43u)]
    public void Matches_the_iscsi_test_vectors_for_32_equal_bytes(byte value, uint expected) =>
        Crc32C.Compute(Enumerable.Repeat(value, 32).ToArray()).ShouldBe(expected);

    [Fact]
    public void Matches_the_iscsi_test_vector_for_ascending_bytes() =>
        Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()).ShouldBe(0x46DD794Eu);

    [Fact]
    public void Matches_a_bitwise_reference_for_every_length_up_to_40()
    {
        var data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog.");
        for (var length = 0; length <= 40; length++)
        {
            Crc32C.Compute(data.AsSpan(0, length)).ShouldBe(Reference(data.AsSpan(0, length)), $"length {length}");
        }
    }

    private static uint Reference(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }
}
