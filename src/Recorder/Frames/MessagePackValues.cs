using MessagePack;

namespace TraceLab.Recorder.Frames;

/// <summary>Skips and reads MessagePack values safely whatever the bytes say: any input ends in a value read or an
/// exception the spool reader reports (<see cref="EndOfStreamException"/>, <see cref="MessagePackSerializationException"/>).</summary>
/// <remarks>
/// <para><c>MessagePackReader.Skip</c> recurses once per level of nesting, so a few kilobytes of nested one-element
/// arrays (a damaged or hostile file whose CRC still matches) would overflow the stack, which ends the process: no
/// catch runs. <see cref="Skip(ref MessagePackReader)"/> counts the values still to skip instead.</para>
/// <para>MessagePack 2.5 reads the 32-bit lengths of str32, bin32, ext32, array32 and map32 as signed integers: a length
/// of 2^31 or more becomes negative and then slips past its own "enough bytes left" check, and reading or skipping
/// such a value throws <see cref="ArgumentOutOfRangeException"/> (or yields a negative count). These methods check the
/// lengths first.</para>
/// </remarks>
internal static class MessagePackValues
{
    /// <summary>Skips the value at the reader's position, with everything nested in it.</summary>
    public static void Skip(ref MessagePackReader reader)
    {
        // Every value takes at least one byte, so the loop ends within the reader's length.
        for (long pending = 1; pending > 0; pending--)
        {
            switch (reader.NextMessagePackType)
            {
                case MessagePackType.Array:
                    pending += ReadArrayHeader(ref reader);
                    break;
                case MessagePackType.Map:
                    pending += 2L * Count(reader.ReadMapHeader());
                    break;
                default:
                    SkipScalar(ref reader);
                    break;
            }
        }
    }

    /// <summary>Reads an array header whose count fits in what remains.</summary>
    public static int ReadArrayHeader(ref MessagePackReader reader) => Count(reader.ReadArrayHeader());

    /// <summary>Reads a string (or nil) whose length fits in what remains.</summary>
    public static string? ReadString(ref MessagePackReader reader)
    {
        try
        {
            return reader.ReadString();
        }
        catch (ArgumentOutOfRangeException)
        {
            // Only a negative (over 2^31) str32 length gets here: the reader has no other argument to be out of range.
            throw new EndOfStreamException("A string declares more bytes than remain.");
        }
    }

    /// <summary>As <see cref="Skip(ref MessagePackReader)"/>, over a span.</summary>
    public static void Skip(ref MessagePackSpanReader reader)
    {
        for (long pending = 1; pending > 0; pending--)
        {
            switch (reader.NextMessagePackType)
            {
                case MessagePackType.Array:
                    pending += ReadArrayHeader(ref reader);
                    break;
                case MessagePackType.Map:
                    pending += 2L * Count(reader.ReadMapHeader());
                    break;
                default:
                    reader.SkipScalar();
                    break;
            }
        }
    }

    /// <summary>As <see cref="ReadArrayHeader(ref MessagePackReader)"/>, over a span.</summary>
    public static int ReadArrayHeader(ref MessagePackSpanReader reader) => Count(reader.ReadArrayHeader());

    /// <summary>Skips a value that is not an array or a map.</summary>
    public static void SkipScalar(ref MessagePackReader reader)
    {
        try
        {
            reader.Skip();
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new EndOfStreamException("A value declares more bytes than remain.");
        }
    }

    private static int Count(int count) =>
        count >= 0 ? count : throw new EndOfStreamException("A value declares more elements or bytes than remain.");
}
