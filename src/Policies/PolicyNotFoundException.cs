using TraceLab.Errors;

namespace TraceLab.Policies;

/// <summary>A policy name that no catalog knows.</summary>
/// <remarks>A <see cref="TraceLabException"/>, so the CLI prints it like every other TraceLab error.</remarks>
public sealed class PolicyNotFoundException : TraceLabException
{
    private PolicyNotFoundException(string message, string? detail, string? hint)
        : base(message, detail, hint)
    {
    }

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
