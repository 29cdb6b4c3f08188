using System.Runtime.Versioning;
using TraceLab.Recorder.Spool;
using TraceLab.Recorder.Tests.Support;

namespace TraceLab.Recorder.Tests.Spool;

// Unix modes and named pipes: the Recorder runs where the probe does.
[UnsupportedOSPlatform("windows")]
public sealed class SpoolQuarantineTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 0, 30, 15, 123, 456, TimeSpan.Zero);
    private readonly TestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Moves_a_damaged_file_into_the_quarantine_directory_with_a_note_beside_it()
    {
        var path = CorruptFile("1-1", out var problem);
        var quarantine = new SpoolQuarantine(SpoolQuarantine.DefaultDirectory, new FixedTime(Now));

        var moved = quarantine.Move(path, problem, 17).ShouldNotBeNull();

        var destination = Path.Combine(directory.Path, "quarantine", "1-1.tlspool");
        moved.Destination.ShouldBe(destination);
        moved.Note.ShouldBe(destination + ".note");
        moved.IngestedTo.ShouldBe(17);
        File.Exists(path).ShouldBeFalse();
        File.Exists(destination).ShouldBeTrue();
        File.GetUnixFileMode(Path.Combine(directory.Path, "quarantine")).ShouldBe(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.GetUnixFileMode(moved.Note).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.ReadAllLines(moved.Note).ShouldBe(
        [
            $"error: {problem.Message}",
            $"detail: {problem.Detail}",
            $"hint: {problem.Hint}",
            $"spool_file: {path}",
            "session: 1-1",
            "file_type: regular file",
            "offset: 17",
            "frame: 3",
            "ingested_to: 17",
            "quarantined_at: 2026-12-07T00:30:15.123456Z",
        ]);
        moved.Problem.Message.ShouldBe(problem.Message);
        moved.Problem.Hint.ShouldBe(problem.Hint + $" The file was moved to \"{destination}\", with what happened in "
            + $"\"{destination}.note\".");
    }

    [Fact]
    public void Moves_a_named_pipe_without_opening_it_and_says_so_in_the_note()
    {
        var path = NamedPipe.Create(Path.Combine(directory.Path, "2-2.tlspool"));
        var problem = SpoolException.NotARegularFile(path, "a named pipe (FIFO)");

        var moved = new SpoolQuarantine("quarantine", new FixedTime(Now)).Move(path, problem, 0).ShouldNotBeNull();

        File.Exists(path).ShouldBeFalse();
        RegularFileKind(moved.Destination).ShouldBe("a named pipe (FIFO)");
        File.ReadAllLines(moved.Note).ShouldContain("file_type: a named pipe (FIFO)");
        File.ReadAllLines(moved.Note).ShouldContain("ingested_to: 0");
    }

    [Fact]
    public void Keeps_an_earlier_quarantined_file_of_the_same_name()
    {
        var quarantine = new SpoolQuarantine("quarantine", new FixedTime(Now));
        var first = quarantine.Move(CorruptFile("1-1", out var problem), problem, 17).ShouldNotBeNull();

        var second = quarantine.Move(CorruptFile("1-1", out problem), problem, 17).ShouldNotBeNull();

        second.Destination.ShouldBe(first.Destination + ".2");
        second.Note.ShouldBe(first.Destination + ".2.note");
        File.Exists(first.Destination).ShouldBeTrue();
        File.Exists(first.Note).ShouldBeTrue();
    }

    [Fact]
    public void Takes_an_absolute_directory_as_it_is_and_a_relative_one_inside_the_spool_directory()
    {
        var elsewhere = Path.Combine(directory.Path, "elsewhere");
        var spool = Directory.CreateDirectory(Path.Combine(directory.Path, "spool")).FullName;

        new SpoolQuarantine(elsewhere, TimeProvider.System).DirectoryFor(spool).ShouldBe(elsewhere);
        new SpoolQuarantine("damaged/files", TimeProvider.System).DirectoryFor(spool).ShouldBe(Path.Combine(spool, "damaged", "files"));
    }

    [Fact]
    public void Refuses_to_use_the_spool_directory_itself()
    {
        var path = CorruptFile("1-1", out var problem);

        var e = Should.Throw<SpoolException>(() => new SpoolQuarantine(".", TimeProvider.System).Move(path, problem, 17));

        e.Message.ShouldBe($"could not move spool file \"{path}\" to quarantine directory \"{directory.Path}\"");
        e.Detail.ShouldBe("The quarantine directory is the spool directory itself.");
        File.Exists(path).ShouldBeTrue();
    }

    [Fact]
    public void Reports_a_directory_it_cannot_create_and_leaves_the_file_in_place()
    {
        var path = CorruptFile("1-1", out var problem);
        var blocker = Path.Combine(directory.Path, "not-a-directory");
        File.WriteAllText(blocker, "a file where the quarantine directory should go");

        var e = Should.Throw<SpoolException>(() =>
            new SpoolQuarantine(Path.Combine(blocker, "quarantine"), TimeProvider.System).Move(path, problem, 17));

        e.Message.ShouldStartWith($"could not move spool file \"{path}\" to quarantine directory");
        e.IsFileDamaged.ShouldBeFalse();
        File.Exists(path).ShouldBeTrue();
    }

    [Fact]
    public void Returns_null_when_another_recorder_moved_the_file_first()
    {
        var path = CorruptFile("1-1", out var problem);
        File.Delete(path);

        new SpoolQuarantine("quarantine", TimeProvider.System).Move(path, problem, 17).ShouldBeNull();
        Directory.GetFiles(Path.Combine(directory.Path, "quarantine")).ShouldBeEmpty();
    }

    private string CorruptFile(string sessionId, out SpoolException problem)
    {
        var header = TestSpool.Header();
        var bad = TestSpool.Block(SampleFrames.Statements(3, 1));
        bad[^1] ^= 0x01;
        var path = TestSpool.Write(directory.Path, sessionId, header, bad);
        problem = Should.Throw<SpoolException>(() => new SpoolFileReader(path).ReadBlocks(17, 2, null).ToList());
        return path;
    }

    private static string? RegularFileKind(string path) => RegularFile.DescribeIfNotRegular(path);
}
