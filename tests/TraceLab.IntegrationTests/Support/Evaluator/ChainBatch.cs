using System.Buffers.Binary;
using System.Text;
using TraceLab.Policies.Model;

namespace TraceLab.IntegrationTests.Support.Evaluator;

/// <summary>The batch encoding of <c>tracelab_policy_decide_batch</c> and <c>tracelab_policy_render_batch</c>
/// (src/Recorder/Probe/ENFORCEMENT.md) and the decisions of the first.</summary>
internal static class ChainBatch
{
    private const int ResultBytes = 9;

    // The length of a string that is absent (an entry without a command).
    private const uint NoString = 0xFFFFFFFF;

    /// <summary>The version that carries what the evaluator needs.</summary>
    public const ushort EvaluatorVersion = 1;

    /// <summary>The version that also carries what messages need: each entry's name, command, seq, object oid and
    /// whether it was inlined.</summary>
    public const ushort MessageVersion = 2;

    /// <summary>The chains as one batch of <paramref name="version"/>.</summary>
    public static byte[] Encode(IReadOnlyList<TestChain> chains, ushort version = EvaluatorVersion)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write("TLCHAINS"u8);
        writer.Write(version);
        writer.Write((uint)chains.Count);
        foreach (var chain in chains)
        {
            writer.Write((uint)chain.Roles.Length);
            foreach (var role in chain.Roles)
            {
                writer.Write(role.Oid);
                writer.Write((byte)((role.Superuser ? 1 : 0) | (role.Inherit ? 2 : 0)));
                WriteString(writer, role.Name);
                writer.Write((uint)role.MemberOf.Length);
                foreach (var oid in role.MemberOf)
                {
                    writer.Write(oid);
                }
            }

            writer.Write(chain.Executor);
            writer.Write((byte)chain.Kind);
            writer.Write((byte)(chain.Copy is { } copy ? 1 | (copy.IsFrom ? 2 : 0) | (copy.IsProgram ? 4 : 0) : 0));
            WriteString(writer, chain.Command);
            writer.Write((uint)chain.Objects.Length);
            foreach (var name in chain.Objects)
            {
                WriteString(writer, name);
            }

            writer.Write((uint)chain.Entries.Length);
            for (var i = 0; i < chain.Entries.Length; i++)
            {
                var entry = chain.Entries[i];
                var inlined = version >= MessageVersion && entry.Inlined ? 8 : 0;
                writer.Write((byte)entry.Kind);
                writer.Write((byte)entry.Phase);
                writer.Write((byte)entry.Traits);
                writer.Write((byte)((entry.Candidate ? 1 : 0) | (entry.Switch ? 2 : 0) | (entry.Synthetic ? 4 : 0) | inlined));
                writer.Write(entry.Owner);
                if (version >= MessageVersion)
                {
                    WriteString(writer, entry.NameAt(i));
                    if (entry.Command is { } command)
                    {
                        WriteString(writer, command);
                    }
                    else
                    {
                        writer.Write(NoString);
                    }

                    writer.Write(entry.SeqAt(i));
                    writer.Write(entry.ObjectOid);
                }
            }
        }

        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>The decision of chain <paramref name="chain"/> under policy <paramref name="policy"/> of
    /// <paramref name="policies"/>, from the function's result.</summary>
    public static (Decision Decision, int Culprit, int Rule) Result(byte[] results, int chain, int policy, int policies)
    {
        var at = ((chain * policies) + policy) * ResultBytes;
        return ((Decision)results[at],
            BinaryPrimitives.ReadInt32LittleEndian(results.AsSpan(at + 1)),
            BinaryPrimitives.ReadInt32LittleEndian(results.AsSpan(at + 5)));
    }

    /// <summary>The number of bytes the function returns for so many chains and policies.</summary>
    public static int ResultLength(int chains, int policies) => chains * policies * ResultBytes;

    private static void WriteString(BinaryWriter writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        writer.Write((uint)bytes.Length);
        writer.Write(bytes);
    }
}
