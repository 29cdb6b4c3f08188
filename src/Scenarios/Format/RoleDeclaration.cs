namespace TraceLab.Scenarios.Format;

/// <summary>A role of a scenario's header, with the attributes the runner creates it with.</summary>
/// <param name="Name">The name the scenario's SQL and expectations use; the runner prefixes it per run.</param>
public sealed record RoleDeclaration(string Name)
{
    /// <summary>LOGIN (default true).</summary>
    public bool Login { get; init; } = true;

    public bool Superuser { get; init; }

    public bool CreateDb { get; init; }

    public bool CreateRole { get; init; }

    public bool BypassRls { get; init; }

    /// <summary>INHERIT (default true).</summary>
    public bool Inherit { get; init; } = true;

    public IReadOnlyList<string> MemberOf { get; init; } = [];
}
