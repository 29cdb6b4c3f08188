using TraceLab.Events;
using TraceLab.Recorder.Spool;

namespace TraceLab.Recorder.Tests.Spool;

/// <summary>The spool files in <c>Golden/</c>, written by the real probe, decode completely under FORMAT.md.</summary>
public sealed class GoldenSpoolFileTests
{
    private static readonly string GoldenDirectory = Path.Combine(AppContext.BaseDirectory, "Golden");

    [Fact]
    public void Reads_every_golden_spool_file_completely()
    {
        var files = Directory.Exists(GoldenDirectory)
            ? Directory.GetFiles(GoldenDirectory, "*" + SpoolFileReader.FileExtension, SearchOption.AllDirectories)
            : [];
        if (files.Length == 0)
        {
            Assert.Skip("No golden spool files yet: the probe's tests put them in tests/TraceLab.Recorder.Tests/Golden/.");
        }

        foreach (var file in files)
        {
            var blocks = new SpoolFileReader(file).ReadBlocks().ToList();
            var events = blocks.SelectMany(b => b.Events).ToList();

            blocks.ShouldNotBeEmpty(file);
            blocks[^1].EndOffset.ShouldBe(new FileInfo(file).Length, $"{file} ends in a torn block");
            blocks.Sum(b => b.SkippedFrames).ShouldBe(0, $"{file} has frames of types this Recorder does not know");
            events[0].ShouldBeOfType<SessionStarted>(file).FormatVersion.ShouldBe(SpoolFileReader.FormatVersion);
            events.Select(e => e.Frame.Seq).ShouldBeInOrder(SortDirection.Ascending, file);
            events.Select(e => e.Frame.Seq).Distinct().Count().ShouldBe(events.Count, $"{file} repeats a seq");
        }
    }
}
