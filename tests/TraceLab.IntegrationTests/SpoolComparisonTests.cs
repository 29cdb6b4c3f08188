using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;
using TraceLab.IntegrationTests.Support;
using TraceLab.Recorder.Hosting;
using TraceLab.Recorder.Spool;

namespace TraceLab.IntegrationTests;

/// <summary>The frame-by-frame comparison that <see cref="RecorderKillTests"/> rests on can fail: it reports a missing,
/// an extra, a changed and a duplicated event. The store is written by the real Recorder only (a spool file whose
/// blocks repeat makes it store duplicates), so the check does not depend on how the store keeps its rows.</summary>
public sealed class SpoolComparisonTests(TestCluster cluster)
{
    private static readonly string Golden = Path.Combine(CheckoutRoot.Path, "tests", "TraceLab.Recorder.Tests", "Golden");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_store_matches_the_files_it_was_recorded_from_and_every_missing_extra_changed_or_duplicated_event_is_reported()
    {
        // Given an event store of its own (a database on the test cluster) and spool files recorded into it
        var database = "it_compare_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        await cluster.AdminAsync($"CREATE DATABASE {database}", Ct);
        await cluster.AdminAsync($"ALTER DATABASE {database} SET tracelab.enabled = off", Ct);
        var recorded = Directory.CreateTempSubdirectory("tracelab-compare-recorded-").FullName;
        var later = Directory.CreateTempSubdirectory("tracelab-compare-later-").FullName;
        var compared = Directory.CreateTempSubdirectory("tracelab-compare-files-").FullName;
        try
        {
            var store = new NpgsqlConnectionStringBuilder(cluster.EventStore) { Database = database }.ConnectionString;
            await using (var recorder = await RecorderHost.StartAsync(o => o.EventStoreConnectionString = store, l => l.ClearProviders(), Ct))
            {
                Copy("attack-view", recorded, "101-1");
                Copy("attack-trigger", recorded, "102-1");
                (await recorder.Ingestor.IngestOnceAsync(recorded, Ct)).Errors.ShouldBeEmpty();

                // Then the store matches them exactly
                var same = await SpoolComparison.CompareAsync(recorded, recorder.Sessions, Ct);
                same.Problems.ShouldBeEmpty();
                same.Files.ShouldBe(2);
                same.Frames.ShouldBeGreaterThan(0);
                same.StoredEvents.ShouldBe(same.Frames);

                // When a session is stored twice over and another with other content than the file compared with it
                WriteRepeated("benign", Path.Combine(later, "103-1" + SpoolFileReader.FileExtension));
                Copy("attack-view", later, "104-1");
                (await recorder.Ingestor.IngestOnceAsync(later, Ct)).Errors.ShouldBeEmpty();

                // And the files compared lack a recorded session and hold one that was never recorded
                Copy("attack-view", compared, "101-1");
                Copy("benign", compared, "103-1");
                Copy("benign", compared, "104-1");
                Copy("benign", compared, "105-1");
                var problems = (await SpoolComparison.CompareAsync(compared, recorder.Sessions, Ct)).Problems;
                TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", problems));

                // Then each difference is reported, and the session that matches is not
                problems.ShouldContain(p => p.StartsWith("stream \"102-1\" is listed as a session", StringComparison.Ordinal));
                problems.ShouldContain(p => p.StartsWith("session 103-1: ", StringComparison.Ordinal)
                    && p.Contains("seqs are stored more than once", StringComparison.Ordinal));
                problems.ShouldContain(p => p.StartsWith("session 104-1: event 0 of the stream differs", StringComparison.Ordinal));
                problems.ShouldContain(p => p.StartsWith("session 105-1: not listed", StringComparison.Ordinal));
                problems.ShouldContain(p => p.StartsWith("session 105-1: ", StringComparison.Ordinal)
                    && p.Contains("frames of the file are missing from the stream", StringComparison.Ordinal));
                problems.ShouldNotContain(p => p.Contains("101-1", StringComparison.Ordinal));
                Should.Throw<Xunit.Sdk.FailException>(() =>
                    new SpoolComparisonResult(4, 1, 1, problems).ShouldMatchExactly("context"));
            }
        }
        finally
        {
            await cluster.AdminAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", Ct);
            foreach (var directory in new[] { recorded, later, compared })
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static void Copy(string golden, string directory, string sessionId) =>
        File.Copy(Path.Combine(Golden, golden + SpoolFileReader.FileExtension),
            Path.Combine(directory, sessionId + SpoolFileReader.FileExtension));

    /// <summary>Writes a golden file with its blocks twice: every checksum holds, but every seq comes twice.</summary>
    private static void WriteRepeated(string golden, string path)
    {
        var source = Path.Combine(Golden, golden + SpoolFileReader.FileExtension);
        var blocks = new SpoolFileReader(source).ReadBlocks().ToList();
        var bytes = File.ReadAllBytes(source);
        var (first, end) = ((int)blocks[0].Offset, (int)blocks[^1].EndOffset);
        File.WriteAllBytes(path, [.. bytes[..end], .. bytes[first..end]]);
    }
}
