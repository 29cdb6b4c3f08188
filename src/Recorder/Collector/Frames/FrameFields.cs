using System.Globalization;
using MessagePack;

namespace TraceLab.Recorder.Frames;

/// <summary>Reads the elements of one MessagePack array in order, strictly typed, naming each for error messages.</summary>
/// <remarks>
/// A wrong MessagePack type or an out-of-range value in a known position makes the frame corrupt; elements past the
/// known ones are skipped by <see cref="SkipRest"/>, because FORMAT.md lets frames grow by appending. Any valid
/// encoding of a value is accepted (an int64 holding a small positive number is as good as a positive fixint).
/// </remarks>
internal sealed class FrameFields
{
    private readonly string what;
    private readonly int count;
    private int index;

    /// <param name="what">The array, as error messages name it: <c>the FunctionEntered frame</c>.</param>
    /// <param name="count">The number of elements the array header declared.</param>
    /// <param name="index">The number of elements already consumed.</param>
    public FrameFields(string what, int count, int index = 0)
    {
        this.what = what;
        this.count = count;
        this.index = index;
    }

    public uint UInt32(ref MessagePackReader reader, string field) =>
        Integer(ref reader, field, "uint32", static (ref MessagePackReader r) => r.ReadUInt32());

    public ulong UInt64(ref MessagePackReader reader, string field) =>
        Integer(ref reader, field, "uint64", static (ref MessagePackReader r) => r.ReadUInt64());

    public long Int64(ref MessagePackReader reader, string field) =>
        Integer(ref reader, field, "int64", static (ref MessagePackReader r) => r.ReadInt64());

    public int Int32(ref MessagePackReader reader, string field) =>
        Integer(ref reader, field, "int32", static (ref MessagePackReader r) => r.ReadInt32());

    /// <summary>An unsigned field kept in an <see cref="int"/> (depth, pid, version numbers).</summary>
    public int UIntAsInt32(ref MessagePackReader reader, string field) =>
        Integer(ref reader, field, "unsigned int32", static (ref MessagePackReader r) => checked((int)r.ReadUInt32()));

    /// <summary>An unsigned 64-bit field kept in a <see cref="long"/> (seq numbers, counts).</summary>
    public long UIntAsInt64(ref MessagePackReader reader, string field) =>
        Integer(ref reader, field, "unsigned int64", static (ref MessagePackReader r) => checked((long)r.ReadUInt64()));

    public bool Boolean(ref MessagePackReader reader, string field)
    {
        Expect(ref reader, field, MessagePackType.Boolean);
        return reader.ReadBoolean();
    }

    public string String(ref MessagePackReader reader, string field)
    {
        Expect(ref reader, field, MessagePackType.String);
        return reader.ReadString() ?? "";
    }

    /// <summary>Reads an array header and returns its element count.</summary>
    public int ArrayHeader(ref MessagePackReader reader, string field)
    {
        Expect(ref reader, field, MessagePackType.Array);
        return reader.ReadArrayHeader();
    }

    /// <summary>For an optional field: consumes it and returns <see langword="true"/> when it is nil or absent.</summary>
    public bool NilOrAbsent(ref MessagePackReader reader)
    {
        if (index >= count)
        {
            return true;
        }

        if (reader.TryReadNil())
        {
            index++;
            return true;
        }

        return false;
    }

    /// <summary>Skips the elements this Recorder does not know.</summary>
    public void SkipRest(ref MessagePackReader reader)
    {
        for (; index < count; index++)
        {
            reader.Skip();
        }
    }

    private delegate T ReadFunc<T>(ref MessagePackReader reader);

    private T Integer<T>(ref MessagePackReader reader, string field, string expected, ReadFunc<T> read)
    {
        Expect(ref reader, field, MessagePackType.Integer, advance: false);
        var peek = reader.CreatePeekReader();
        try
        {
            var value = read(ref reader);
            index++;
            return value;
        }
        catch (OverflowException)
        {
            throw new FrameFormatException(
                $"Element {Format(index)} ({field}) of {what} is {DescribeInteger(ref peek)}, out of range for {expected}.");
        }
    }

    private void Expect(ref MessagePackReader reader, string field, MessagePackType type, bool advance = true)
    {
        if (index >= count)
        {
            throw new FrameFormatException(
                $"{Capitalized} has {Format(count)} elements: element {Format(index)} ({field}) is missing.");
        }

        var found = reader.NextMessagePackType;
        if (found != type)
        {
            throw new FrameFormatException(
                $"Element {Format(index)} ({field}) of {what} is {Describe(found)} where {Describe(type)} is expected.");
        }

        if (advance)
        {
            index++;
        }
    }

    private string Capitalized => char.ToUpperInvariant(what[0]) + what[1..];

    private static string DescribeInteger(ref MessagePackReader peek) =>
        peek.NextCode is >= MessagePackCode.MinNegativeFixInt or MessagePackCode.Int8 or MessagePackCode.Int16
            or MessagePackCode.Int32 or MessagePackCode.Int64
            ? peek.ReadInt64().ToString(CultureInfo.InvariantCulture)
            : peek.ReadUInt64().ToString(CultureInfo.InvariantCulture);

    internal static string Describe(MessagePackType type) => type switch
    {
        MessagePackType.Integer => "an integer",
        MessagePackType.Nil => "nil",
        MessagePackType.Boolean => "a boolean",
        MessagePackType.Float => "a float",
        MessagePackType.String => "a string",
        MessagePackType.Binary => "a bin",
        MessagePackType.Array => "an array",
        MessagePackType.Map => "a map",
        MessagePackType.Extension => "an extension",
        _ => "an unrecognized value",
    };

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
