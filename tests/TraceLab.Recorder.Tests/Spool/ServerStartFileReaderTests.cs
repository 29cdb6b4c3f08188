using TraceLab.Recorder.Spool;
using TraceLab.Recorder.Tests.Support;

namespace TraceLab.Recorder.Tests.Spool;

/// <summary>Server start files (<c>*.tlstart</c>): read as the postmaster writes them, skipped while being written,
/// reported (never thrown past the directory) when they are something else.</summary>
public sealed class ServerStartFileReaderTests : IDisposable
{
    private const ulong System = 7_716_293_813_844_613_242UL;
    private const long StartUs = 1_796_589_656_115_055;

    private readonly TestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Reads_the_system_identifier_and_start_of_a_file_the_postmaster_wrote()
    {
        var path = TestSpool.WriteServerStart(directory.Path, System, StartUs);

        ServerStartFileReader.Read(path).ShouldBe(new ServerStart(path, System, StartUs));
    }

    [Fact]
    public void Reads_any_valid_encoding_and_ignores_appended_elements()
    {
        var path = Write(FrameEncoder.Encode(ServerStartFileReader.Magic, 1, (ulong)System, StartUs, "a later field", 7));

        ServerStartFileReader.Read(path).ShouldBe(new ServerStart(path, System, StartUs));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(34)]
    public void Skips_a_file_the_postmaster_is_still_writing(int length)
    {
        var path = Write(TestSpool.ServerStart(System, StartUs)[..length]);

        ServerStartFileReader.Read(path).ShouldBeNull();
    }

    [Fact]
    public void Skips_a_file_that_is_gone() =>
        ServerStartFileReader.Read(Path.Combine(directory.Path, "1-1.tlstart")).ShouldBeNull();

    public static TheoryData<string, byte[], string> Garbage => new()
    {
        { "wrong magic", FrameEncoder.Encode("tracelab-spool", 1, 1ul, 2L),
            "The file starts with the magic string \"tracelab-spool\" instead of \"tracelab-start\"." },
        { "not an array", TestSpool.ServerStart(System, StartUs)[1..16],
            "The server start file is a string where an array is expected." },
        { "too few elements", FrameEncoder.Encode("tracelab-start", 1, 1ul),
            "The server start file has 3 elements: element 3 (start_us) is missing." },
        { "negative system identifier", FrameEncoder.Encode("tracelab-start", 1, -1L, 2L),
            "Element 2 (system_identifier) of the server start file is -1, out of range for uint64." },
        { "start as a string", FrameEncoder.Encode("tracelab-start", 1, 1ul, "now"),
            "Element 3 (start_us) of the server start file is a string where an integer is expected." },
        { "not messagepack", [0x94, 0xc1, 0xc1, 0xc1, 0xc1],
            "Element 0 (magic) of the server start file is an unrecognized value where a string is expected." },
        { "too large", new byte[5000], "The file has more than 4096 bytes; a server start file holds " },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Reports_a_file_that_is_not_a_start_file(string name, byte[] content, string detail)
    {
        var path = Write(content, name.Replace(' ', '_') + ".tlstart");

        var e = Should.Throw<SpoolException>(() => ServerStartFileReader.Read(path));

        e.Message.ShouldBe($"file \"{path}\" is not a TraceLab server start file");
        e.Detail.ShouldStartWith(detail);
        e.Hint.ShouldStartWith("Keep only files written by the tracelab_probe extension in the spool directory");
        e.SpoolFile.ShouldBe(path);
    }

    [Fact]
    public void Reports_a_version_it_does_not_read()
    {
        var path = Write(FrameEncoder.Encode("tracelab-start", 2, 1ul, 2L));

        var e = Should.Throw<SpoolException>(() => ServerStartFileReader.Read(path));

        e.Message.ShouldBe($"server start file \"{path}\" has unsupported version 2");
        e.Detail.ShouldBe("This Recorder reads server start files of version 1.");
    }

    [Fact]
    public void Reads_a_directory_in_name_order_reporting_bad_files_and_ignoring_others()
    {
        var later = TestSpool.WriteServerStart(directory.Path, System, StartUs + 1);
        var first = TestSpool.WriteServerStart(directory.Path, System, StartUs);
        var bad = Write([0xa1, 0x78], "bad.tlstart");
        Write([0x00], "12-34.tlspool");
        Write([0x00], "notes.txt");

        var (starts, errors) = ServerStartFileReader.ReadDirectory(directory.Path);

        starts.ShouldBe([new ServerStart(first, System, StartUs), new ServerStart(later, System, StartUs + 1)]);
        errors.ShouldHaveSingleItem().SpoolFile.ShouldBe(bad);
    }

    [Fact]
    public void Tells_which_starts_follow_a_backend_of_their_server()
    {
        var start = new ServerStart("s", System, StartUs);

        start.Follows(System, StartUs - 1).ShouldBeTrue();
        start.Follows(System, StartUs).ShouldBeFalse("a backend never starts in the same microsecond as its server");
        start.Follows(System, StartUs + 1).ShouldBeFalse("a backend of this start is not ended by it");
        start.Follows(System + 1, StartUs - 1).ShouldBeFalse("another server's start ends none of this server's backends");
    }

    private string Write(byte[] content, string name = "1-2.tlstart")
    {
        var path = Path.Combine(directory.Path, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
