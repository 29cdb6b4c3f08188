namespace TraceLab.Scenarios.Agreement;

/// <summary>The scenario's reality check after the run with the policy enforced, against the same check after the
/// unenforced run.</summary>
/// <param name="Query">The header's <c>reality.query</c>.</param>
/// <param name="Unenforced">Its value after the unenforced run (what stock PostgreSQL did this time).</param>
/// <param name="Enforced">Its value after the enforced run.</param>
/// <param name="ExpectedChange">Whether the value should differ: for an attack PostgreSQL does not already stop, that
/// the replay blocked some operation under the policy (an attack the policy blocks no longer succeeds); <c>null</c>
/// (not judged) for benign scenarios and attacks with <c>protected_by</c>, whose check says nothing about what a block
/// changes.</param>
public sealed record EnforcedReality(string Query, string Unenforced, string Enforced, bool? ExpectedChange)
{
    /// <summary>Whether enforcement changed the value.</summary>
    public bool Changed => !string.Equals(Unenforced, Enforced, StringComparison.Ordinal);

    /// <summary>Whether the change (or its absence) is the expected one; true when not judged.</summary>
    public bool Agrees => ExpectedChange is not { } expected || expected == Changed;
}
