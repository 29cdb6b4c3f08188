using System.Globalization;
using MessagePack;

namespace TraceLab.Recorder.Frames;

/// <summary>Reads the elements of one MessagePack array in order, strictly typed, naming each for error messages.</summary>
/// <remarks>
/// A wrong MessagePack type or an out-of-range value in a known position makes the frame corrupt; elements past the
/// known ones are skipped by <see cref="SkipRest"/>, because FORMAT.md lets frames grow by appending. For the same
/// reason a field appended after version 1 may be <see cref="Absent"/>: the caller then uses the record's default.
/// Any valid encoding of a value is accepted (an int64 holding a small positive number is as good as a positive
/// fixint). Errors name the element and the array that holds it, from the frame down:
/// <c>Element 1 (name) of check 0 of the code of the RelationDescribed frame is an integer where a string is expected.</c>
/// </remarks>
internal sealed class FrameFields
{
    // The description errors use is composed only when an error needs it: building it for every array of every frame
    // (a string per frame and per nested entry) was a good part of the cost of decoding.
    private readonly FrameFields? outer;
    private string label;
    private readonly int entry;
    private readonly bool article;
    private int count;
    private string? what;
    private int index;

    /// <param name="what">The array, as error messages name it: <c>the FunctionEntered frame</c>.</param>
    /// <param name="count">The number of elements the array header declared.</param>
    /// <param name="index">The number of elements already consumed.</param>
    public FrameFields(string what, int count, int index = 0)
        : this(null, what, -1, false, count, index)
    {
    }

    /// <summary>An array named <c>[the ]label[ entry] of outer</c>, where <paramref name="outer"/> is given.</summary>
    private FrameFields(FrameFields? outer, string label, int entry, bool article, int count, int index = 0)
    {
        this.outer = outer;
        this.label = label;
        this.entry = entry;
        this.article = article;
        this.count = count;
        this.index = index;
    }

    /// <summary>The number of elements the array header declared.</summary>
    public int Count => count;

    /// <summary>Names the array anew once its contents say what it is (a frame, once its type is read), so that a frame
    /// needs one reader of its elements rather than two.</summary>
    public void Rename(string name)
    {
        label = name;
        what = null;
    }

    /// <summary>The array as error messages name it, from the frame down.</summary>
    private string What => what ??= outer is null
        ? label
        : string.Concat(article ? "the " : "", label, entry >= 0 ? " " + Format(entry) : "", " of ", outer.What);

    public uint UInt32(ref MessagePackReader reader, string field) => Integer<uint, ReadUInt32>(ref reader, field, "uint32");

    public ulong UInt64(ref MessagePackReader reader, string field) => Integer<ulong, ReadUInt64>(ref reader, field, "uint64");

    public long Int64(ref MessagePackReader reader, string field) => Integer<long, ReadInt64>(ref reader, field, "int64");

    public int Int32(ref MessagePackReader reader, string field) => Integer<int, ReadInt32>(ref reader, field, "int32");

    /// <summary>An unsigned field kept in an <see cref="int"/> (depth, pid, version numbers).</summary>
    public int UIntAsInt32(ref MessagePackReader reader, string field) =>
        Integer<int, ReadUIntAsInt32>(ref reader, field, "unsigned int32");

    /// <summary>An unsigned 64-bit field kept in a <see cref="long"/> (seq numbers, counts).</summary>
    public long UIntAsInt64(ref MessagePackReader reader, string field) =>
        Integer<long, ReadUIntAsInt64>(ref reader, field, "unsigned int64");

    public bool Boolean(ref MessagePackReader reader, string field)
    {
        Expect(ref reader, field, MessagePackType.Boolean);
        return reader.ReadBoolean();
    }

    public string String(ref MessagePackReader reader, string field)
    {
        Expect(ref reader, field, MessagePackType.String);
        return StringCache.Read(ref reader);
    }

    /// <summary>Reads an array header and returns its element count.</summary>
    public int ArrayHeader(ref MessagePackReader reader, string field)
    {
        Expect(ref reader, field, MessagePackType.Array);
        return MessagePackValues.ReadArrayHeader(ref reader);
    }

    /// <summary>Whether the array has no element left: an appended field that an older probe did not write.</summary>
    public bool Absent => index >= count;

    /// <summary>Reads an array field of uint32 values (oids), each named <paramref name="element"/> in errors.</summary>
    public uint[] UInt32List(ref MessagePackReader reader, string field, string element)
    {
        var n = ArrayHeader(ref reader, field);
        var list = new FrameFields(this, field, -1, true, n);
        var values = n == 0 ? [] : new uint[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = list.UInt32(ref reader, element);
        }

        return values;
    }

    /// <summary>Reads an array field of strings, each named <paramref name="element"/> in errors.</summary>
    public string[] StringList(ref MessagePackReader reader, string field, string element)
    {
        var n = ArrayHeader(ref reader, field);
        var list = new FrameFields(this, field, -1, true, n);
        var values = n == 0 ? [] : new string[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = list.String(ref reader, element);
        }

        return values;
    }

    /// <summary>Reads an array field whose elements are arrays, each read by <paramref name="read"/> as
    /// <c>&lt;entry&gt; &lt;i&gt; of &lt;this array&gt;</c> (<c>check 0 of the TypeDescribed frame</c>).</summary>
    public T[] Entries<T>(ref MessagePackReader reader, string field, string entry, EntryReader<T> read)
    {
        var n = ArrayHeader(ref reader, field);
        var values = n == 0 ? [] : new T[n];
        for (var i = 0; i < n; i++)
        {
            var fields = Open(ref reader, this, entry, i, false);
            values[i] = read(ref reader, fields);
            fields.SkipRest(ref reader);
        }

        return values;
    }

    /// <summary>Reads an optional array field as one entry named <c>&lt;name&gt; of &lt;this array&gt;</c>;
    /// <see langword="null"/> when the field is nil or absent.</summary>
    public T? Optional<T>(ref MessagePackReader reader, string field, string name, EntryReader<T> read)
        where T : class
    {
        if (NilOrAbsent(ref reader))
        {
            return null;
        }

        var entry = new FrameFields(this, name, -1, false, ArrayHeader(ref reader, field));
        var value = read(ref reader, entry);
        entry.SkipRest(ref reader);
        return value;
    }

    /// <summary>Reads the array at the reader's position (not an element of a <see cref="FrameFields"/>) as
    /// <paramref name="what"/>, skipping the elements <paramref name="read"/> does not know.</summary>
    public static T Entry<T>(ref MessagePackReader reader, string what, EntryReader<T> read)
    {
        var entry = Open(ref reader, what);
        var value = read(ref reader, entry);
        entry.SkipRest(ref reader);
        return value;
    }

    /// <summary>Reads the header of the array at the reader's position, which errors name <paramref name="what"/>.</summary>
    public static FrameFields Open(ref MessagePackReader reader, string what) => Open(ref reader, null, what, -1, false);

    /// <summary>As <see cref="Open(ref MessagePackReader, string)"/>, but into <paramref name="reusable"/> (created on
    /// first use) rather than a new reader of fields.</summary>
    /// <remarks>For the frame's own array, read once per frame: an object per frame was a tenth of what a replay
    /// allocated. The previous use must be over; nested arrays' fields refer to it only while they are read.</remarks>
    public static FrameFields Open(ref MessagePackReader reader, string what, ref FrameFields? reusable)
    {
        if (reusable is null || reader.NextMessagePackType != MessagePackType.Array)
        {
            return reusable = Open(ref reader, what);
        }

        reusable.label = what;
        reusable.what = null;
        reusable.count = MessagePackValues.ReadArrayHeader(ref reader);
        reusable.index = 0;
        return reusable;
    }

    /// <summary>Reads the header of the array at the reader's position, named <c>[the ]label[ entry][ of outer]</c>.</summary>
    private static FrameFields Open(ref MessagePackReader reader, FrameFields? outer, string label, int entry, bool article)
    {
        if (reader.NextMessagePackType != MessagePackType.Array)
        {
            var name = new FrameFields(outer, label, entry, article, 0);
            throw new FrameFormatException(
                $"{Capitalize(name.What)} is {Describe(reader.NextMessagePackType)} where an array is expected.");
        }

        return new FrameFields(outer, label, entry, article, MessagePackValues.ReadArrayHeader(ref reader));
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
            MessagePackValues.Skip(ref reader);
        }
    }

    /// <summary>Reads the elements of one nested array through <paramref name="fields"/>.</summary>
    public delegate T EntryReader<out T>(ref MessagePackReader reader, FrameFields fields);

    /// <summary>How one integer type is read: a struct type argument rather than a delegate, so that the read is
    /// compiled into <see cref="Integer{T, TRead}"/> (a delegate call per integer was a measurable part of decoding).</summary>
    private interface IIntegerRead<out T>
    {
        static abstract T Read(ref MessagePackReader reader);
    }

    private readonly struct ReadUInt32 : IIntegerRead<uint>
    {
        public static uint Read(ref MessagePackReader reader) => reader.ReadUInt32();
    }

    private readonly struct ReadUInt64 : IIntegerRead<ulong>
    {
        public static ulong Read(ref MessagePackReader reader) => reader.ReadUInt64();
    }

    private readonly struct ReadInt64 : IIntegerRead<long>
    {
        public static long Read(ref MessagePackReader reader) => reader.ReadInt64();
    }

    private readonly struct ReadInt32 : IIntegerRead<int>
    {
        public static int Read(ref MessagePackReader reader) => reader.ReadInt32();
    }

    private readonly struct ReadUIntAsInt32 : IIntegerRead<int>
    {
        public static int Read(ref MessagePackReader reader) => checked((int)reader.ReadUInt32());
    }

    private readonly struct ReadUIntAsInt64 : IIntegerRead<long>
    {
        public static long Read(ref MessagePackReader reader) => checked((long)reader.ReadUInt64());
    }

    private T Integer<T, TRead>(ref MessagePackReader reader, string field, string expected)
        where TRead : struct, IIntegerRead<T>
    {
        Expect(ref reader, field, MessagePackType.Integer, advance: false);

        // Only the position is kept (a copy of the whole reader for every integer was measurable): an error reads the
        // value again from there.
        var start = reader.Consumed;
        try
        {
            var value = TRead.Read(ref reader);
            index++;
            return value;
        }
        catch (OverflowException)
        {
            var peek = new MessagePackReader(reader.Sequence.Slice(start));
            throw new FrameFormatException(
                $"Element {Format(index)} ({field}) of {What} is {DescribeInteger(ref peek)}, out of range for {expected}.");
        }
    }

    private void Expect(ref MessagePackReader reader, string field, MessagePackType type, bool advance = true)
    {
        if (index >= count)
        {
            throw new FrameFormatException(
                $"{Capitalized} has {Format(count)} element{(count == 1 ? "" : "s")}: element {Format(index)} ({field}) is missing.");
        }

        var found = reader.NextMessagePackType;
        if (found != type)
        {
            throw new FrameFormatException(
                $"Element {Format(index)} ({field}) of {What} is {Describe(found)} where {Describe(type)} is expected.");
        }

        if (advance)
        {
            index++;
        }
    }

    private string Capitalized => Capitalize(What);

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];

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
