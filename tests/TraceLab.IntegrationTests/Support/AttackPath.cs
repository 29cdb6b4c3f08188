namespace TraceLab.IntegrationTests.Support;

/// <summary>One way a less privileged role's code can come to run a privileged command with a victim's rights.</summary>
/// <param name="Name">The path, as the issue names it.</param>
/// <param name="Victim">The lab role whose session runs <paramref name="Statements"/>: alice (a superuser) or bob.</param>
/// <param name="Kind">The chain entry kind (JSON) through which the attacker's code enters.</param>
/// <param name="Setup">Run as <c>{owner}</c>: the role owning the path's objects (mallory in the attack, the victim
/// itself in the trusted variant). <c>{payload}</c> is the privileged command the payload function runs.</param>
/// <param name="Statements">What the victim runs, each a separate statement of one session.</param>
/// <param name="AdminSetup">Run as the bootstrap superuser after <paramref name="Setup"/> (event triggers).</param>
/// <param name="Phase">When set, the entry of <paramref name="Kind"/> must have this phase.</param>
public sealed record AttackPath(
    string Name,
    string Victim,
    string Kind,
    string Setup,
    string[] Statements,
    string? AdminSetup = null,
    string? Phase = null)
{
    /// <summary>The privileged command the payload runs: what a superuser may do, or what bob may do to his schema.</summary>
    public string Payload => Victim == "alice" ? "ALTER ROLE {mallory} SUPERUSER" : "GRANT ALL ON SCHEMA {bob} TO {mallory}";

    /// <summary>The command tag of <see cref="Payload"/>.</summary>
    public string PayloadCommand => Victim == "alice" ? "ALTER ROLE" : "GRANT";

    public override string ToString() => Name;
}
