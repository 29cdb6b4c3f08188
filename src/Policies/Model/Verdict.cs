namespace TraceLab.Policies.Model;

/// <summary>A policy's decision about one operation, with the error or warning it would have raised.</summary>
/// <remarks>
/// <para>
/// A blocking or warning verdict carries the report PostgreSQL would print, split the way ereport splits it (and Npgsql's
/// <c>PostgresException</c> keeps it): a short primary <see cref="Message"/> without trailing period, a
/// <see cref="Detail"/> and a <see cref="Hint"/> that are complete sentences. <see cref="CulpritIndex"/> points into
/// <see cref="Operation.Chain"/> so renderers can highlight the entry the policy objected to.
/// </para>
/// <para>
/// Policies written in the policy language render their text lazily, on the first read of <see cref="Message"/>,
/// <see cref="Detail"/> or <see cref="Hint"/>: a replay that only counts decisions never builds a sentence. Two
/// verdicts are equal when their decision, culprit, rule and text are.
/// </para>
/// </remarks>
public sealed record Verdict
{
    private static readonly Verdict AllowedVerdict = new(Decision.Allowed, null, null, null);

    private readonly VerdictText? lazyText;
    private Text? text;

    private Verdict(Decision decision, Text? text, int? culpritIndex, string? rule, VerdictText? lazyText = null)
    {
        Decision = decision;
        this.text = text;
        CulpritIndex = culpritIndex;
        Rule = rule;
        this.lazyText = lazyText;
    }

    /// <summary>Allowed, blocked or warned.</summary>
    public Decision Decision { get; }

    /// <summary>The primary error message (PostgreSQL's errmsg); <c>null</c> when allowed.</summary>
    public string? Message => Rendered?.Message;

    /// <summary>The DETAIL sentence(s); <c>null</c> when allowed or when there is nothing to add.</summary>
    public string? Detail => Rendered?.Detail;

    /// <summary>The HINT sentence(s); <c>null</c> when allowed or when there is no advice.</summary>
    public string? Hint => Rendered?.Hint;

    /// <summary>Index in <see cref="Operation.Chain"/> of the entry that caused the block, if the policy names one.</summary>
    public int? CulpritIndex { get; }

    /// <summary>The name of the rule that decided, for policies written in the policy language; <c>null</c> for an
    /// allowed operation and for a verdict given by the policy's default.</summary>
    public string? Rule { get; }

    /// <summary>Whether the policy would have refused the operation.</summary>
    public bool IsBlocked => Decision == Decision.Blocked;

    /// <summary>Whether the policy would have let the operation run with a warning.</summary>
    public bool IsWarned => Decision == Decision.Warned;

    private Text? Rendered
    {
        get
        {
            if (text is null && lazyText is not null)
            {
                var (message, detail, hint) = lazyText.Render();
                Interlocked.CompareExchange(ref text, new Text(message, detail, hint), null);
            }

            return text;
        }
    }

    /// <summary>The operation may run.</summary>
    public static Verdict Allow() => AllowedVerdict;

    /// <summary>The operation would have failed with the given report.</summary>
    /// <exception cref="ArgumentException"><paramref name="message"/> is empty, or <paramref name="culpritIndex"/> is negative.</exception>
    /// <param name="rule">The rule that decided (<see cref="Rule"/>), when the verdict is restored from a stored one.</param>
    public static Verdict Block(string message, string? detail = null, string? hint = null, int? culpritIndex = null, string? rule = null) =>
        Create(Decision.Blocked, message, detail, hint, culpritIndex, rule);

    /// <summary>The operation would have run with the given warning.</summary>
    /// <exception cref="ArgumentException"><paramref name="message"/> is empty, or <paramref name="culpritIndex"/> is negative.</exception>
    /// <param name="rule">The rule that decided (<see cref="Rule"/>), when the verdict is restored from a stored one.</param>
    public static Verdict Warn(string message, string? detail = null, string? hint = null, int? culpritIndex = null, string? rule = null) =>
        Create(Decision.Warned, message, detail, hint, culpritIndex, rule);

    /// <summary>A blocking or warning verdict whose text <paramref name="lazy"/> renders when first read.</summary>
    internal static Verdict Deferred(Decision decision, int? culpritIndex, string? rule, VerdictText lazy) =>
        decision == Decision.Allowed ? AllowedVerdict : new Verdict(decision, null, culpritIndex, rule, lazy);

    /// <inheritdoc/>
    public bool Equals(Verdict? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (Decision == other.Decision && CulpritIndex == other.CulpritIndex && Rule == other.Rule
                && Message == other.Message && Detail == other.Detail && Hint == other.Hint));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Decision, CulpritIndex, Rule, Message);

    private static Verdict Create(Decision decision, string message, string? detail, string? hint, int? culpritIndex, string? rule)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        if (culpritIndex < 0)
        {
            throw new ArgumentException("The culprit index cannot be negative.", nameof(culpritIndex));
        }

        return new Verdict(decision, new Text(message, detail, hint), culpritIndex, rule);
    }

    private sealed record Text(string Message, string? Detail, string? Hint);
}

/// <summary>Renders the text of a deferred verdict.</summary>
internal abstract class VerdictText
{
    public abstract (string Message, string? Detail, string? Hint) Render();
}
