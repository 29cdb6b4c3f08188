using System.Buffers;
using MessagePack;
using TraceLab.Events;
using TraceLab.Recorder.Frames;
using TraceLab.Recorder.Spool;

namespace TraceLab.Recorder.Tests.Support;

/// <summary>One well-formed spool file the fuzzer starts from, split into its header and blocks.</summary>
internal sealed record SpoolSeed(string Name, byte[] Header, IReadOnlyList<byte[]> Blocks);

/// <summary>The spool files the fuzzer mutates: the golden files the real probe wrote and files written with the test
/// helpers (every frame type, many small blocks, compact encodings), with the events each of their blocks holds.</summary>
internal sealed class SpoolCorpus
{
    private readonly Dictionary<string, string[]> eventsByBlock = new(StringComparer.Ordinal);

    private SpoolCorpus()
    {
        foreach (var name in new[] { "attack-view", "attack-trigger", "benign" })
        {
            Add(name, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", name + SpoolFileReader.FileExtension)));
        }

        var all = SampleFrames.OneOfEach();
        Add("one-of-each", Concat([TestSpool.Header(), TestSpool.Block(all.Take(7)), TestSpool.Block(all.Skip(7).Take(9)),
            TestSpool.Block(all.Skip(16))]));
        List<IRecordedFrame> statements = [.. SampleFrames.SessionStart(), .. SampleFrames.Statements(3, 30)];
        Add("statements", Concat([TestSpool.Header(), .. statements.Chunk(7).Select((c, i) => i % 2 == 0
            ? TestSpool.Block(c)
            : TestSpool.CompactBlock([.. c.Select(FrameEncoder.Encode)]))]));
        var variants = SampleFrames.Variants();
        Add("variants", Concat(
            [TestSpool.Header(), TestSpool.Block(variants.Take(9)), TestSpool.Block(), TestSpool.Block(variants.Skip(9))]));
    }

    public static SpoolCorpus Instance { get; } = new();

    public List<SpoolSeed> Seeds { get; } = [];

    /// <summary>The events a block of the corpus holds, found by the block's exact bytes.</summary>
    public bool TryGetEvents(ReadOnlySpan<byte> block, out string[] events) =>
        eventsByBlock.TryGetValue(Convert.ToBase64String(block), out events!);

    /// <summary>The payload of a <c>[crc, payload]</c> block in any encoding; for a block the mutator already damaged,
    /// what follows the probe's fixed-width header, or the whole block.</summary>
    public static byte[] Payload(byte[] block)
    {
        if (block.Length >= 11 && block[0] == 0x92 && block[1] == 0xce && block[6] == 0xc6)
        {
            return block[11..];
        }

        try
        {
            var reader = new MessagePackReader(block);
            reader.ReadArrayHeader();
            reader.ReadUInt32();
            return reader.ReadBytes() is { } bytes ? bytes.ToArray() : [];
        }
        catch (Exception e) when (e is EndOfStreamException or MessagePackSerializationException or OverflowException)
        {
            return block;
        }
    }

    /// <summary>The offsets of the frames (top-level values) of a payload.</summary>
    /// <param name="lenient">Return the frames found before a value that does not parse, instead of throwing.</param>
    public static List<int> FrameOffsets(byte[] payload, bool lenient = false)
    {
        var offsets = new List<int>();
        var reader = new MessagePackReader(payload);
        try
        {
            while (!reader.End)
            {
                offsets.Add((int)reader.Consumed);
                MessagePackValues.Skip(ref reader);
            }
        }
        catch (Exception e) when (lenient && e is EndOfStreamException or MessagePackSerializationException)
        {
            offsets.RemoveAt(offsets.Count - 1);
        }

        return offsets;
    }

    public static byte[] Concat(IEnumerable<byte[]> parts) => [.. parts.SelectMany(p => p)];

    private void Add(string name, byte[] file)
    {
        var directory = Directory.CreateTempSubdirectory("tracelab-fuzz-corpus-");
        try
        {
            var path = Path.Combine(directory.FullName, "1-1" + SpoolFileReader.FileExtension);
            File.WriteAllBytes(path, file);
            var blocks = new SpoolFileReader(path).ReadBlocks().ToList();
            blocks[^1].EndOffset.ShouldBe(file.Length, $"corpus file {name} must end at a block boundary");
            var header = file[..(int)blocks[0].Offset];
            var raw = blocks.Select(b => file[(int)b.Offset..(int)b.EndOffset]).ToList();
            for (var i = 0; i < blocks.Count; i++)
            {
                eventsByBlock[Convert.ToBase64String(raw[i])] = [.. blocks[i].Events.Select(FrameAssert.Describe)];
            }

            Seeds.Add(new SpoolSeed(name, header, raw));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
