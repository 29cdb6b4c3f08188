using System.Globalization;
using System.Runtime.CompilerServices;
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
    private FrameFields? outer;
    private string label;
    private int entry;
    private bool article;
    private FrameFields? child;
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

    public uint UInt32(ref MessagePackSpanReader reader, string field) => Integer<uint, ReadUInt32>(ref reader, field, "uint32");

    public ulong UInt64(ref MessagePackSpanReader reader, string field) => Integer<ulong, ReadUInt64>(ref reader, field, "uint64");

    public long Int64(ref MessagePackSpanReader reader, string field) => Integer<long, ReadInt64>(ref reader, field, "int64");

    public int Int32(ref MessagePackSpanReader reader, string field) => Integer<int, ReadInt32>(ref reader, field, "int32");

    /// <summary>An unsigned field kept in an <see cref="int"/> (depth, pid, version numbers).</summary>
    public int UIntAsInt32(ref MessagePackSpanReader reader, string field) =>
        Integer<int, ReadUIntAsInt32>(ref reader, field, "unsigned int32");

    /// <summary>An unsigned 64-bit field kept in a <see cref="long"/> (seq numbers, counts).</summary>
    public long UIntAsInt64(ref MessagePackSpanReader reader, string field) =>
        Integer<long, ReadUIntAsInt64>(ref reader, field, "unsigned int64");

    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Boolean(ref MessagePackSpanReader reader, string field)
    {
        Expect(ref reader, field, MessagePackType.Boolean);
        return reader.ReadBoolean();
    }

    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string String(ref MessagePackSpanReader reader, string field)
    {
        if (index < count && reader.TryReadStringSpan(out var bytes))
        {
            index++;
            return StringCache.Get(bytes);
        }

        Expect(ref reader, field, MessagePackType.String);
        return StringCache.Read(ref reader);
    }

    /// <summary>Reads an array header and returns its element count.</summary>
    public int ArrayHeader(ref MessagePackSpanReader reader, string field)
    {
        Expect(ref reader, field, MessagePackType.Array);
        return MessagePackValues.ReadArrayHeader(ref reader);
    }

    /// <summary>Whether the array has no element left: an appended field that an older probe did not write.</summary>
    public bool Absent => index >= count;

    /// <summary>Reads an array field of uint32 values (oids), each named <paramref name="element"/> in errors.</summary>
    public uint[] UInt32List(ref MessagePackSpanReader reader, string field, string element)
    {
        var n = ArrayHeader(ref reader, field);
        var list = Nested(field, -1, true, n);
        var values = n == 0 ? [] : new uint[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = list.UInt32(ref reader, element);
        }

        return values;
    }

    /// <summary>Reads an array field of strings, each named <paramref name="element"/> in errors.</summary>
    public string[] StringList(ref MessagePackSpanReader reader, string field, string element)
    {
        var n = ArrayHeader(ref reader, field);
        var list = Nested(field, -1, true, n);
        var values = n == 0 ? [] : new string[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = list.String(ref reader, element);
        }

        return values;
    }

    /// <summary>Reads an array field whose elements are arrays, each read by <paramref name="read"/> as
    /// <c>&lt;entry&gt; &lt;i&gt; of &lt;this array&gt;</c> (<c>check 0 of the TypeDescribed frame</c>).</summary>
    public T[] Entries<T>(ref MessagePackSpanReader reader, string field, string entry, EntryReader<T> read)
    {
        var n = ArrayHeader(ref reader, field);
        var values = n == 0 ? [] : new T[n];
        for (var i = 0; i < n; i++)
        {
            if (reader.NextMessagePackType != MessagePackType.Array)
            {
                _ = Open(ref reader, this, entry, i, false); // throws: not an array
            }

            var fields = Nested(entry, i, false, MessagePackValues.ReadArrayHeader(ref reader));
            values[i] = read(ref reader, fields);
            fields.SkipRest(ref reader);
        }

        return values;
    }

    /// <summary>Reads an optional array field as one entry named <c>&lt;name&gt; of &lt;this array&gt;</c>;
    /// <see langword="null"/> when the field is nil or absent.</summary>
    public T? Optional<T>(ref MessagePackSpanReader reader, string field, string name, EntryReader<T> read)
        where T : class
    {
        if (NilOrAbsent(ref reader))
        {
            return null;
        }

        var entry = Nested(name, -1, false, ArrayHeader(ref reader, field));
        var value = read(ref reader, entry);
        entry.SkipRest(ref reader);
        return value;
    }

    /// <summary>Reads the array at the reader's position (not an element of a <see cref="FrameFields"/>) as
    /// <paramref name="what"/>, skipping the elements <paramref name="read"/> does not know.</summary>
    public static T Entry<T>(ref MessagePackSpanReader reader, string what, EntryReader<T> read)
    {
        var entry = Open(ref reader, what);
        var value = read(ref reader, entry);
        entry.SkipRest(ref reader);
        return value;
    }

    /// <summary>Reads the header of the array at the reader's position, which errors name <paramref name="what"/>.</summary>
    public static FrameFields Open(ref MessagePackSpanReader reader, string what) => Open(ref reader, null, what, -1, false);

    /// <summary>As <see cref="Open(ref MessagePackSpanReader, string)"/>, but into <paramref name="reusable"/> (created on
    /// first use) rather than a new reader of fields.</summary>
    /// <remarks>For the frame's own array, read once per frame: an object per frame was a tenth of what a replay
    /// allocated. The previous use must be over; nested arrays' fields refer to it only while they are read.</remarks>
    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FrameFields Open(ref MessagePackSpanReader reader, string what, ref FrameFields? reusable)
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

    /// <summary>The reader of the fields of an array nested in this one, named <c>[the ]label[ entry] of this</c>: one
    /// object per level, reused for every nested array there.</summary>
    /// <remarks>A nested array is read whole before the next one at its level opens, and its reader is needed only while
    /// it is read (to name it in an error): a new one for every list and entry of every frame was a tenth of what
    /// decoding allocated.</remarks>
    private FrameFields Nested(string label, int entry, bool article, int count)
    {
        if (child is null)
        {
            return child = new FrameFields(this, label, entry, article, count);
        }

        child.outer = this;
        child.label = label;
        child.entry = entry;
        child.article = article;
        child.count = count;
        child.what = null;
        child.index = 0;
        return child;
    }

    /// <summary>Reads the header of the array at the reader's position, named <c>[the ]label[ entry][ of outer]</c>.</summary>
    private static FrameFields Open(ref MessagePackSpanReader reader, FrameFields? outer, string label, int entry, bool article)
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
    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool NilOrAbsent(ref MessagePackSpanReader reader)
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
    public void SkipRest(ref MessagePackSpanReader reader)
    {
        for (; index < count; index++)
        {
            MessagePackValues.Skip(ref reader);
        }
    }

    /// <summary>Reads the elements of one nested array through <paramref name="fields"/>.</summary>
    public delegate T EntryReader<out T>(ref MessagePackSpanReader reader, FrameFields fields);

    /// <summary>How one integer type is read: a struct type argument rather than a delegate, so that the read is
    /// compiled into <see cref="Integer{T, TRead}"/> (a delegate call per integer was a measurable part of decoding).</summary>
    private interface IIntegerRead<T>
    {
        static abstract T Read(ref MessagePackSpanReader reader);

        /// <summary>The integer <see cref="MessagePackSpanReader.TryReadInteger"/> read, if it is in range.</summary>
        static abstract bool TryConvert(ulong value, bool negative, out T result);
    }

    private readonly struct ReadUInt32 : IIntegerRead<uint>
    {
        public static uint Read(ref MessagePackSpanReader reader) => reader.ReadUInt32();

        public static bool TryConvert(ulong value, bool negative, out uint result)
        {
            result = unchecked((uint)value);
            return !negative && value <= uint.MaxValue;
        }
    }

    private readonly struct ReadUInt64 : IIntegerRead<ulong>
    {
        public static ulong Read(ref MessagePackSpanReader reader) => reader.ReadUInt64();

        public static bool TryConvert(ulong value, bool negative, out ulong result)
        {
            result = value;
            return !negative;
        }
    }

    private readonly struct ReadInt64 : IIntegerRead<long>
    {
        public static long Read(ref MessagePackSpanReader reader) => reader.ReadInt64();

        public static bool TryConvert(ulong value, bool negative, out long result)
        {
            result = unchecked((long)value);
            return negative || value <= long.MaxValue;
        }
    }

    private readonly struct ReadInt32 : IIntegerRead<int>
    {
        public static int Read(ref MessagePackSpanReader reader) => reader.ReadInt32();

        public static bool TryConvert(ulong value, bool negative, out int result)
        {
            result = unchecked((int)value);
            return negative ? unchecked((long)value) >= int.MinValue : value <= int.MaxValue;
        }
    }

    private readonly struct ReadUIntAsInt32 : IIntegerRead<int>
    {
        public static int Read(ref MessagePackSpanReader reader) => checked((int)reader.ReadUInt32());

        public static bool TryConvert(ulong value, bool negative, out int result)
        {
            result = unchecked((int)value);
            return !negative && value <= int.MaxValue;
        }
    }

    private readonly struct ReadUIntAsInt64 : IIntegerRead<long>
    {
        public static long Read(ref MessagePackSpanReader reader) => checked((long)reader.ReadUInt64());

        public static bool TryConvert(ulong value, bool negative, out long result)
        {
            result = unchecked((long)value);
            return !negative && value <= long.MaxValue;
        }
    }

    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private T Integer<T, TRead>(ref MessagePackSpanReader reader, string field, string expected)
        where TRead : struct, IIntegerRead<T>
    {
        var start = reader.Consumed;
        if (index < count && reader.TryReadInteger(out var raw, out var negative) && TRead.TryConvert(raw, negative, out var converted))
        {
            index++;
            return converted;
        }

        // Missing, not an integer, or out of range: read again from the start, to throw what each of those throws.
        reader = reader.At(start);
        Expect(ref reader, field, MessagePackType.Integer, advance: false);

        try
        {
            var value = TRead.Read(ref reader);
            index++;
            return value;
        }
        catch (OverflowException)
        {
            var peek = reader.At(start);
            throw new FrameFormatException(
                $"Element {Format(index)} ({field}) of {What} is {DescribeInteger(ref peek)}, out of range for {expected}.");
        }
    }

    private void Expect(ref MessagePackSpanReader reader, string field, MessagePackType type, bool advance = true)
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

    private static string DescribeInteger(ref MessagePackSpanReader peek) =>
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
