using TraceLab.Errors;

namespace TraceLab.Policies.Language;

/// <summary>A policy file that cannot be used, with every problem found in it.</summary>
/// <remarks>
/// A <see cref="TraceLabException"/>, so the CLI prints it like every other TraceLab error:
/// <code>
/// error: invalid policy file "mine.yaml"
/// detail: Line 7, column 5: unrecognized key "oprations" in a rule; expected one of: name, operations, ….
/// hint: Did you mean "operations"?
/// </code>
/// With several problems the detail has one line per problem, in file order, and the hint one line per hint.
/// </remarks>
public sealed class PolicyFileException : TraceLabException
{
    private PolicyFileException(
        string file, IReadOnlyList<PolicyError> errors, string message, string? detail, string? hint, Exception? cause = null)
        : base(message, detail, hint, cause)
    {
        File = file;
        Errors = errors;
    }

    /// <summary>The file as given.</summary>
    public string File { get; }

    /// <summary>Every problem, in file order; never empty.</summary>
    public IReadOnlyList<PolicyError> Errors { get; }

    /// <summary>The file <paramref name="file"/> has the problems <paramref name="errors"/>.</summary>
    public static PolicyFileException Invalid(string file, IReadOnlyList<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("An invalid policy file has at least one error.", nameof(errors));
        }

        var hints = errors.Select(e => e.Hint).OfType<string>().Distinct().ToList();
        return new PolicyFileException(
            file,
            errors,
            $"invalid policy file \"{file}\"",
            string.Join('\n', errors.Select(e => e.Describe())),
            hints.Count == 0 ? null : string.Join('\n', hints));
    }

    /// <summary>The file <paramref name="path"/> could not be read.</summary>
    public static PolicyFileException Unreadable(string path, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        var error = new PolicyError(path, 0, 0, $"could not read the file: {cause.Message.TrimEnd('.')}");
        return new PolicyFileException(
            path, [error], $"could not read policy file \"{path}\"", error.Describe(), "Check the path and its permissions.", cause);
    }

    /// <summary>The file <paramref name="path"/> was read but cannot be a policy file at all (not a regular file, too
    /// large, not UTF-8): one problem concerning the whole file.</summary>
    public static PolicyFileException Unusable(string path, string message, string detail, string hint)
    {
        var error = new PolicyError(path, 0, 0, detail.TrimEnd('.'), hint);
        return new PolicyFileException(path, [error], message, detail, hint);
    }
}
