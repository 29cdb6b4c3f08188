using MessagePack;

namespace TraceLab.Recorder.Frames;

/// <summary>Skips MessagePack values whatever their nesting.</summary>
/// <remarks><c>MessagePackReader.Skip</c> recurses once per level of nesting, so a few kilobytes of nested one-element
/// arrays (a damaged or hostile file whose CRC still matches) would overflow the stack, which ends the process: no
/// catch runs. This skips with a counter instead, one value at a time, so any input ends in a value skipped or an
/// exception the spool reader reports.</remarks>
internal static class MessagePackValues
{
    /// <summary>Skips the value at the reader's position, with everything nested in it.</summary>
    /// <exception cref="EndOfStreamException">The bytes end inside the value.</exception>
    /// <exception cref="MessagePackSerializationException">A byte is not a MessagePack code.</exception>
    public static void Skip(ref MessagePackReader reader)
    {
        // Every value takes at least one byte, so the loop ends within the reader's length.
        for (long pending = 1; pending > 0; pending--)
        {
            switch (reader.NextMessagePackType)
            {
                case MessagePackType.Array:
                    pending += reader.ReadArrayHeader();
                    break;
                case MessagePackType.Map:
                    pending += 2L * reader.ReadMapHeader();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }
}
