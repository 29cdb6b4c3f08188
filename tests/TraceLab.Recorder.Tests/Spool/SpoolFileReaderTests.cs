using TraceLab.Events;
using TraceLab.Files;
using TraceLab.Recorder.Spool;
using TraceLab.Recorder.Tests.Support;

namespace TraceLab.Recorder.Tests.Spool;

public sealed class SpoolFileReaderTests : IDisposable
{
    private readonly TestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Reads_every_block_of_a_complete_file()
    {
        var frames = SampleFrames.OneOfEach();
        var header = TestSpool.Header();
        byte[][] blocks = [TestSpool.Block(frames.Take(4)), TestSpool.Block(frames.Skip(4).Take(5)), TestSpool.Block(frames.Skip(9))];
        var path = TestSpool.Write(directory.Path, "12345-1795889206123456", [header, .. blocks]);

        var read = new SpoolFileReader(path).ReadBlocks().ToList();

        read.SelectMany(b => b.Events).ShouldMatch(frames);
        long[] offsets = [header.Length, header.Length + blocks[0].Length, header.Length + blocks[0].Length + blocks[1].Length];
        read.Select(b => b.Offset).ShouldBe(offsets);
        read[^1].EndOffset.ShouldBe(new FileInfo(path).Length);
    }

    [Fact]
    public void Names_the_session_after_the_file()
    {
        var path = Path.Combine(directory.Path, "12345-1795889206123456.tlspool");

        new SpoolFileReader(path).SessionId.ShouldBe("12345-1795889206123456");
    }

    [Fact]
    public void Reads_blocks_in_any_valid_messagepack_encoding()
    {
        var frames = SampleFrames.SessionStart();
        var path = TestSpool.Write(directory.Path, "1-1", TestSpool.Header(),
            TestSpool.CompactBlock(FrameEncoder.Encode(frames[0])), TestSpool.CompactBlock(FrameEncoder.Encode(frames[1])));

        new SpoolFileReader(path).ReadBlocks().SelectMany(b => b.Events).ShouldMatch(frames);
    }

    [Fact]
    public void Starts_at_the_given_offset()
    {
        var frames = SampleFrames.OneOfEach();
        var path = TestSpool.Write(
            directory.Path, "1-1", TestSpool.Header(), TestSpool.Block(frames.Take(6)), TestSpool.Block(frames.Skip(6)));
        var reader = new SpoolFileReader(path);
        var first = reader.ReadBlocks().First();

        var rest = reader.ReadBlocks(first.EndOffset).ToList();

        rest.ShouldHaveSingleItem().Offset.ShouldBe(first.EndOffset);
        rest.SelectMany(b => b.Events).ShouldMatch(frames.Skip(6));
        reader.ReadBlocks(rest[0].EndOffset).ShouldBeEmpty();
    }

    [Fact]
    public void Finds_no_blocks_in_a_file_that_has_only_a_header() =>
        new SpoolFileReader(TestSpool.Write(directory.Path, "1-1", TestSpool.Header())).ReadBlocks().ShouldBeEmpty();

    [Fact]
    public void Finds_no_blocks_in_a_file_whose_header_is_still_being_written()
    {
        var header = TestSpool.Header();
        for (var length = 0; length < header.Length; length++)
        {
            var path = TestSpool.Write(directory.Path, $"1-{length}", header[..length]);

            new SpoolFileReader(path).ReadBlocks().ShouldBeEmpty($"header cut at {length} bytes");
        }
    }

    [Fact]
    public void Rejects_a_file_with_another_magic_string()
    {
        var path = TestSpool.Write(
            directory.Path, "1-1", TestSpool.Header(magic: "tracelab-spoof"), TestSpool.Block(SampleFrames.SessionStart()));

        var e = Should.Throw<SpoolException>(() => new SpoolFileReader(path).ReadBlocks().ToList());

        e.Message.ShouldBe($"file \"{path}\" is not a TraceLab spool file");
        e.Detail.ShouldBe("The file starts with the magic string \"tracelab-spoof\" instead of the header [\"tracelab-spool\", 1].");
        e.Hint.ShouldBe("Keep only files written by the tracelab_probe extension in the spool directory.");
        e.Offset.ShouldBe(0);
    }

    [Fact]
    public void Rejects_a_file_that_is_not_messagepack()
    {
        var path = TestSpool.Write(directory.Path, "1-1", "#!/bin/sh\necho this is a shell script, not a spool file at all\n"u8.ToArray());

        var e = Should.Throw<SpoolException>(() => new SpoolFileReader(path).ReadBlocks().ToList());

        e.Message.ShouldBe($"file \"{path}\" is not a TraceLab spool file");
        e.Detail.ShouldBe("The file starts with the bytes 23212f62696e2f73 instead of the header [\"tracelab-spool\", 1].");
    }

    [Fact]
    public void Rejects_a_file_of_another_container_version()
    {
        var path = TestSpool.Write(directory.Path, "1-1", TestSpool.Header(version: 2));

        var e = Should.Throw<SpoolException>(() => new SpoolFileReader(path).ReadBlocks().ToList());

        e.Message.ShouldBe($"spool file \"{path}\" has unsupported container version 2");
        e.Detail.ShouldBe("This Recorder reads container version 1, with frame format versions 1 to 2.");
    }

    [Fact]
    public void Reports_a_crc_mismatch_after_the_blocks_before_it()
    {
        var frames = SampleFrames.OneOfEach();
        var header = TestSpool.Header();
        var good1 = TestSpool.Block(frames.Take(3));
        var good2 = TestSpool.Block(frames.Skip(3).Take(3));
        var payload = frames.Skip(6).Take(3).SelectMany(FrameEncoder.Encode).ToArray();
        var actualCrc = Crc32C.Compute(payload);
        var bad = TestSpool.BlockWithCrc(0x1234abcd, payload);
        var after = TestSpool.Block(frames.Skip(9));
        var path = TestSpool.Write(directory.Path, "123-456", header, good1, good2, bad, after);
        var badOffset = header.Length + good1.Length + good2.Length;
        var read = new List<SpoolBlock>();

        var e = Should.Throw<SpoolException>(() =>
        {
            foreach (var block in new SpoolFileReader(path).ReadBlocks())
            {
                read.Add(block);
            }
        });

        read.SelectMany(b => b.Events).ShouldMatch(frames.Take(6));
        read[^1].EndOffset.ShouldBe(badOffset);
        e.Offset.ShouldBe(badOffset);
        e.SpoolFile.ShouldBe(path);
        e.Message.ShouldBe($"could not decode block at offset {badOffset} in spool file \"{path}\"");
        e.Detail.ShouldBe($"The block's CRC-32C is 0x1234abcd but its payload's is 0x{actualCrc:x8}. The damage starts at frame 7.");
        e.FrameNumber.ShouldBe(7);
        e.Hint.ShouldBe("The file may have been damaged after the probe wrote it; blocks before this offset were ingested.");
    }

    [Fact]
    public void Reports_a_flipped_bit_in_a_payload()
    {
        var header = TestSpool.Header();
        var block = TestSpool.Block(SampleFrames.OneOfEach());
        block[^5] ^= 0x10;
        var path = TestSpool.Write(directory.Path, "1-1", header, block);

        Should.Throw<SpoolException>(() => new SpoolFileReader(path).ReadBlocks().ToList()).Offset.ShouldBe(header.Length);
    }

    [Fact]
    public void Stops_before_a_torn_block_at_the_end_of_the_file()
    {
        var frames = SampleFrames.OneOfEach();
        var header = TestSpool.Header();
        var complete = TestSpool.Block(frames.Take(6));
        var torn = TestSpool.Block(frames.Skip(6));
        for (var cut = 1; cut < torn.Length; cut++)
        {
            var path = TestSpool.Write(directory.Path, $"1-{cut}", header, complete, torn[..cut]);

            var read = new SpoolFileReader(path).ReadBlocks().ToList();

            read.ShouldHaveSingleItem($"torn block cut at {cut} bytes").EndOffset.ShouldBe(header.Length + complete.Length);
        }
    }

    [Fact]
    public void Reads_a_torn_block_once_the_probe_has_finished_it()
    {
        var frames = SampleFrames.OneOfEach();
        var header = TestSpool.Header();
        var first = TestSpool.Block(frames.Take(6));
        var second = TestSpool.Block(frames.Skip(6));
        var path = TestSpool.Write(directory.Path, "1-1", header, first, second[..7]);
        var reader = new SpoolFileReader(path);
        var end = reader.ReadBlocks().Last().EndOffset;

        TestSpool.Append(path, second[7..]);

        reader.ReadBlocks(end).SelectMany(b => b.Events).ShouldMatch(frames.Skip(6));
    }

    [Fact]
    public void Reports_a_frame_of_an_unrecognized_type_as_damage_after_the_blocks_before_it()
    {
        var unknown = FrameEncoder.Encode(200u, 4ul, 0ul, 0u, 1L, 10u, 10u, 0u, "something new");
        var frames = SampleFrames.SessionStart();
        var header = TestSpool.Header();
        var first = TestSpool.Block(frames);
        var path = TestSpool.Write(directory.Path, "1-1", header, first,
            TestSpool.Block(FrameEncoder.Encode(SampleFrames.Statements(3, 1)[0]), unknown));

        var read = new List<SpoolBlock>();
        var error = Should.Throw<SpoolException>(() => read.AddRange(new SpoolFileReader(path).ReadBlocks()));

        read.SelectMany(b => b.Events).ShouldMatch(frames);
        error.Message.ShouldBe($"unrecognized frame type 200 in block at offset {header.Length + first.Length} in spool file \"{path}\"");
        error.Detail.ShouldStartWith("Frame 1 of the block has type 200, which this Recorder does not know");
        error.Detail.ShouldEndWith("The damage starts at frame 4.");
        error.Hint.ShouldNotBeNull().ShouldContain("newer probe");
        error.IsFileDamaged.ShouldBeTrue();
        error.Offset.ShouldBe(header.Length + first.Length);
    }

    [Fact]
    public void Reports_a_malformed_frame_in_a_block_whose_crc_matches()
    {
        var fields = FrameEncoder.Fields(SampleFrames.RoleDescribed(2));
        fields[9] = 42;
        var header = TestSpool.Header();
        var path = TestSpool.Write(directory.Path, "1-1", header,
            TestSpool.Block(FrameEncoder.Encode(SampleFrames.SessionStarted()), FrameEncoder.Encode(fields)));

        var e = Should.Throw<SpoolException>(() => new SpoolFileReader(path).ReadBlocks().ToList());

        e.Message.ShouldBe($"could not decode frame 1 of block at offset {header.Length} in spool file \"{path}\"");
        e.Detail.ShouldBe(
            "Element 9 (name) of the RoleDescribed frame is an integer where a string is expected. The damage starts at frame 2.");
    }

    [Fact]
    public void Reports_a_payload_that_ends_inside_a_frame()
    {
        var frame = FrameEncoder.Encode(SampleFrames.SessionStarted());
        var path = TestSpool.Write(directory.Path, "1-1", TestSpool.Header(), TestSpool.Block(frame[..^3]));

        Should.Throw<SpoolException>(() => new SpoolFileReader(path).ReadBlocks().ToList())
            .Detail.ShouldBe("The block's payload ends in the middle of the frame. The damage starts at frame 1.");
    }

    [Fact]
    public void Reports_bytes_that_are_not_a_block()
    {
        var header = TestSpool.Header();
        var good = TestSpool.Block(SampleFrames.SessionStart());
        var path = TestSpool.Write(directory.Path, "1-1", header, good, FrameEncoder.Encode("not", "a", "block"));

        var e = Should.Throw<SpoolException>(() => new SpoolFileReader(path).ReadBlocks().ToList());

        e.Offset.ShouldBe(header.Length + good.Length);
        e.Detail.ShouldBe("The block is an array of 3 elements where [crc, payload] is expected. The damage starts at frame 3.");
    }

    [Fact]
    public void Reports_a_block_whose_payload_is_not_binary()
    {
        var header = TestSpool.Header();
        var path = TestSpool.Write(directory.Path, "1-1", header, FrameEncoder.Encode(0u, "payload"));

        Should.Throw<SpoolException>(() => new SpoolFileReader(path).ReadBlocks().ToList())
            .Detail.ShouldBe("The block's payload is a string where a bin is expected. The damage starts at frame 1.");
    }

    [Fact]
    public void Accepts_a_block_without_frames()
    {
        var path = TestSpool.Write(
            directory.Path, "1-1", TestSpool.Header(), TestSpool.Block(), TestSpool.Block(SampleFrames.SessionStart()));

        var blocks = new SpoolFileReader(path).ReadBlocks().ToList();

        blocks.Count.ShouldBe(2);
        blocks[0].Events.ShouldBeEmpty();
    }

    [Fact]
    public void Rejects_an_offset_beyond_the_end_of_the_file()
    {
        var path = TestSpool.Write(directory.Path, "1-1", TestSpool.Header(), TestSpool.Block(SampleFrames.SessionStart()));
        var length = new FileInfo(path).Length;

        var e = Should.Throw<SpoolException>(() => new SpoolFileReader(path).ReadBlocks(length + 10).ToList());

        e.Message.ShouldBe($"spool file \"{path}\" is shorter than its ingested part");
        e.Detail.ShouldBe($"The file has {length} bytes but was ingested up to offset {length + 10}.");
    }

    [Fact]
    public void Reports_an_offset_inside_the_header_of_a_file_that_replaced_the_one_ingested()
    {
        byte[] header = [0x93, .. TestSpool.Header()[1..], 0xa5, .. "extra"u8.ToArray()];
        var path = TestSpool.Write(directory.Path, "1-1", header, TestSpool.Block(SampleFrames.SessionStart()));

        var e = Should.Throw<SpoolException>(() => new SpoolFileReader(path).ReadBlocks(17).ToList());

        e.Message.ShouldBe($"spool file \"{path}\" does not match its ingested part");
        e.Detail.ShouldBe($"The file was ingested up to offset 17, inside its {header.Length}-byte header.");
        e.IsFileDamaged.ShouldBeTrue();
    }

    [Fact]
    public void Reads_blocks_larger_than_its_buffer_and_many_blocks_across_buffer_refills()
    {
        var text = new string('x', 8000);
        var big = Enumerable.Range(1, 200)
            .Select(i => (IRecordedFrame)SampleFrames.Statement(i, i, text))
            .ToList();
        var small = SampleFrames.Statements(201, 3000);
        byte[][] blocks = [TestSpool.Block(big), .. small.Chunk(7).Select(TestSpool.Block)];
        var path = TestSpool.Write(directory.Path, "1-1", [TestSpool.Header(), .. blocks]);

        var read = new SpoolFileReader(path).ReadBlocks().ToList();

        read.Count.ShouldBe(blocks.Length);
        read.SelectMany(b => b.Events).ShouldMatch([.. big, .. small]);
    }

    [Fact]
    public void Throws_file_not_found_for_a_missing_file() =>
        Should.Throw<FileNotFoundException>(() => new SpoolFileReader(Path.Combine(directory.Path, "9-9.tlspool")).ReadBlocks().ToList());
}
