using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace TraceLab.Recorder.Frames;

/// <summary>Reads MessagePack strings, handing out the same <see cref="string"/> again for bytes read recently.</summary>
/// <remarks>
/// Most strings of a trace repeat frame after frame: command tags, sqlstates, how a function was reached, its phase, the
/// text of the statements a function runs. Allocating each again was a large part of what decoding (and the garbage
/// collector after it) cost. A small direct-mapped table per thread remembers the latest string for each slot; a miss
/// just decodes as before, so the result is always the string the bytes say. Long strings (statement texts with
/// literals, which rarely repeat) are not remembered.
/// <para>A string takes a slot only when it is seen again (its hash was the slot's latest miss): a short text seen once
/// (a statement with its literals, run once) would otherwise cost a copy of its bytes and push out a string that keeps
/// coming back.</para>
/// </remarks>
internal static class StringCache
{
    private const int Slots = 1024;
    private const int MaxBytes = 128;

    [ThreadStatic]
    private static Entry[]? table;

    /// <summary>Reads the string at the reader's position (a nil reads as empty).</summary>
    public static string Read(ref MessagePackSpanReader reader)
    {
        if (!reader.TryReadStringSpan(out var bytes))
        {
            // Nil, or a string cut short: the general path, which reads nil or throws as MessagePack's reader does.
            return reader.ReadStringSlowly() ?? "";
        }

        return Get(bytes);
    }

    /// <summary>The string of the UTF-8 <paramref name="bytes"/>.</summary>
    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Get(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return "";
        }

        if (bytes.Length > MaxBytes)
        {
            return Encoding.UTF8.GetString(bytes);
        }

        var entries = table ??= new Entry[Slots];
        var hash = Hash(bytes);
        ref var slot = ref entries[hash & (Slots - 1)];
        if (slot.Bytes is { } known && bytes.SequenceEqual(known))
        {
            return slot.Text;
        }

        var text = Encoding.UTF8.GetString(bytes);
        slot = slot.LastMiss == hash ? new Entry(bytes.ToArray(), text, hash) : slot with { LastMiss = hash };
        return text;
    }

    /// <summary>A slot for the bytes: from their length and three words of them (first, middle, last), not every byte,
    /// since this runs for every string of every frame. Strings that share all three only share a slot: the bytes are
    /// compared anyway.</summary>
    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        const ulong Mix = 0x9E3779B97F4A7C15UL;
        var hash = unchecked((ulong)bytes.Length * Mix);
        if (bytes.Length >= sizeof(ulong))
        {
            hash = unchecked((hash ^ MemoryMarshal.Read<ulong>(bytes)) * Mix);
            hash = unchecked((hash ^ MemoryMarshal.Read<ulong>(bytes[(bytes.Length / 2 - sizeof(ulong) / 2)..])) * Mix);
            hash = unchecked((hash ^ MemoryMarshal.Read<ulong>(bytes[^sizeof(ulong)..])) * Mix);
        }
        else
        {
            foreach (var b in bytes)
            {
                hash = unchecked((hash ^ b) * Mix);
            }
        }

        return unchecked((int)(hash >> 32) ^ (int)hash);
    }

    [StructLayout(LayoutKind.Auto)]
    private readonly record struct Entry(byte[]? Bytes, string Text, int LastMiss);
}
