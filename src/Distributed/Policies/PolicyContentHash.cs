using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using TraceLab.Policies.Language;

namespace TraceLab.Distributed.Policies;

/// <summary>The SHA-256 of the exact policy definitions a replay uses, in order: what a coordinator puts in every job
/// and a worker computes again over its own definitions of the same names before it replays anything.</summary>
/// <remarks>
/// <para>Each definition contributes its name and its source text (the file as read, byte-order mark removed), each
/// as UTF-8 preceded by its length, so no two different lists of definitions can run together into the same bytes.
/// Built-ins are hashed like any file: a worker built from other sources, with a different
/// <c>ddl-needs-trusted-chain.yaml</c>, differs just as a different user file would.</para>
/// <para>The text is hashed, not the parsed rules: a changed comment changes the hash too. Refusing a worker whose
/// file differs only in a comment costs a copy; accepting one that differs in a rule would cost a wrong report.</para>
/// </remarks>
public static class PolicyContentHash
{
    /// <summary>The hash of <paramref name="definitions"/>, as 64 lower-case hexadecimal digits.</summary>
    public static string Of(IEnumerable<PolicyDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var definition in definitions)
        {
            Append(hash, definition.Name);
            Append(hash, definition.Source);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
