namespace TraceLab.Scenarios.Format;

/// <summary>What an expectation says about one blocked or warned operation, and what the runner compares: the command
/// and the culprit entry (kind, object, owner) as the JSON report prints them, in the header's role names.</summary>
/// <param name="Culprit">The chain entry the policy named as culprit; <c>null</c> when the verdict names none.</param>
public sealed record OperationKey(string Command, CulpritKey? Culprit)
{
    /// <summary>This operation with its culprit's phase left out: what an expectation that does not name a phase
    /// compares.</summary>
    public OperationKey WithoutPhase() => Culprit?.Phase is null ? this : this with { Culprit = Culprit with { Phase = null } };

    /// <summary><c>ALTER ROLE (trigger tr on mallory.t, owner mallory)</c>.</summary>
    public override string ToString() => Culprit is null ? Command : $"{Command} ({Culprit})";
}

/// <summary>The culprit entry of a verdict: its kind (<c>function</c>, <c>trigger</c>, …), object and owner, and the
/// phase that produced it when an expectation names one (<c>planning</c>, <c>commit</c>, …).</summary>
public sealed record CulpritKey(string Kind, string ObjectName, string Owner)
{
    /// <summary>The entry's phase as the JSON report spells it, or <c>null</c> when it is not compared.</summary>
    public string? Phase { get; init; }

    public override string ToString() => Phase is null ? $"{Kind} {ObjectName}, owner {Owner}" : $"{Kind} {ObjectName}, owner {Owner}, phase {Phase}";
}
