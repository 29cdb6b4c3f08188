using System.Globalization;

namespace TraceLab.Policies.Language;

/// <summary>One problem in a policy file, where it is and what was expected.</summary>
/// <param name="File">The file as given (a path, or <c>catalog:NAME</c>).</param>
/// <param name="Line">1-based line of the offending node; 0 when the problem concerns the whole file.</param>
/// <param name="Column">1-based column of the offending node; 0 when the problem concerns the whole file.</param>
/// <param name="Message">What is wrong, lower case, without trailing period: <c>unrecognized key "oprations" in a rule;
/// expected one of: name, operations, …</c>.</param>
/// <param name="Hint">A complete sentence saying what to do (<c>Did you mean "operations"?</c>), or <c>null</c>.</param>
public sealed record PolicyError(string File, int Line, int Column, string Message, string? Hint = null)
{
    /// <summary>The error as a DETAIL sentence: <c>Line 7, column 5: unrecognized key "oprations" in a rule; expected
    /// one of: name, operations, ….</c></summary>
    public string Describe() => Line == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Capitalized(Message)}.")
        : string.Create(CultureInfo.InvariantCulture, $"Line {Line}, column {Column}: {Message}.");

    /// <inheritdoc/>
    public override string ToString() => $"{File}: {Describe()}";

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
