using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using MessagePack;

namespace TraceLab.Recorder.Frames;

/// <summary>Reads MessagePack values from one span of bytes: the subset of <see cref="MessagePackReader"/> that frames
/// need, with its results and its exceptions.</summary>
/// <remarks>
/// <para>A replay decodes millions of frames, a dozen values each, and <see cref="MessagePackReader"/> reads every value
/// through a <c>SequenceReader</c> made for data split across segments: its bookkeeping cost more than the values. A
/// stored batch and a spool block are one array each, so this reader keeps a span and a position.</para>
/// <para>The common encodings are read here. Anything else (a value cut short, a code no value starts with, a number
/// out of range, an encoding frames do not use) is handed to <see cref="MessagePackReader"/> over a copy of the rest of
/// the bytes (<see cref="Slow"/>), so that every input ends as it did before: the same value, or the same exception with
/// the same message.</para>
/// </remarks>
internal ref struct MessagePackSpanReader
{
    private readonly ReadOnlySpan<byte> bytes;
    private int position;

    public MessagePackSpanReader(ReadOnlySpan<byte> bytes) => this.bytes = bytes;

    /// <summary>Bytes consumed so far.</summary>
    public readonly long Consumed => position;

    /// <summary>Whether every byte is consumed.</summary>
    public readonly bool End => position >= bytes.Length;

    /// <summary>The code of the next value.</summary>
    /// <exception cref="EndOfStreamException">No byte is left.</exception>
    public readonly byte NextCode
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (uint)position < (uint)bytes.Length ? bytes[position] : NoNextCode();
    }

    public readonly MessagePackType NextMessagePackType => MessagePackCode.ToMessagePackType(NextCode);

    /// <summary>A reader of the same bytes at <paramref name="consumed"/> (a position this reader has passed).</summary>
    public readonly MessagePackSpanReader At(long consumed) => new(bytes) { position = checked((int)consumed) };

    public bool TryReadNil()
    {
        if (NextCode == MessagePackCode.Nil)
        {
            position++;
            return true;
        }

        return false;
    }

    public bool ReadBoolean()
    {
        switch (NextCode)
        {
            case MessagePackCode.True:
                position++;
                return true;
            case MessagePackCode.False:
                position++;
                return false;
            default:
                var slow = Slow();
                var value = slow.ReadBoolean();
                position += (int)slow.Consumed;
                return value;
        }
    }

    /// <summary>An array header; as <see cref="MessagePackReader.ReadArrayHeader"/>, a count larger than the bytes left
    /// is refused.</summary>
    public int ReadArrayHeader()
    {
        var code = NextCode;
        int count;
        int header;
        if (code is >= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray)
        {
            (count, header) = (code & 0x0F, 1);
        }
        else if (code == MessagePackCode.Array16 && Has(3))
        {
            (count, header) = (BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 1)..]), 3);
        }
        else if (code == MessagePackCode.Array32 && Has(5))
        {
            (count, header) = (BinaryPrimitives.ReadInt32BigEndian(bytes[(position + 1)..]), 5);
        }
        else
        {
            return SlowArrayHeader();
        }

        if (count < 0 || count > bytes.Length - position - header)
        {
            return SlowArrayHeader();
        }

        position += header;
        return count;
    }

    public int ReadMapHeader()
    {
        var slow = Slow();
        var count = slow.ReadMapHeader();
        position += (int)slow.Consumed;
        return count;
    }

    public uint ReadUInt32()
    {
        var start = position;
        if (TryReadInteger(out var value, out var negative) && !negative && value <= uint.MaxValue)
        {
            return (uint)value;
        }

        // Read again from the value's start: MessagePack's reader converts it or throws.
        position = start;
        var slow = Slow();
        var result = slow.ReadUInt32();
        position += (int)slow.Consumed;
        return result;
    }

    public ulong ReadUInt64()
    {
        var start = position;
        if (TryReadInteger(out var value, out var negative) && !negative)
        {
            return value;
        }

        // Read again from the value's start: MessagePack's reader converts it or throws.
        position = start;
        var slow = Slow();
        var result = slow.ReadUInt64();
        position += (int)slow.Consumed;
        return result;
    }

    public long ReadInt64()
    {
        var start = position;
        if (TryReadInteger(out var value, out var negative) && (negative || value <= long.MaxValue))
        {
            return unchecked((long)value);
        }

        // Read again from the value's start: MessagePack's reader converts it or throws.
        position = start;
        var slow = Slow();
        var result = slow.ReadInt64();
        position += (int)slow.Consumed;
        return result;
    }

    public int ReadInt32()
    {
        var start = position;
        if (TryReadInteger(out var value, out var negative)
            && (negative ? unchecked((long)value) >= int.MinValue : value <= int.MaxValue))
        {
            return unchecked((int)(long)value);
        }

        // Read again from the value's start: MessagePack's reader converts it or throws.
        position = start;
        var slow = Slow();
        var result = slow.ReadInt32();
        position += (int)slow.Consumed;
        return result;
    }

    /// <summary>The bytes of the string at the reader's position, without decoding them; false (nothing consumed) for
    /// nil or anything but a whole string.</summary>
    public bool TryReadStringSpan(out ReadOnlySpan<byte> span)
    {
        span = default;
        if (End)
        {
            return false;
        }

        var code = bytes[position];
        int length;
        int header;
        if (code is >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr)
        {
            (length, header) = (code & 0x1F, 1);
        }
        else if (code == MessagePackCode.Str8 && Has(2))
        {
            (length, header) = (bytes[position + 1], 2);
        }
        else if (code == MessagePackCode.Str16 && Has(3))
        {
            (length, header) = (BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 1)..]), 3);
        }
        else if (code == MessagePackCode.Str32 && Has(5))
        {
            (length, header) = (BinaryPrimitives.ReadInt32BigEndian(bytes[(position + 1)..]), 5);
        }
        else
        {
            return false;
        }

        if (length < 0 || length > bytes.Length - position - header)
        {
            return false;
        }

        span = bytes.Slice(position + header, length);
        position += header + length;
        return true;
    }

    /// <summary>Reads a string or nil (<see langword="null"/>) the way <see cref="MessagePackReader.ReadString"/> does,
    /// for what <see cref="TryReadStringSpan"/> leaves: nil, a value cut short, or not a string.</summary>
    public string? ReadStringSlowly()
    {
        var slow = Slow();
        var text = MessagePackValues.ReadString(ref slow);
        position += (int)slow.Consumed;
        return text;
    }

    /// <summary>Skips a value that is not an array or a map (<see cref="MessagePackValues.Skip(ref MessagePackSpanReader)"/>
    /// counts those).</summary>
    public void SkipScalar()
    {
        var code = NextCode;
        var length = code switch
        {
            <= MessagePackCode.MaxFixInt or >= MessagePackCode.MinNegativeFixInt => 1,
            MessagePackCode.Nil or MessagePackCode.True or MessagePackCode.False => 1,
            MessagePackCode.UInt8 or MessagePackCode.Int8 => 2,
            MessagePackCode.UInt16 or MessagePackCode.Int16 => 3,
            MessagePackCode.UInt32 or MessagePackCode.Int32 or MessagePackCode.Float32 => 5,
            MessagePackCode.UInt64 or MessagePackCode.Int64 or MessagePackCode.Float64 => 9,
            _ => -1,
        };
        if (length > 0 && Has(length))
        {
            position += length;
            return;
        }

        if (TryReadStringSpan(out _))
        {
            return;
        }

        var slow = Slow();
        MessagePackValues.SkipScalar(ref slow);
        position += (int)slow.Consumed;
    }

    /// <summary>Reads any integer encoding: its magnitude, and whether it is negative (then <paramref name="value"/>
    /// holds the two's complement of a long). False, with nothing consumed, when the next value is not a whole
    /// integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadInteger(out ulong value, out bool negative)
    {
        value = 0;
        negative = false;
        if ((uint)position >= (uint)bytes.Length)
        {
            return false;
        }

        var code = bytes[position];
        if (code <= MessagePackCode.MaxFixInt)
        {
            value = code;
            position++;
            return true;
        }

        if (code >= MessagePackCode.MinNegativeFixInt)
        {
            value = unchecked((ulong)(long)(sbyte)code);
            negative = true;
            position++;
            return true;
        }

        var rest = bytes[(position + 1)..];
        switch (code)
        {
            case MessagePackCode.UInt8 when rest.Length >= 1:
                value = rest[0];
                position += 2;
                return true;
            case MessagePackCode.UInt16 when rest.Length >= 2:
                value = BinaryPrimitives.ReadUInt16BigEndian(rest);
                position += 3;
                return true;
            case MessagePackCode.UInt32 when rest.Length >= 4:
                value = BinaryPrimitives.ReadUInt32BigEndian(rest);
                position += 5;
                return true;
            case MessagePackCode.UInt64 when rest.Length >= 8:
                value = BinaryPrimitives.ReadUInt64BigEndian(rest);
                position += 9;
                return true;
            case MessagePackCode.Int8 when rest.Length >= 1:
                return Signed(unchecked((sbyte)rest[0]), 2, out value, out negative);
            case MessagePackCode.Int16 when rest.Length >= 2:
                return Signed(BinaryPrimitives.ReadInt16BigEndian(rest), 3, out value, out negative);
            case MessagePackCode.Int32 when rest.Length >= 4:
                return Signed(BinaryPrimitives.ReadInt32BigEndian(rest), 5, out value, out negative);
            case MessagePackCode.Int64 when rest.Length >= 8:
                return Signed(BinaryPrimitives.ReadInt64BigEndian(rest), 9, out value, out negative);
            default:
                return false;
        }
    }

    private bool Signed(long signed, int length, out ulong value, out bool negative)
    {
        value = unchecked((ulong)signed);
        negative = signed < 0;
        position += length;
        return true;
    }

    private readonly bool Has(int length) => bytes.Length - position >= length;

    private int SlowArrayHeader()
    {
        var slow = Slow();
        var count = slow.ReadArrayHeader();
        position += (int)slow.Consumed;
        return count;
    }

    /// <summary>Throws as <see cref="MessagePackReader.NextCode"/> does at the end of the bytes.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly byte NoNextCode() => Slow().NextCode;

    /// <summary>MessagePack's own reader over a copy of the bytes left: for the rare value this reader does not read
    /// itself, so that it reads (or fails) exactly as before.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly MessagePackReader Slow() => new(bytes[Math.Min(position, bytes.Length)..].ToArray());
}
