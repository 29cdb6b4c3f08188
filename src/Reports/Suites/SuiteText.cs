using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Matching;
using TraceLab.Scenarios.Results;

namespace TraceLab.Reports.Suites;

/// <summary>The words every suite format shares: a cell, what a policy actually did, and the differences of a
/// mismatch.</summary>
internal static class SuiteText
{
    /// <summary>What the policy did in one word: <c>blocked</c>, <c>warned</c> or <c>allowed</c>.</summary>
    public static string ActualWord(ObservedOutcome actual) =>
        actual.Blocked.Count > 0 ? MatrixCellNames.Of(MatrixCell.Blocked)
        : actual.Warned.Count > 0 ? MatrixCellNames.Of(MatrixCell.Warned)
        : MatrixCellNames.Of(MatrixCell.Allowed);

    /// <summary>The cell as text: the cell's name, and for an unjudged policy what it did, in parentheses.</summary>
    public static string Cell(PolicyResult result) =>
        result.Cell == MatrixCell.Unjudged ? $"({ActualWord(result.Actual)})" : MatrixCellNames.Of(result.Cell);

    /// <summary>The operations of a set in a stable order.</summary>
    public static IEnumerable<OperationKey> Sorted(IEnumerable<OperationKey> operations) =>
        operations.OrderBy(o => o.ToString(), StringComparer.Ordinal);

    /// <summary>The lines that explain a mismatch: per list, what was expected and not seen, and seen but not
    /// expected.</summary>
    public static IEnumerable<string> Differences(PolicyResult result)
    {
        var expected = result.Expected;
        if (expected is null)
        {
            yield break;
        }

        foreach (var (label, wanted, got) in new[]
                 {
                     ("blocked", expected.Blocked, result.Actual.Blocked),
                     ("warned", expected.Warned, result.Actual.Warned),
                 })
        {
            foreach (var missing in Sorted(wanted.Except(got)))
            {
                yield return $"expected {label}, not {label}: {missing}";
            }

            foreach (var extra in Sorted(got.Except(wanted)))
            {
                yield return $"{label}, not expected: {extra}";
            }
        }
    }

    /// <summary><c>could not run at step alice (line 30)</c>.</summary>
    public static string CouldNotRunHeading(ScenarioResult result) =>
        result.Error?.Where is { } where ? $"could not run at {where}" : "could not run";

    /// <summary>The error's lines as psql printed them, or built from its parts when psql printed none.</summary>
    public static IReadOnlyList<string> ErrorLines(ScenarioError error)
    {
        if (error.Output.Count > 0)
        {
            return error.Output;
        }

        var lines = new List<string> { $"ERROR:  {error.Message}" };
        if (error.Detail is { Length: > 0 } detail)
        {
            lines.Add($"DETAIL:  {detail}");
        }

        if (error.Hint is { Length: > 0 } hint)
        {
            lines.Add($"HINT:  {hint}");
        }

        return lines;
    }
}
