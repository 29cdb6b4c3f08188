using System.Diagnostics;
using System.Security.Cryptography;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary><c>tracelab record --once</c>, the real command, on a spool directory holding a named pipe and a damaged
/// file next to good ones: it ends at once, quarantines both, ingests the rest and exits with status 5.</summary>
public sealed class RecordQuarantineTests(TestCluster cluster)
{
    private static readonly string Golden = Path.Combine(CheckoutRoot.Path, "tests", "TraceLab.Recorder.Tests", "Golden");

    [Fact]
    public async Task Record_once_quarantines_a_named_pipe_and_a_corrupt_file_and_exits_with_status_5()
    {
        var spool = Directory.CreateTempSubdirectory("tracelab-cli-quarantine-");
        var stamp = RandomNumberGenerator.GetInt32(1_000_000, int.MaxValue);
        try
        {
            // Given a named pipe, a file with a flipped byte in its last block and a good file
            var pipe = Path.Combine(spool.FullName, $"{stamp}-1.tlspool");
            using (var mkfifo = Process.Start("mkfifo", [pipe]))
            {
                await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
                mkfifo.ExitCode.ShouldBe(0);
            }

            var corrupt = Path.Combine(spool.FullName, $"{stamp}-2.tlspool");
            var bytes = await File.ReadAllBytesAsync(Path.Combine(Golden, "benign.tlspool"), TestContext.Current.CancellationToken);
            bytes[^2] ^= 0x20;
            await File.WriteAllBytesAsync(corrupt, bytes, TestContext.Current.CancellationToken);
            File.Copy(Path.Combine(Golden, "attack-view.tlspool"), Path.Combine(spool.FullName, $"{stamp}-3.tlspool"));
            var store = new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.EventStore };

            // When it is recorded twice
            var first = await CliProcess.RunAsync(store, "record", "--once", "--spool", spool.FullName)
                .WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
            var second = await CliProcess.RunAsync(store, "record", "--once", "--spool", spool.FullName);

            // Then the first run reports both files once, moves them and says so in its exit status
            first.ExitCode.ShouldBe(5, first.Output + first.Error);
            first.Output.ShouldContain("of 3 spool files");
            first.Error.ShouldContain($"error: file \"{pipe}\" is not a regular file");
            first.Error.ShouldContain($"in spool file \"{corrupt}\"");
            first.Error.ShouldNotContain("   at ");
            var quarantine = Path.Combine(spool.FullName, "quarantine");
            Directory.GetFiles(quarantine).Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(
            [
                $"{stamp}-1.tlspool", $"{stamp}-1.tlspool.note", $"{stamp}-2.tlspool", $"{stamp}-2.tlspool.note",
            ]);

            // And the second run finds only the good file, already ingested
            second.ExitCode.ShouldBe(0, second.Output + second.Error);
            second.Output.ShouldContain("ingested 0 events from 0 of 1 spool files");

            // And sessions shows the damaged file's session as quarantined, in JSON and in the table
            var json = await CliProcess.RunAsync(store, "sessions", "--format", "json");
            var table = await CliProcess.RunAsync(store, "sessions");
            json.ExitCode.ShouldBe(0, json.Error);
            using var listed = System.Text.Json.JsonDocument.Parse(json.Output);
            var states = listed.RootElement.GetProperty("sessions").EnumerateArray()
                .ToDictionary(r => r.GetProperty("session").GetString()!, r => r.GetProperty("state").GetString());
            states[$"{stamp}-2"].ShouldBe("quarantined");
            states[$"{stamp}-3"].ShouldBe("ended");
            table.Output.Split('\n').Single(l => l.Contains($"{stamp}-2", StringComparison.Ordinal)).ShouldContain("quarantined");
        }
        finally
        {
            spool.Delete(recursive: true);
        }
    }
}
