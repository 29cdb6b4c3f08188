using System.Buffers.Binary;
using TraceLab.Files;
using TraceLab.Recorder.Spool;

namespace TraceLab.Recorder.Tests.Support;

/// <summary>Turns corpus files into damaged, foreign or hostile spool files: flipped bits, cut files, blocks dropped,
/// repeated, swapped or spliced from other files, damaged lengths, other frame types, changed payloads with a CRC that
/// still matches (so the frame decoder sees them), deep nesting, huge array headers, and plain garbage.</summary>
/// <remarks>Deterministic: the same <see cref="Random"/> seed gives the same file and description.</remarks>
internal sealed class SpoolMutator(Random random, SpoolCorpus corpus)
{
    private static readonly byte[] Interesting =
        [0x00, 0x01, 0x7f, 0x80, 0x90, 0x91, 0x9f, 0xc0, 0xc1, 0xc2, 0xc4, 0xc6, 0xcc, 0xce, 0xcf, 0xd3, 0xdc, 0xdd, 0xde, 0xdf, 0xff];

    private static readonly uint[] FrameTypes =
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 25, 26, 30, 31, 32, 90, 99, 127];

    private readonly List<string> steps = [];

    public (byte[] File, string Description) Next()
    {
        steps.Clear();
        byte[] file;
        if (random.Next(20) == 0)
        {
            file = Garbage();
        }
        else
        {
            var seed = corpus.Seeds[random.Next(corpus.Seeds.Count)];
            steps.Add(seed.Name);
            var header = seed.Header;
            var blocks = seed.Blocks.ToList();
            for (var n = random.Next(0, 3); n > 0; n--)
            {
                header = Structural(header, blocks);
            }

            file = SpoolCorpus.Concat([header, .. blocks]);
            for (var n = steps.Count == 1 ? random.Next(1, 3) : random.Next(0, 3); n > 0; n--)
            {
                file = Bytes(file);
            }
        }

        return (file, string.Join(", ", steps));
    }

    private byte[] Garbage()
    {
        var garbage = new byte[random.Next(0, 4096)];
        random.NextBytes(garbage);
        if (random.Next(2) == 0)
        {
            steps.Add($"{garbage.Length} random bytes after a good header");
            return [.. TestSpool.Header(), .. garbage];
        }

        steps.Add($"{garbage.Length} random bytes");
        return garbage;
    }

    private byte[] Structural(byte[] header, List<byte[]> blocks)
    {
        var i = random.Next(blocks.Count);
        switch (random.Next(9))
        {
            case 0 when blocks.Count > 1:
                steps.Add($"drop block {i}");
                blocks.RemoveAt(i);
                break;
            case 1:
                steps.Add($"repeat block {i}");
                blocks.Insert(i, blocks[i]);
                break;
            case 2 when blocks.Count > 1:
                var j = random.Next(blocks.Count);
                steps.Add($"swap blocks {i} and {j}");
                (blocks[i], blocks[j]) = (blocks[j], blocks[i]);
                break;
            case 3:
                var other = corpus.Seeds[random.Next(corpus.Seeds.Count)];
                var k = random.Next(other.Blocks.Count);
                steps.Add($"splice block {k} of {other.Name} at {i}");
                blocks.Insert(i, other.Blocks[k]);
                break;
            case 4:
                var length = random.Next(4) switch
                {
                    0 => (uint)random.Next(0, 64),
                    1 => (uint)random.Next(0, SpoolFileReader.MaxPayloadLength),
                    2 => (uint)random.NextInt64(SpoolFileReader.MaxPayloadLength, uint.MaxValue),
                    _ => (uint)Math.Max(0, SpoolCorpus.Payload(blocks[i]).Length + random.Next(-8, 9)),
                };
                steps.Add($"block {i} declares {length} bytes");
                blocks[i] = WithLength(blocks[i], length);
                break;
            case 5:
                blocks[i] = Rechecked(ChangeFrameType(SpoolCorpus.Payload(blocks[i]), i));
                break;
            case 6:
                blocks[i] = Rechecked(MutatePayload(SpoolCorpus.Payload(blocks[i]), i));
                break;
            case 7:
                blocks.Insert(i, Rechecked(Hostile()));
                break;
            default:
                header = Header();
                break;
        }

        return header;
    }

    private byte[] Bytes(byte[] file)
    {
        if (file.Length == 0)
        {
            return file;
        }

        var at = random.Next(file.Length);
        switch (random.Next(5))
        {
            case 0:
                var bit = random.Next(8);
                steps.Add($"flip bit {bit} of byte {at}");
                file = [.. file];
                file[at] ^= (byte)(1 << bit);
                return file;
            case 1:
                var value = Interesting[random.Next(Interesting.Length)];
                steps.Add($"byte {at} = 0x{value:x2}");
                file = [.. file];
                file[at] = value;
                return file;
            case 2:
                steps.Add($"cut at {at}");
                return file[..at];
            case 3:
                var inserted = new byte[random.Next(1, 16)];
                random.NextBytes(inserted);
                steps.Add($"insert {inserted.Length} bytes at {at}");
                return [.. file[..at], .. inserted, .. file[at..]];
            default:
                var count = Math.Min(random.Next(1, 64), file.Length - at);
                steps.Add($"delete {count} bytes at {at}");
                return [.. file[..at], .. file[(at + count)..]];
        }
    }

    private byte[] Header()
    {
        switch (random.Next(4))
        {
            case 0:
                var version = random.Next(-2, 5);
                steps.Add($"header version {version}");
                return TestSpool.Header(version: version);
            case 1:
                steps.Add("header magic tracelab-spoof");
                return TestSpool.Header(magic: "tracelab-spoof");
            case 2:
                steps.Add("header with an extra element");
                return [0x93, .. TestSpool.Header()[1..], 0xa3, (byte)'x', (byte)'y', (byte)'z'];
            default:
                steps.Add("no header");
                return [];
        }
    }

    private byte[] ChangeFrameType(byte[] payload, int block)
    {
        var frames = SpoolCorpus.FrameOffsets(payload, lenient: true);
        if (frames.Count == 0)
        {
            return payload;
        }

        var frame = frames[random.Next(frames.Count)];
        var typeAt = frame + (payload[frame] switch { 0xdc => 3, 0xdd => 5, _ => 1 });
        if (typeAt >= payload.Length || payload[typeAt] > 0x7f)
        {
            return payload;
        }

        var type = FrameTypes[random.Next(FrameTypes.Length)];
        steps.Add($"frame at {frame} of block {block} becomes type {type}, CRC recomputed");
        payload = [.. payload];
        payload[typeAt] = (byte)type;
        return payload;
    }

    private byte[] MutatePayload(byte[] payload, int block)
    {
        if (payload.Length == 0)
        {
            return payload;
        }

        payload = [.. payload];
        var at = random.Next(payload.Length);
        if (random.Next(2) == 0)
        {
            var value = Interesting[random.Next(Interesting.Length)];
            steps.Add($"payload byte {at} of block {block} = 0x{value:x2}, CRC recomputed");
            payload[at] = value;
            return payload;
        }

        steps.Add($"payload of block {block} cut at {at}, CRC recomputed");
        return payload[..at];
    }

    /// <summary>A payload that a recursive reader or a trusting allocator would not survive.</summary>
    private byte[] Hostile()
    {
        var depth = random.Next(1_000, 200_000);
        switch (random.Next(5))
        {
            case 0:
                steps.Add($"frame of unknown type 200 nesting {depth} arrays, CRC matching");
                return [0x92, 0xcc, 200, .. Enumerable.Repeat((byte)0x91, depth), 0x90];
            case 1:
                steps.Add($"SessionEnded with a trailing element nesting {depth} arrays, CRC matching");
                return [0x99, 0x02, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, .. Enumerable.Repeat((byte)0x91, depth), 0xc0];
            case 2:
                steps.Add("frame declaring 2^31 elements, CRC matching");
                return [0xdd, 0x7f, 0xff, 0xff, 0xff, 0x01, 0x02];
            case 3:
                steps.Add("string declaring 2^32 - 1 bytes in a RoleDescribed, CRC matching");
                return [0x9e, 0x03, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xdb, 0xff, 0xff, 0xff, 0xff, 0x41];
            default:
                steps.Add("the unused code 0xc1 as a frame, CRC matching");
                return [0xc1];
        }
    }

    private static byte[] Rechecked(byte[] payload) => TestSpool.BlockWithCrc(Crc32C.Compute(payload), payload);

    private static byte[] WithLength(byte[] block, uint length)
    {
        var payload = SpoolCorpus.Payload(block);
        var changed = TestSpool.BlockWithCrc(Crc32C.Compute(payload), payload);
        BinaryPrimitives.WriteUInt32BigEndian(changed.AsSpan(7), length);
        return changed;
    }
}
