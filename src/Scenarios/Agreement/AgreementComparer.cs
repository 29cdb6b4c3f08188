namespace TraceLab.Scenarios.Agreement;

/// <summary>Compares the sessions of a scenario's unenforced run, with the replay's outcomes under a policy, with the
/// sessions of its run under that policy enforced.</summary>
/// <remarks>
/// <para>Step sessions are paired by the file's name for them (<c>alice session=2</c>), the n-th with the n-th where a
/// name comes back after a disconnect, and aligned operation by operation (<see cref="SessionAlignment"/>). A session
/// with no partner has all its operations absent on the other side.</para>
/// <para>Background sessions (autovacuum and parallel workers) are not tied to a step: the server decides how many start
/// and when (autovacuum retries an ANALYZE that failed at every naptime; a parallel plan may get fewer workers). Per
/// backend type, each predicted one is paired with the enforced one that agrees with it most, in start order; an
/// enforced one left over that repeats a paired one operation for operation (same keys, same outcomes) is a repeat,
/// counted and not compared; any other left over is compared as a session with no partner. Background sessions with no
/// operation are ignored on both sides.</para>
/// </remarks>
public static class AgreementComparer
{
    /// <summary>Compares <paramref name="predicted"/> with <paramref name="enforced"/>, both in start order.</summary>
    public static AgreementTally Compare(
        IReadOnlyList<RecordedRunSession<PredictedOperation>> predicted,
        IReadOnlyList<RecordedRunSession<EnforcedOperation>> enforced)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(enforced);
        var sessions = new List<SessionComparison>();
        var repeats = 0;
        foreach (var (label, p, e) in PairSteps(predicted.Where(s => !s.Background).ToList(), enforced.Where(s => !s.Background).ToList()))
        {
            sessions.Add(SessionAlignment.Align(label, p?.Operations ?? [], e?.Operations ?? []));
        }

        var types = predicted.Where(s => s.Background).Select(s => s.Label)
            .Concat(enforced.Where(s => s.Background).Select(s => s.Label))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        foreach (var type in types)
        {
            var (compared, repeated) = CompareBackground(type,
                predicted.Where(s => s.Background && s.Label == type && s.Operations.Count > 0).ToList(),
                enforced.Where(s => s.Background && s.Label == type && s.Operations.Count > 0).ToList());
            sessions.AddRange(compared);
            repeats += repeated;
        }

        return new AgreementTally(
            [.. sessions.SelectMany(s => s.Comparisons)],
            sessions.Sum(s => s.HandlerWouldRun),
            sessions.Sum(s => s.HandlerRan),
            repeats);
    }

    /// <summary>Step sessions paired by name, the n-th of a name with the n-th; then the leftovers of either side.</summary>
    private static IEnumerable<(string Label, RecordedRunSession<PredictedOperation>?, RecordedRunSession<EnforcedOperation>?)> PairSteps(
        List<RecordedRunSession<PredictedOperation>> predicted, List<RecordedRunSession<EnforcedOperation>> enforced)
    {
        var used = new bool[enforced.Count];
        foreach (var p in predicted)
        {
            var j = Enumerable.Range(0, enforced.Count).FirstOrDefault(j => !used[j] && enforced[j].Label == p.Label, -1);
            if (j >= 0)
            {
                used[j] = true;
            }

            yield return (p.Label, p, j >= 0 ? enforced[j] : null);
        }

        for (var j = 0; j < enforced.Count; j++)
        {
            if (!used[j])
            {
                yield return (enforced[j].Label, null, enforced[j]);
            }
        }
    }

    private static (List<SessionComparison> Compared, int Repeats) CompareBackground(
        string type, List<RecordedRunSession<PredictedOperation>> predicted, List<RecordedRunSession<EnforcedOperation>> enforced)
    {
        var compared = new List<SessionComparison>();
        var partners = new List<RecordedRunSession<EnforcedOperation>>();
        var left = new List<RecordedRunSession<EnforcedOperation>>(enforced);
        foreach (var p in predicted)
        {
            var best = left
                .Select(e => (Session: e, Comparison: SessionAlignment.Align(type, p.Operations, e.Operations)))
                .OrderByDescending(c => c.Comparison.Agreed)
                .FirstOrDefault();
            if (best.Session is null)
            {
                compared.Add(SessionAlignment.Align(type, p.Operations, []));
                continue;
            }

            left.Remove(best.Session);
            partners.Add(best.Session);
            compared.Add(best.Comparison);
        }

        var repeats = 0;
        foreach (var e in left)
        {
            if (partners.Any(partner => Repeats(partner, e)))
            {
                repeats++;
            }
            else
            {
                compared.Add(SessionAlignment.Align(type, [], e.Operations));
            }
        }

        return (compared, repeats);
    }

    private static bool Repeats(RecordedRunSession<EnforcedOperation> first, RecordedRunSession<EnforcedOperation> again) =>
        first.Operations.Count == again.Operations.Count
        && first.Operations.Zip(again.Operations).All(z => z.First.Operation.Key == z.Second.Operation.Key && z.First.Outcome == z.Second.Outcome);
}
