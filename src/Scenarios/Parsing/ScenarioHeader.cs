using TraceLab.Scenarios.Format;

namespace TraceLab.Scenarios.Parsing;

/// <summary>The YAML header of a scenario file, read and checked.</summary>
internal sealed record ScenarioHeader(
    string Title,
    string Pattern,
    string Description,
    IReadOnlyList<RoleDeclaration> Roles,
    RealityCheck? Reality,
    IReadOnlyList<PolicyExpectation> Expectations)
{
    /// <summary>The header's <c>protected_by</c>, or <c>null</c>.</summary>
    public string? ProtectedBy { get; init; }
}
