namespace TraceLab.Policies;

/// <summary>A policy name that no catalog knows.</summary>
/// <remarks>Keeps message, detail and hint apart like Npgsql's <c>PostgresException</c>, so the CLI prints it in the
/// same voice as every other TraceLab error.</remarks>
public sealed class PolicyNotFoundException : Exception
{
    private PolicyNotFoundException(string message, string? detail, string? hint)
        : base(message)
    {
        Detail = detail;
        Hint = hint;
    }

    /// <summary>A complete sentence with facts about the failure, if any.</summary>
    public string? Detail { get; }

    /// <summary>A complete sentence saying what to do, if anything.</summary>
    public string? Hint { get; }

    /// <summary>No policy is called <paramref name="name"/>.</summary>
    public static PolicyNotFoundException Unrecognized(string name, IEnumerable<string> available)
    {
        ArgumentNullException.ThrowIfNull(available);
        var names = string.Join(", ", available.Select(n => $"\"{n}\""));
        return new PolicyNotFoundException(
            $"unrecognized policy \"{name}\"",
            null,
            $"Available policies are {names}.");
    }
}
