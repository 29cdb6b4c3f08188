using TraceLab.Errors;

namespace TraceLab.Policies.Compiled;

/// <summary>Bytes that are not a compiled policy this build can read: damaged, truncated, or of another version.</summary>
/// <remarks>The <see cref="Reason"/> is the sentence the probe's loader gives for the same bytes (POLICY_FORMAT.md,
/// "Rejection"), so a file refused by one is refused by the other for the same stated reason.</remarks>
public sealed class PolicyFormatException : TraceLabException
{
    private PolicyFormatException(string file, string reason)
        : base($"invalid compiled policy \"{file}\"", Capitalized(reason), "Compile the policy again with \"tracelab policies compile\".")
    {
        File = file;
        Reason = reason;
    }

    /// <summary>The file (or other source) as given.</summary>
    public string File { get; }

    /// <summary>Why the bytes were refused, lower case and without a period, as the probe words it.</summary>
    public string Reason { get; }

    /// <summary>The bytes of <paramref name="file"/> were refused because of <paramref name="reason"/>.</summary>
    public static PolicyFormatException Invalid(string file, string reason) => new(file, reason);

    private static string Capitalized(string reason) =>
        reason.Length == 0 ? "No reason was given." : char.ToUpperInvariant(reason[0]) + reason[1..] + ".";
}
