namespace TraceLab.Policies.Permissive;

/// <summary>Blocks nothing.</summary>
/// <remarks>
/// The baseline column of every comparison, in the spirit of sepgsql's permissive mode: the same trace replayed under
/// it shows what actually ran, so the difference to any other policy is exactly what that policy would change.
/// </remarks>
internal sealed class PermissivePolicy : IPolicy
{
    /// <summary>The name the policy is registered under.</summary>
    public const string PolicyName = "permissive";

    public string Name => PolicyName;

    public string Description => "Blocks nothing; the baseline that shows what ran.";

    public Verdict Evaluate(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return Verdict.Allow();
    }
}
