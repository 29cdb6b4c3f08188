namespace TraceLab.Scenarios.Agreement;

/// <summary>One entry of a compared operation's chain as the JSON report names it (kind, object, owner, phase), in the
/// header's role names.</summary>
/// <param name="Candidate">The entry is one of several possible explanations.</param>
/// <param name="Inlined">The entry is a call the planner inlined.</param>
/// <param name="StatementText">The object is a statement's text (reports quote it and cut it short).</param>
public sealed record ChainLink(
    string Kind, string ObjectName, string Owner, string Phase, bool Candidate = false, bool Inlined = false, bool StatementText = false)
{
    /// <summary><c>trigger trg_orders on mallory.t_orders (mallory, execution)</c>; candidates and inlined calls are
    /// marked after the owner, as every text report marks them.</summary>
    public override string ToString() =>
        $"{Kind} {ObjectName} ({Owner}{(Candidate ? ", candidate" : "")}{(Inlined ? ", inlined" : "")}, {Phase})";
}
