using TraceLab.Replayer;

namespace TraceLab.Scenarios.Agreement;

/// <summary>Lines up one session's predicted operations with the enforced run's, in order, and compares each.</summary>
/// <remarks>
/// <para>Both runs ran the same steps, so the enforced run's operations are the predicted ones minus those an ERROR kept
/// from starting, plus whatever the replay did not foresee. The alignment is the weighted longest common subsequence over
/// <see cref="ComparedOperation.Key"/>: pairing an operation predicted to start (allowed, warned, blocked) outweighs
/// pairing one predicted not to (not_reached, aborted), and a pair whose outcomes agree outweighs one whose outcomes
/// differ, so a statement run twice never takes the place of the one a block skipped. Unpaired predicted operations are
/// absent from the enforced run; unpaired enforced operations were not predicted.</para>
/// <para>Operations past a handler point (<c>handler_would_run</c> predicted, <c>handler_ran</c> enforced) are left out
/// of the alignment and counted. Above <see cref="MaxCells"/> pairs (a session of thousands of operations) the
/// alignment falls back to pairing, in order, each operation predicted to start with the next enforced one of the same
/// key.</para>
/// </remarks>
public static class SessionAlignment
{
    /// <summary>The largest predicted × enforced product aligned exactly.</summary>
    public const long MaxCells = 16_000_000;

    private const int AgreeingPair = 4;
    private const int DifferingPair = 3;
    private const int UnexpectedPair = 1;

    /// <summary>Compares <paramref name="predicted"/> with <paramref name="enforced"/>, both in the order they ran.</summary>
    public static SessionComparison Align(string session, IReadOnlyList<PredictedOperation> predicted, IReadOnlyList<EnforcedOperation> enforced)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(enforced);
        var left = predicted.Where(p => p.Outcome != Outcome.HandlerWouldRun).ToList();
        var right = enforced.Where(e => e.Outcome != EnforcedOutcome.HandlerRan).ToList();
        var pairs = (long)left.Count * right.Count <= MaxCells ? Exact(left, right) : Greedy(left, right);
        var comparisons = new List<OperationComparison>(left.Count + right.Count);
        int i = 0, j = 0;
        foreach (var (pi, pj) in pairs.Append((left.Count, right.Count)))
        {
            for (; i < pi; i++)
            {
                comparisons.Add(new OperationComparison(session, left[i].Operation, left[i].Outcome, EnforcedOutcome.Absent,
                    PredictedMessage: left[i].Message)
                {
                    Enclosing = EnclosingFailureOf(left[i].Operation, comparisons),
                });
            }

            for (; j < pj; j++)
            {
                comparisons.Add(Compare(session, null, right[j]));
            }

            if (pi < left.Count && pj < right.Count)
            {
                comparisons.Add(Compare(session, left[pi], right[pj]));
                i = pi + 1;
                j = pj + 1;
            }
        }

        return new SessionComparison(comparisons,
            predicted.Count(p => p.Outcome == Outcome.HandlerWouldRun),
            enforced.Count(e => e.Outcome == EnforcedOutcome.HandlerRan));
    }

    /// <summary>The comparison of an enforced operation with its predicted one (<c>null</c>: none).</summary>
    public static OperationComparison Compare(string session, PredictedOperation? predicted, EnforcedOperation enforced)
    {
        ArgumentNullException.ThrowIfNull(enforced);
        return new OperationComparison(session, enforced.Operation, predicted?.Outcome, enforced.Outcome,
            predicted?.Message, enforced.Message, enforced.Consequence)
        {
            FailedWith = enforced.FailedWith,
        };
    }

    /// <summary>The nearest operation compared so far that ran in the enforced run, is on <paramref name="absent"/>'s
    /// chain (its chain a proper prefix of the absent one's) and failed there.</summary>
    private static EnclosingFailure? EnclosingFailureOf(ComparedOperation absent, List<OperationComparison> earlier)
    {
        for (var k = earlier.Count - 1; k >= 0; k--)
        {
            var candidate = earlier[k];
            if (candidate.Actual != EnforcedOutcome.Absent && IsProperPrefix(candidate.Operation.Chain, absent.Chain))
            {
                return candidate.FailedWith is { } sqlState ? new EnclosingFailure(candidate.Operation.Command, sqlState) : null;
            }
        }

        return null;
    }

    private static bool IsProperPrefix(IReadOnlyList<ChainLink> prefix, IReadOnlyList<ChainLink> chain) =>
        prefix.Count > 0 && prefix.Count < chain.Count && prefix.Select((link, k) => link == chain[k]).All(same => same);

    private static int Weight(PredictedOperation predicted, EnforcedOperation enforced) =>
        predicted.Operation.Key != enforced.Operation.Key ? 0
        : !predicted.ExpectedPresent ? UnexpectedPair
        : AgreementRule.Agrees(predicted.Outcome, enforced.Outcome) ? AgreeingPair
        : DifferingPair;

    /// <summary>The pairs (predicted index, enforced index) of the heaviest common subsequence, in order.</summary>
    private static List<(int, int)> Exact(List<PredictedOperation> left, List<EnforcedOperation> right)
    {
        int n = left.Count, m = right.Count;
        var score = new int[(n + 1) * (m + 1)];
        var width = m + 1;
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                var best = Math.Max(score[((i + 1) * width) + j], score[(i * width) + j + 1]);
                var weight = Weight(left[i], right[j]);
                if (weight > 0)
                {
                    best = Math.Max(best, score[((i + 1) * width) + j + 1] + weight);
                }

                score[(i * width) + j] = best;
            }
        }

        var pairs = new List<(int, int)>();
        for (int i = 0, j = 0; i < n && j < m;)
        {
            var weight = Weight(left[i], right[j]);
            if (weight > 0 && score[(i * width) + j] == score[((i + 1) * width) + j + 1] + weight)
            {
                pairs.Add((i++, j++));
            }
            else if (score[((i + 1) * width) + j] >= score[(i * width) + j + 1])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return pairs;
    }

    private static List<(int, int)> Greedy(List<PredictedOperation> left, List<EnforcedOperation> right)
    {
        var pairs = new List<(int, int)>();
        var next = 0;
        for (var i = 0; i < left.Count && next < right.Count; i++)
        {
            if (!left[i].ExpectedPresent)
            {
                continue;
            }

            var key = left[i].Operation.Key;
            var j = right.FindIndex(next, e => e.Operation.Key == key);
            if (j >= 0)
            {
                pairs.Add((i, j));
                next = j + 1;
            }
        }

        return pairs;
    }
}
