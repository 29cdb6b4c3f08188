using TraceLab.Policies.Evaluation;

namespace TraceLab.Policies.Language;

/// <summary>Reads, checks and compiles policy files (LANGUAGE.md).</summary>
/// <remarks>
/// Reading never touches anything but the text given (and, for <see cref="Load"/>, the one file); compiling turns a
/// <see cref="PolicyDefinition"/> into an immutable <see cref="IPolicy"/> whose evaluation is pure and cached by chain
/// shape. Every problem of a file is reported at once, each with its line and column.
/// </remarks>
public static class PolicyFile
{
    /// <summary>Every problem in <paramref name="text"/>; empty when it is a valid policy file.</summary>
    /// <param name="text">The file's contents.</param>
    /// <param name="file">The file's name as messages should show it.</param>
    public static IReadOnlyList<PolicyError> Check(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        return PolicyReader.Read(text, file).Errors;
    }

    /// <summary>The definition written in <paramref name="text"/>.</summary>
    /// <exception cref="PolicyFileException">The text is not a valid policy file.</exception>
    public static PolicyDefinition Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        var (definition, errors) = PolicyReader.Read(text, file);
        return definition ?? throw PolicyFileException.Invalid(file, errors);
    }

    /// <summary>The policy written in <paramref name="text"/>, compiled.</summary>
    /// <exception cref="PolicyFileException">The text is not a valid policy file.</exception>
    public static IPolicy Compile(string text, string file) => Compile(Parse(text, file));

    /// <summary>Compiles a definition into a policy.</summary>
    public static IPolicy Compile(PolicyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new CompiledPolicy(definition);
    }

    /// <summary>Reads and compiles the policy file at <paramref name="path"/>.</summary>
    /// <exception cref="PolicyFileException">The file cannot be read or is not a valid policy file.</exception>
    public static IPolicy Load(string path) => Compile(ParseFile(path));

    /// <summary>The definition in the policy file at <paramref name="path"/>, read once (its text is
    /// <see cref="PolicyDefinition.Source"/>, so a caller that shows the file never reads it a second time).</summary>
    /// <exception cref="PolicyFileException">The file cannot be read or is not a valid policy file.</exception>
    public static PolicyDefinition ParseFile(string path) => Parse(Read(path), path);

    /// <summary>Every problem of the file at <paramref name="path"/>, including one that it cannot be read.</summary>
    public static IReadOnlyList<PolicyError> CheckFile(string path)
    {
        try
        {
            return Check(Read(path), path);
        }
        catch (PolicyFileException e)
        {
            return e.Errors;
        }
    }

    private static string Read(string path) => PolicyFileText.Read(path);
}
