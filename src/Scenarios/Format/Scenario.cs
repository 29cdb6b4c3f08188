namespace TraceLab.Scenarios.Format;

/// <summary>One scenario file, parsed: its header and its SQL sections in file order.</summary>
/// <param name="Id">The file stem, lower-case kebab-case, unique across a catalogue.</param>
/// <param name="Path">The file, as given.</param>
/// <param name="Expectations">One per policy the header's <c>expect</c> names, in file order.</param>
public sealed record Scenario(
    string Id,
    string Path,
    ScenarioKind Kind,
    string Title,
    string Pattern,
    string Description,
    IReadOnlyList<RoleDeclaration> Roles,
    RealityCheck? Reality,
    IReadOnlyList<PolicyExpectation> Expectations,
    IReadOnlyList<ScenarioSection> Sections)
{
    /// <summary>What in PostgreSQL already stops this attack (<c>protected_by</c> in the header: a security-restricted
    /// operation, …), or <c>null</c>. Such a scenario puts the chain on record; a policy that lets it through has missed
    /// nothing, so it counts apart from the attacks a policy catches or misses.</summary>
    public string? ProtectedBy { get; init; }

    /// <summary>The expectation for <paramref name="policy"/> (names match without regard to case, as policy names
    /// do), or <c>null</c> when the scenario states none.</summary>
    public PolicyExpectation? ExpectationFor(string policy) =>
        Expectations.FirstOrDefault(e => string.Equals(e.Policy, policy, StringComparison.OrdinalIgnoreCase));
}
