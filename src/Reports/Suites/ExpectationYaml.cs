using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Matching;

namespace TraceLab.Reports.Suites;

/// <summary>What a policy actually did, written as the <c>expect:</c> member a scenario header would state it with, so
/// a reviewed outcome can be pasted into the file.</summary>
internal static class ExpectationYaml
{
    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create(",:{}[]#&*!|>'\"%@`");

    /// <summary>The lines of <c>POLICY: …</c>, indented for a header's <c>expect:</c>.</summary>
    public static IEnumerable<string> Of(string policy, ObservedOutcome actual)
    {
        if (actual.Blocked.Count == 0 && actual.Warned.Count == 0)
        {
            yield return $"  {Scalar(policy)}: allowed";
            yield break;
        }

        yield return $"  {Scalar(policy)}:";
        foreach (var (label, operations) in new[] { ("blocked", actual.Blocked), ("warned", actual.Warned) })
        {
            if (operations.Count == 0)
            {
                continue;
            }

            yield return $"    {label}:";
            foreach (var operation in SuiteText.Sorted(operations))
            {
                yield return $"      - command: {Scalar(operation.Command)}";
                if (operation.Culprit is { } culprit)
                {
                    yield return $"        culprit: {{kind: {Scalar(culprit.Kind)}, object: {Scalar(culprit.ObjectName)}, owner: {Scalar(culprit.Owner)}}}";
                }
            }
        }
    }

    /// <summary><paramref name="value"/> as a YAML scalar that reads back as itself inside a flow mapping: plain when it
    /// can be, else double-quoted.</summary>
    public static string Scalar(string value)
    {
        var plain = value.Length > 0
                    && value.Trim() == value
                    && value.AsSpan().IndexOfAny(Special) < 0
                    && value is not ("true" or "false" or "null" or "~" or "allowed")
                    && !char.IsDigit(value[0])
                    && value[0] != '-';
        return plain ? value : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }
}
