namespace TraceLab.Policies;

/// <summary>A policy's decision about one operation, with the error it would have raised.</summary>
/// <remarks>
/// A blocking verdict carries the report PostgreSQL would print, split the way ereport splits it (and Npgsql's
/// <c>PostgresException</c> keeps it): a short primary <see cref="Message"/> without trailing period, a
/// <see cref="Detail"/> and a <see cref="Hint"/> that are complete sentences. <see cref="CulpritIndex"/> points into
/// <see cref="Operation.Chain"/> so renderers can highlight the entry the policy objected to.
/// </remarks>
public sealed record Verdict
{
    private static readonly Verdict AllowedVerdict = new(Decision.Allowed, null, null, null, null);

    private Verdict(Decision decision, string? message, string? detail, string? hint, int? culpritIndex)
    {
        Decision = decision;
        Message = message;
        Detail = detail;
        Hint = hint;
        CulpritIndex = culpritIndex;
    }

    /// <summary>Allowed or blocked.</summary>
    public Decision Decision { get; }

    /// <summary>The primary error message (PostgreSQL's errmsg); <c>null</c> when allowed.</summary>
    public string? Message { get; }

    /// <summary>The DETAIL sentence(s); <c>null</c> when allowed or when there is nothing to add.</summary>
    public string? Detail { get; }

    /// <summary>The HINT sentence(s); <c>null</c> when allowed or when there is no advice.</summary>
    public string? Hint { get; }

    /// <summary>Index in <see cref="Operation.Chain"/> of the entry that caused the block, if the policy names one.</summary>
    public int? CulpritIndex { get; }

    /// <summary>Whether the policy would have refused the operation.</summary>
    public bool IsBlocked => Decision == Decision.Blocked;

    /// <summary>The operation may run.</summary>
    public static Verdict Allow() => AllowedVerdict;

    /// <summary>The operation would have failed with the given report.</summary>
    /// <exception cref="ArgumentException"><paramref name="message"/> is empty, or <paramref name="culpritIndex"/> is negative.</exception>
    public static Verdict Block(string message, string? detail = null, string? hint = null, int? culpritIndex = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        if (culpritIndex < 0)
        {
            throw new ArgumentException("The culprit index cannot be negative.", nameof(culpritIndex));
        }

        return new Verdict(Decision.Blocked, message, detail, hint, culpritIndex);
    }
}
