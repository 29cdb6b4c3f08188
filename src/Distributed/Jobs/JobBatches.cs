namespace TraceLab.Distributed.Jobs;

/// <summary>Cuts a run's sessions into jobs: each large session alone, small ones together in report order, so that a
/// run of thousands of tiny sessions does not cost a message, an inbox row and a round trip each.</summary>
public static class JobBatches
{
    /// <summary>Events a batch of small sessions may hold.</summary>
    /// <value>20,000: a fraction of a second of replay, short enough that a lost worker costs little.</value>
    public const long EventsPerBatch = 20_000;

    /// <summary>Sessions a batch may hold, whatever their size.</summary>
    public const int SessionsPerBatch = 64;

    /// <summary>Jobs a run of small sessions is cut into at least, when it has as many sessions: enough to keep a
    /// handful of workers busy rather than hand the whole run to the first.</summary>
    public const int MinimumJobs = 16;

    /// <summary>The sessions (id and event count, when known) cut into batches, in their order.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cut(IEnumerable<(string SessionId, long? EventCount)> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var list = sessions.ToList();
        var perBatch = Math.Clamp((list.Count + MinimumJobs - 1) / MinimumJobs, 1, SessionsPerBatch);
        var batches = new List<IReadOnlyList<string>>();
        var current = new List<string>();
        long events = 0;
        foreach (var (sessionId, eventCount) in list)
        {
            // A session of unknown size is taken for a large one.
            var size = eventCount ?? EventsPerBatch;
            if (current.Count > 0 && (events + size > EventsPerBatch || current.Count == perBatch))
            {
                batches.Add(current);
                current = [];
                events = 0;
            }

            current.Add(sessionId);
            events += size;
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }
}
