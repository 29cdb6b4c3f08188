using System.Globalization;
using System.Text.Json;
using TraceLab.Events;
using TraceLab.Recorder.Spool;
using TraceLab.Store;

namespace TraceLab.IntegrationTests.Support;

/// <summary>Compares an event store with the spool files it was recorded from, frame by frame: every frame of every
/// file is stored exactly once, in order, with the same seq, type and content, and nothing else is stored.</summary>
/// <remarks>
/// <para>Only public reading APIs are used (<see cref="SpoolFileReader"/> on one side,
/// <see cref="RecordedSessionReader"/> on the other), so the comparison holds whatever way the store keeps its rows.
/// Content is compared as System.Text.Json text of each side's record with its runtime type: the event records hold
/// lists, for which record equality would compare references.</para>
/// <para>The spool files must no longer grow (their sessions have ended). A session the Recorder marked as ended
/// abnormally carries one event more than its file (the Recorder's own <c>SessionEnded</c>): this comparison reports
/// it as an extra event, so use it where no server restarted.</para>
/// </remarks>
internal static class SpoolComparison
{
    private const int ShownPerProblem = 5;

    /// <summary>Compares every <c>*.tlspool</c> file of <paramref name="spoolDirectory"/> with the stored sessions.</summary>
    public static async Task<SpoolComparisonResult> CompareAsync(
        string spoolDirectory, RecordedSessionReader sessions, CancellationToken ct)
    {
        var files = Directory.GetFiles(spoolDirectory, "*" + SpoolFileReader.FileExtension).Order(StringComparer.Ordinal).ToList();
        var listed = (await sessions.ListSessionsAsync(ct)).ToDictionary(s => s.SessionId, StringComparer.Ordinal);
        var problems = new List<string>();
        long frames = 0;
        long stored = 0;

        var ids = files.Select(SpoolFileReader.SessionIdOf).ToHashSet(StringComparer.Ordinal);
        foreach (var extra in listed.Keys.Where(k => !ids.Contains(k)).Order(StringComparer.Ordinal))
        {
            problems.Add($"stream \"{extra}\" is listed as a session ({listed[extra].EventCount} events) but no spool file has that name"
                + (extra.StartsWith("mt_", StringComparison.Ordinal) ? " (a Marten bookkeeping stream)" : ""));
        }

        foreach (var file in files)
        {
            var id = SpoolFileReader.SessionIdOf(file);
            var session = await CompareFileAsync(file, sessions, ct);
            frames += session.Frames;
            stored += session.Stored;
            problems.AddRange(session.Problems.Select(p => $"session {id}: {p}"));
            if (!listed.TryGetValue(id, out var summary))
            {
                if (session.Frames > 0)
                {
                    problems.Add($"session {id}: not listed by ListSessionsAsync although its file holds {session.Frames} frames");
                }
            }
            else if (summary.EventCount != session.Stored)
            {
                problems.Add($"session {id}: listed with {summary.EventCount} events, but its stream holds {session.Stored}");
            }
        }

        return new SpoolComparisonResult(files.Count, frames, stored, problems);
    }

    private static async Task<(long Frames, long Stored, List<string> Problems)> CompareFileAsync(
        string file, RecordedSessionReader sessions, CancellationToken ct)
    {
        var problems = new List<string>();
        var expectedSeqs = new List<long>();
        var storedSeqs = new List<long>();
        var differences = 0;
        using var expected = new SpoolFileReader(file).ReadBlocks().SelectMany(b => b.Events).GetEnumerator();
        await using var actual = sessions.ReadEventsAsync(SpoolFileReader.SessionIdOf(file), ct).GetAsyncEnumerator(ct);
        while (true)
        {
            var haveExpected = expected.MoveNext();
            var haveActual = await actual.MoveNextAsync();
            if (!haveExpected && !haveActual)
            {
                break;
            }

            if (haveExpected)
            {
                expectedSeqs.Add(expected.Current.Frame.Seq);
            }

            if (haveActual)
            {
                storedSeqs.Add(actual.Current.Frame.Seq);
            }

            if (haveExpected && haveActual)
            {
                var (want, got) = (Json(expected.Current), Json(actual.Current));
                if (want != got && differences++ < ShownPerProblem)
                {
                    problems.Add($"event {storedSeqs.Count - 1} of the stream differs from frame {expectedSeqs.Count - 1} of the file:"
                        + $"\n    file:   {want}\n    stored: {got}");
                }
            }
        }

        if (differences > ShownPerProblem)
        {
            problems.Add($"{differences} events in all differ from the frame at their position");
        }

        if (storedSeqs.Count != expectedSeqs.Count)
        {
            problems.Add($"the file holds {expectedSeqs.Count} frames, the stream {storedSeqs.Count} events");
        }

        Describe(problems, "frames of the file are missing from the stream", expectedSeqs.Except(storedSeqs).ToList());
        Describe(problems, "stored events have no frame in the file", storedSeqs.Except(expectedSeqs).ToList());
        Describe(problems, "seqs are stored more than once",
            [.. storedSeqs.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key)]);
        var backwards = storedSeqs.Zip(storedSeqs.Skip(1)).Count(p => p.Second <= p.First);
        if (backwards > 0)
        {
            problems.Add($"the stream's seq goes back or repeats at {backwards} places");
        }

        return (expectedSeqs.Count, storedSeqs.Count, problems);
    }

    private static void Describe(List<string> problems, string what, List<long> seqs)
    {
        if (seqs.Count > 0)
        {
            var shown = string.Join(", ", seqs.Take(ShownPerProblem).Select(s => s.ToString(CultureInfo.InvariantCulture)));
            problems.Add($"{seqs.Count} {what} (seq {shown}{(seqs.Count > ShownPerProblem ? ", …" : "")})");
        }
    }

    /// <summary>The event's type name and its JSON, so that two events of different types never compare equal.</summary>
    private static string Json(IRecordedFrame frame) => frame.GetType().Name + " " + JsonSerializer.Serialize(frame, frame.GetType());
}

/// <summary>What <see cref="SpoolComparison.CompareAsync"/> found.</summary>
/// <param name="Files">The spool files compared.</param>
/// <param name="Frames">Their frames, in all.</param>
/// <param name="StoredEvents">The events stored for them, in all.</param>
/// <param name="Problems">Every difference, one sentence each; empty when the store matches the files exactly.</param>
internal sealed record SpoolComparisonResult(int Files, long Frames, long StoredEvents, IReadOnlyList<string> Problems)
{
    /// <summary>Asserts that the store matches the files exactly; <paramref name="context"/> (the seed, the kills) is
    /// part of the failure message, so a failure can be replayed.</summary>
    public void ShouldMatchExactly(string context)
    {
        if (Problems.Count > 0)
        {
            Assert.Fail($"The event store does not match the spool files ({Files} files, {Frames} frames, {StoredEvents} "
                + $"events stored); {context}\n- " + string.Join("\n- ", Problems.Take(40))
                + (Problems.Count > 40 ? $"\n… and {Problems.Count - 40} more" : ""));
        }
    }
}
