namespace TraceLab.Scenarios.Format;

/// <summary>What an expectation says about one blocked or warned operation, and what the runner compares: the command
/// and the culprit entry (kind, object, owner) as the JSON report prints them, in the header's role names.</summary>
/// <param name="Culprit">The chain entry the policy named as culprit; <c>null</c> when the verdict names none.</param>
public sealed record OperationKey(string Command, CulpritKey? Culprit)
{
    /// <summary><c>ALTER ROLE (trigger tr on mallory.t, owner mallory)</c>.</summary>
    public override string ToString() => Culprit is null ? Command : $"{Command} ({Culprit})";
}

/// <summary>The culprit entry of a verdict: its kind (<c>function</c>, <c>trigger</c>, …), object and owner.</summary>
public sealed record CulpritKey(string Kind, string ObjectName, string Owner)
{
    public override string ToString() => $"{Kind} {ObjectName}, owner {Owner}";
}
