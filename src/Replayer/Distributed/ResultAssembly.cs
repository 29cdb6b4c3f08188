using TraceLab.Replayer.Output;
using TraceLab.Replayer.Streaming;

namespace TraceLab.Replayer.Distributed;

/// <summary>Feeds per-session results to a <see cref="ReportAssembly"/> as a single-process replay feeds it the same
/// sessions: <see cref="ReplayEngine.AssembleAsync"/>.</summary>
internal static class ResultAssembly
{
    public static async Task<ReportFooter> AssembleAsync(
        ReportAssembly report,
        IAsyncEnumerable<SessionReplayResult> results,
        IReadOnlyList<string> sessionIds,
        IReadOnlyList<string> policyNames,
        CancellationToken cancellationToken)
    {
        await report.BeginAsync(cancellationToken);
        var index = 0;
        await foreach (var result in results.WithCancellation(cancellationToken))
        {
            ArgumentNullException.ThrowIfNull(result, nameof(results));
            if (index >= sessionIds.Count || result.SessionId != sessionIds[index])
            {
                throw new ArgumentException(
                    index >= sessionIds.Count
                        ? $"More results than the {sessionIds.Count} sessions named."
                        : $"The result for session '{result.SessionId}' came where session '{sessionIds[index]}' was expected.",
                    nameof(results));
            }

            index++;
            report.BeginSession(result.SessionId);
            foreach (var operation in result.Operations)
            {
                ArgumentNullException.ThrowIfNull(operation, nameof(results));
                if (Misfit(operation, result.SessionId, policyNames) is { } problem)
                {
                    throw new ArgumentException(problem, nameof(results));
                }

                var write = report.Add(operation, cancellationToken);
                if (write is not null)
                {
                    await write;
                }
            }

            report.EventsRead(result.EventsRead);
            report.EndSession(result.SessionId, result.Database);
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (index != sessionIds.Count)
        {
            throw new ArgumentException($"Results for {index} of the {sessionIds.Count} sessions named.", nameof(results));
        }

        return await report.EndAsync(cancellationToken);
    }

    /// <summary>What is wrong with an operation the writers would misreport, if anything: one of another session, or one
    /// judged under other policies than the report's (a verdict per policy, in the report's order).</summary>
    private static string? Misfit(ReplayedOperation replayed, string sessionId, IReadOnlyList<string> policyNames)
    {
        if (replayed.Operation.SessionId != sessionId)
        {
            return $"The result for session '{sessionId}' has an operation of session '{replayed.Operation.SessionId}'.";
        }

        var verdicts = replayed.Verdicts;
        var same = verdicts.Count == policyNames.Count;
        for (var i = 0; same && i < verdicts.Count; i++)
        {
            same = verdicts[i].Policy == policyNames[i];
        }

        return same
            ? null
            : $"The result for session '{sessionId}' was replayed under the policies {string.Join(", ", verdicts.Select(v => v.Policy))}, "
              + $"not {string.Join(", ", policyNames)}.";
    }
}
