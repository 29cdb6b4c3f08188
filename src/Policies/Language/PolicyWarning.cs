namespace TraceLab.Policies.Language;

/// <summary>Something in a policy file that works but should be written otherwise, such as an old spelling.</summary>
/// <param name="File">The file as given.</param>
/// <param name="Line">1-based line of the node.</param>
/// <param name="Column">1-based column of the node.</param>
/// <param name="Message">What is wrong, lower case, without trailing period: <c>"generated-column" is an old
/// spelling</c>.</param>
/// <param name="Detail">A complete sentence saying why it matters.</param>
/// <param name="Hint">A complete sentence saying what to write instead.</param>
public sealed record PolicyWarning(string File, int Line, int Column, string Message, string Detail, string Hint)
{
    /// <summary>The DETAIL line: where the warning is, then why it matters.</summary>
    public string Describe() => $"\"{File}\", line {Line}, column {Column}: {Detail}";
}
