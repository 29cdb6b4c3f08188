using System.Buffers.Binary;
using TraceLab.Events;
using TraceLab.Recorder.Spool;
using TraceLab.Recorder.Tests.Support;

namespace TraceLab.Recorder.Tests.Spool;

/// <summary>An incomplete block at the end of a file is the tail still being written only while something writes the
/// file: in a finished file it is damage, reported with its offset and frame number.</summary>
public sealed class FinishedSpoolFileTests : IDisposable
{
    private const string Quiet = "it has not grown for 60 s (quiet period)";
    private readonly TestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void A_damaged_length_in_a_finished_file_is_reported_with_offset_and_frame_after_the_blocks_before_it()
    {
        var spool = DamagedSpool.Write(directory.Path, "1-1");
        var read = new List<SpoolBlock>();

        var e = Should.Throw<SpoolException>(() =>
        {
            foreach (var block in new SpoolFileReader(spool.Path).ReadBlocks(0, 0, () => Quiet))
            {
                read.Add(block);
            }
        });

        read.SelectMany(b => b.Events).ShouldMatch(spool.Frames.Take(spool.FramesBefore));
        e.Offset.ShouldBe(spool.DamageOffset);
        e.FrameNumber.ShouldBe(spool.FramesBefore + 1);
        e.IsFileDamaged.ShouldBeTrue();
        e.Message.ShouldBe($"could not decode block at offset {spool.DamageOffset} in spool file \"{spool.Path}\"");
        var remaining = new FileInfo(spool.Path).Length - spool.DamageOffset;
        e.Detail.ShouldBe($"The block declares a payload of {DamagedSpool.DamagedLength} bytes but the file ends {remaining} bytes "
            + $"after the block's start, and the file is no longer being written: {Quiet}. The damage starts at frame 19.");
        e.Hint.ShouldBe("The block's length was damaged or the file was cut short; blocks before this offset were ingested.");
    }

    [Fact]
    public void The_same_damage_in_a_file_still_being_written_is_its_unfinished_tail()
    {
        var spool = DamagedSpool.Write(directory.Path, "1-1");

        var read = new SpoolFileReader(spool.Path).ReadBlocks(0, 0, () => null).ToList();

        read.SelectMany(b => b.Events).ShouldMatch(spool.Frames.Take(spool.FramesBefore));
    }

    [Fact]
    public void A_file_that_holds_its_session_end_is_finished_without_asking()
    {
        List<IRecordedFrame> frames = [.. SampleFrames.SessionStart(), new SessionEnded(SampleFrames.Header(3))];
        var torn = TestSpool.Block(SampleFrames.Statements(4, 2));
        var header = TestSpool.Header();
        var ended = TestSpool.Block(frames);
        var path = TestSpool.Write(directory.Path, "1-1", header, ended, torn[..20]);

        var e = Should.Throw<SpoolException>(() => new SpoolFileReader(path).ReadBlocks(0, 0, () => null).ToList());

        e.Offset.ShouldBe(header.Length + ended.Length);
        e.FrameNumber.ShouldBe(4);
        e.Detail.ShouldNotBeNull().ShouldContain("the file is no longer being written: the file holds its session's SessionEnded.");
    }

    [Fact]
    public void A_block_cut_inside_its_header_in_a_finished_file_is_damage()
    {
        var header = TestSpool.Header();
        var block = TestSpool.Block(SampleFrames.SessionStart());
        var path = TestSpool.Write(directory.Path, "1-1", header, block, TestSpool.Block(SampleFrames.Statements(3, 1))[..4]);

        var e = Should.Throw<SpoolException>(() => new SpoolFileReader(path).ReadBlocks(0, 0, () => Quiet).ToList());

        e.Offset.ShouldBe(header.Length + block.Length);
        e.Detail.ShouldStartWith("The file ends 4 bytes into the block's header, and the file is no longer being written");
    }

    [Fact]
    public void Frames_are_numbered_from_the_checkpoint_when_reading_resumes_there()
    {
        var spool = DamagedSpool.Write(directory.Path, "1-1");
        var reader = new SpoolFileReader(spool.Path);
        var first = reader.ReadBlocks().First();

        var e = Should.Throw<SpoolException>(() => reader.ReadBlocks(first.EndOffset, 18, () => Quiet).ToList());

        e.Offset.ShouldBe(first.EndOffset);
        e.FrameNumber.ShouldBe(19);
    }

    [Fact]
    public void An_empty_file_is_never_damage()
    {
        // The probe creates its file before the first write, which the spool budget may refuse for the whole session.
        var path = TestSpool.Write(directory.Path, "1-1");

        new SpoolFileReader(path).ReadBlocks(0, 0, () => Quiet).ShouldBeEmpty();
    }

    [Fact]
    public void A_finished_file_cut_inside_its_header_is_damage()
    {
        var path = TestSpool.Write(directory.Path, "1-1", TestSpool.Header()[..7]);

        var e = Should.Throw<SpoolException>(() => new SpoolFileReader(path).ReadBlocks(0, 0, () => Quiet).ToList());

        e.Message.ShouldBe($"file \"{path}\" is not a TraceLab spool file");
        e.Detail.ShouldBe($"The file ends after 7 bytes, inside its header, and is no longer being written: {Quiet}.");
        e.IsFileDamaged.ShouldBeTrue();
    }

    [Fact]
    public void A_corrupt_block_names_the_frame_where_the_damage_starts()
    {
        var frames = SampleFrames.OneOfEach();
        var header = TestSpool.Header();
        var good = TestSpool.Block(frames.Take(5));
        var bad = TestSpool.Block(frames.Skip(5));
        bad[^1] ^= 0x40;
        var path = TestSpool.Write(directory.Path, "1-1", header, good, bad);

        var e = Should.Throw<SpoolException>(() => new SpoolFileReader(path).ReadBlocks().ToList());

        e.FrameNumber.ShouldBe(6);
        e.Detail.ShouldEndWith(" The damage starts at frame 6.");
    }

    [Fact]
    public void The_quiet_period_is_measured_from_the_file_modification_time_on_the_injected_clock()
    {
        var spool = DamagedSpool.Write(directory.Path, "1-1");
        var written = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
        File.SetLastWriteTimeUtc(spool.Path, written.UtcDateTime);
        var clock = new FixedTime(written.AddSeconds(59));
        var quiet = new SpoolQuietPeriod(TimeSpan.FromSeconds(60), clock);

        var fresh = quiet.WhyFinished(spool.Path);
        clock.Now = written.AddSeconds(60);
        var finished = quiet.WhyFinished(spool.Path);

        fresh.ShouldBeNull();
        finished.ShouldBe("it has not grown for 60 s (quiet period)");
        quiet.WhyFinished(Path.Combine(directory.Path, "gone.tlspool")).ShouldBeNull();
    }

    [Fact]
    public void A_damaged_length_is_found_once_the_file_is_older_than_the_quiet_period()
    {
        var spool = DamagedSpool.Write(directory.Path, "1-1");
        var quiet = new SpoolQuietPeriod(TimeSpan.FromSeconds(60), TimeProvider.System);
        var reader = new SpoolFileReader(spool.Path);

        var whileFresh = reader.ReadBlocks(0, 0, () => quiet.WhyFinished(spool.Path)).ToList();
        File.SetLastWriteTimeUtc(spool.Path, TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-2));

        whileFresh.SelectMany(b => b.Events).Count().ShouldBe(spool.FramesBefore);
        Should.Throw<SpoolException>(() => reader.ReadBlocks(0, 0, () => quiet.WhyFinished(spool.Path)).ToList())
            .Offset.ShouldBe(spool.DamageOffset);
    }

    [Fact]
    public void A_length_damaged_past_the_limit_is_reported_even_while_the_file_is_written()
    {
        var spool = DamagedSpool.Write(directory.Path, "1-1");
        var bytes = File.ReadAllBytes(spool.Path);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan((int)spool.DamageOffset + 7), 0x7000_0000);
        File.WriteAllBytes(spool.Path, bytes);

        Should.Throw<SpoolException>(() => new SpoolFileReader(spool.Path).ReadBlocks(0, 0, () => null).ToList())
            .Detail.ShouldStartWith("The block declares a payload of 1879048192 bytes, more than the 67108864 a block may hold.");
    }
}
