using System.Buffers.Binary;
using TraceLab.Files;
using TraceLab.Policies.Compiled;
using TraceLab.Policies.Language;

namespace TraceLab.Policies.Tests.Compiled;

/// <summary>Bytes that are not a compiled policy of this version are refused with a reason, never read as something
/// else: damage, truncation, other versions, and well-checksummed bytes the language cannot have written.</summary>
public sealed class PolicyFormatRejectionTests
{
    // name "p", description "d", one rule "r" guarding ddl: strings at 20, the policy at 39, the rule at 52..97.
    private static byte[] Minimal() => PolicyFormatWriter.Write(PolicyFile.Parse(
        "name: p\ndescription: d\nrules:\n  - {name: r, operations: [ddl], action: block}\n", "p.yaml"));

    private static string Reason(byte[] bytes) =>
        Should.Throw<PolicyFormatException>(() => PolicyFormatReader.Read(bytes, "p.tlpolicy")).Reason;

    /// <summary>The bytes with <paramref name="change"/> applied and length and checksum made right again.</summary>
    private static byte[] Patched(Action<byte[]> change, byte[]? bytes = null)
    {
        bytes ??= Minimal();
        change(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), (uint)bytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(PolicyFormat.ChecksumOffset), Crc32C.Compute(bytes.AsSpan(PolicyFormat.HeaderBytes)));
        return bytes;
    }

    private static Action<byte[]> At(int offset, params byte[] values) => b => values.CopyTo(b, offset);

    private static Action<byte[]> U32At(int offset, uint value) => b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(offset), value);

    [Fact]
    public void The_minimal_policy_has_the_layout_these_tests_patch()
    {
        var bytes = Minimal();

        bytes.Length.ShouldBe(97);
        BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(56)).ShouldBe(2u);
        bytes[92].ShouldBe((byte)PolicyAction.Block);
    }

    [Fact]
    public void Every_truncation_is_refused()
    {
        var bytes = PolicyFormatWriter.Write(PolicyFile.Parse(TraceLab.Tests.Shared.GeneratedPolicies.Text(0), "g.yaml"));

        for (var length = 0; length < bytes.Length; length++)
        {
            Reason(bytes[..length]).ShouldNotBeEmpty();
        }
    }

    [Fact]
    public void Every_single_byte_change_is_refused()
    {
        var bytes = PolicyFormatWriter.Write(PolicyFile.Parse(TraceLab.Tests.Shared.GeneratedPolicies.Text(0), "g.yaml"));

        for (var i = 0; i < bytes.Length; i++)
        {
            foreach (var flip in new byte[] { 0x01, 0x80, 0xFF })
            {
                var damaged = (byte[])bytes.Clone();
                damaged[i] ^= flip;
                Reason(damaged).ShouldNotBeEmpty();
            }
        }
    }

    [Theory]
    [InlineData(8, new byte[] { 2 }, "unsupported format version 2; this build reads version 1")]
    [InlineData(0, new byte[] { (byte)'X' }, "data does not start with \"TLPOLICY\"")]
    [InlineData(10, new byte[] { 1 }, "undefined header flags 0x1")]
    [InlineData(16, new byte[] { 0 }, null)]
    public void Header_damage_is_refused_before_the_body_is_read(int offset, byte[] values, string? reason)
    {
        var bytes = Minimal();
        values.CopyTo(bytes, offset);
        bytes[16] ^= offset == 16 ? (byte)1 : (byte)0;

        if (reason is null)
        {
            Reason(bytes).ShouldStartWith("checksum mismatch: stored 0x");
        }
        else
        {
            Reason(bytes).ShouldBe(reason);
        }
    }

    [Fact]
    public void Lengths_that_do_not_match_are_refused()
    {
        Reason([.. Minimal(), 0]).ShouldBe("declared length 97 does not match the data's 98 bytes");
        Reason([]).ShouldBe("data has 0 bytes, fewer than the 20 of the header");
        Reason(new byte[PolicyFormat.MaxBytes + 1]).ShouldBe("data has 16777217 bytes, more than the 16777216 a compiled policy may have");
        Reason(Patched(b => { }, [.. Minimal(), 7])).ShouldBe("1 bytes follow the last rule");
        Reason(Patched(U32At(48, 1000))).ShouldBe("rule count 1000 at byte 48 exceeds the data");
        Reason(Patched(U32At(20, 0x40000000))).ShouldBe("string count 1073741824 at byte 20 exceeds the data");
        Reason(Patched(U32At(24, 200))).ShouldBe("unexpected end of data at byte 24");
    }

    public static TheoryData<int, uint, string> BadFields => new()
    {
        { 39, 9, "string index 9 at byte 39 is out of range; the table has 3 strings" },
        { 56, 0, "operation kinds 0x0 at byte 56 are invalid" },
        { 56, 0x200, "operation kinds 0x200 at byte 56 are invalid" },
        { 60, 0, "empty list at byte 60" },
        { 60, 50, "list count 50 at byte 60 exceeds the data" },
        { 70, 0x10, "infrastructure 0x10 at byte 70 is undefined" },
        { 74, 9, "role count 9 at byte 74 exceeds the data" },
        { 93, 7, "string index 7 at byte 93 is out of range; the table has 3 strings" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public void Words_out_of_range_are_refused(int offset, uint value, string reason) =>
        Reason(Patched(U32At(offset, value))).ShouldBe(reason);

    public static TheoryData<int, byte, string> BadBytes => new()
    {
        { 47, 3, "default action 3 at byte 47 is undefined" },
        { 68, 4, "trust flags 0x4 at byte 68 are undefined" },
        { 69, 3, "membership 3 at byte 69 is undefined" },
        { 78, 3, "scope 3 at byte 78 is undefined" },
        { 79, 0x02, "when flags 0x2 at byte 79 are invalid" },
        { 79, 0x10, "when flags 0x10 at byte 79 are invalid" },
        { 79, 0x20, "when flags 0x20 at byte 79 are invalid" },
        { 79, 0x01, "entry kinds 0x0 at byte 80 are invalid" },
        { 79, 0x04, "phases 0x0 at byte 88 are invalid" },
        { 80, 0x01, "entry kinds 0x1 at byte 80 are invalid" },
        { 88, 0x02, "phases 0x2 at byte 88 are invalid" },
        { 92, 0, "action 0 at byte 92 is undefined" },
        { 92, 3, "action 3 at byte 92 is undefined" },
        { 28, (byte)'P', "policy name at byte 39 is invalid" },
        { 28, 0, "string 0 contains a zero byte" },
        { 28, 0xFF, "string 0 is not valid UTF-8" },
        { 33, (byte)'p', "string 1 repeats string 0" },
        { 38, (byte)'-', "rule name at byte 52 is invalid" },
    };

    [Theory]
    [MemberData(nameof(BadBytes))]
    public void Bytes_out_of_range_are_refused(int offset, byte value, string reason) =>
        Reason(Patched(At(offset, value))).ShouldBe(reason);

    [Fact]
    public void A_rule_name_used_twice_is_refused()
    {
        var bytes = Minimal();
        byte[] twice = [.. bytes, .. bytes[52..97]];

        Reason(Patched(U32At(48, 2), twice)).ShouldBe("rule name at byte 97 repeats an earlier rule's");
    }

    [Fact]
    public void An_executing_role_listed_twice_is_refused()
    {
        var definition = PolicyFile.Parse(
            "name: p\ndescription: d\nrules:\n  - {name: r, operations: [ddl], trust: {roles: {a: [], b: []}}, action: block}\n", "p.yaml");
        var bytes = PolicyFormatWriter.Write(definition);

        // strings p d r a b; the rule at 62, its roles at 84: count 2, "a" (3) with no roles, "b" (4) with none
        bytes.Length.ShouldBe(123);
        BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(96)).ShouldBe(4u);
        Reason(Patched(U32At(96, 3), bytes)).ShouldBe("role at byte 96 is listed twice in trust roles");
    }

    [Fact]
    public void The_error_names_the_file_and_says_how_to_fix_it()
    {
        var error = Should.Throw<PolicyFormatException>(() => PolicyFormatReader.Read([1, 2, 3], "ddl.tlpolicy"));

        error.Message.ShouldBe("invalid compiled policy \"ddl.tlpolicy\"");
        error.Detail.ShouldBe("Data has 3 bytes, fewer than the 20 of the header.");
        error.Hint.ShouldBe("Compile the policy again with \"tracelab policies compile\".");
    }
}
