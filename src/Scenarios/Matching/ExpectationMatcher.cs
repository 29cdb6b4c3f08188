using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Results;

namespace TraceLab.Scenarios.Matching;

/// <summary>Compares what a policy did with what the scenario expects of it: the blocked sets must be equal, and the
/// warned sets must be equal.</summary>
public static class ExpectationMatcher
{
    /// <summary>The matrix cell: the expected outcome when it matches, <see cref="MatrixCell.Mismatch"/> when not,
    /// <see cref="MatrixCell.Unjudged"/> when the scenario states no expectation for the policy.</summary>
    public static MatrixCell Judge(PolicyExpectation? expected, ObservedOutcome actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (expected is null)
        {
            return MatrixCell.Unjudged;
        }

        if (!expected.Blocked.SetEquals(actual.Blocked) || !expected.Warned.SetEquals(actual.Warned))
        {
            return MatrixCell.Mismatch;
        }

        return actual.Blocked.Count > 0 ? MatrixCell.Blocked
            : actual.Warned.Count > 0 ? MatrixCell.Warned
            : MatrixCell.Allowed;
    }
}
