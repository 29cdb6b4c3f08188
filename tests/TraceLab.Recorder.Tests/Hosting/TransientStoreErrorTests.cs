using System.Net.Sockets;
using Npgsql;
using TraceLab.Events;
using TraceLab.Recorder.Hosting;
using TraceLab.Recorder.Tests.Support;

namespace TraceLab.Recorder.Tests.Hosting;

/// <summary>Wolverine's retries with cooldown for a store that goes away for a moment, instead of a loop of our own.</summary>
public sealed class TransientStoreErrorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Retries_lost_connections_but_neither_cancellations_nor_errors_that_would_come_again()
    {
        TransientStoreErrors.Matches(new NpgsqlException("lost", new SocketException())).ShouldBeTrue();
        TransientStoreErrors.Matches(new InvalidOperationException("wrapped", new TimeoutException())).ShouldBeTrue();
        TransientStoreErrors.Matches(new NpgsqlException("stopped", new OperationCanceledException())).ShouldBeFalse();
        TransientStoreErrors.Matches(new OperationCanceledException()).ShouldBeFalse();
        TransientStoreErrors.Matches(new InvalidOperationException("a bug")).ShouldBeFalse();
        TransientStoreErrors.Matches(new InvalidOperationException("session unusable", Terminated())).ShouldBeTrue();
        TransientStoreErrors.Matches(new PostgresException("relation does not exist", "ERROR", "ERROR", "42P01")).ShouldBeFalse();
    }

    /// <summary>What pg_terminate_backend makes a query of the terminated connection throw.</summary>
    private static PostgresException Terminated() =>
        new("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown);

    [Fact]
    public async Task Ingest_once_goes_through_its_store_connections_being_terminated_and_appends_every_frame_once()
    {
        // Given a session of many small batches
        await using var lab = await RecorderLab.StartAsync(maxEventsPerBatch: 10);
        List<IRecordedFrame> frames = [.. SampleFrames.SessionStart(), .. Enumerable.Range(0, 400).SelectMany(i => SampleFrames.Statements(3 + (3 * i), 1))];
        TestSpool.Write(lab.SpoolDirectory, "1-1", [TestSpool.Header(), .. frames.Chunk(10).Select(c => TestSpool.Block(c))]);

        // When the store drops the Recorder's connections again and again while it ingests
        var ingest = lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);
        var terminated = 0;
        await using (var admin = new NpgsqlConnection(TestDatabase.ConnectionString))
        {
            await admin.OpenAsync(Ct);
            // For a moment (at most 20 connections in 1.5 s): a store that stays away longer than the cooldowns is
            // meant to fail record --once, and on a loaded machine 20 kills could otherwise take longer than that.
            var until = TimeProvider.System.GetTimestamp() + TimeProvider.System.TimestampFrequency * 3 / 2;
            while (!ingest.IsCompleted && terminated < 20 && TimeProvider.System.GetTimestamp() < until)
            {
                await using var kill = new NpgsqlCommand(
                    "select count(pg_terminate_backend(pid)) from pg_stat_activity where pid <> pg_backend_pid() and query like $1",
                    admin);
                kill.Parameters.AddWithValue($"%{lab.SchemaName}.%");
                terminated += Convert.ToInt32(await kill.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
                await Task.Delay(100, Ct);
            }
        }

        var summary = await ingest;

        // Then it waited for the store instead of failing, and every frame is there once
        terminated.ShouldBeGreaterThan(0, "no connection was terminated: the test proved nothing");
        summary.Errors.ShouldBeEmpty();
        (await lab.Sessions.ReadEventsAsync("1-1", Ct).ToListAsync(Ct)).Select(e => e.Frame.Seq)
            .ShouldBe(frames.Select(f => f.Frame.Seq));
    }
}
