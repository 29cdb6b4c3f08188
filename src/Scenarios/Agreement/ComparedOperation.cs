namespace TraceLab.Scenarios.Agreement;

/// <summary>An operation as the agreement check compares it across two runs of a scenario: its command and its chain,
/// in the header's role names, with nothing that differs from run to run (oids, seqs, pids, the run's prefix).</summary>
public sealed record ComparedOperation(string Command, IReadOnlyList<ChainLink> Chain)
{
    private string? key;

    /// <summary>What two runs' operations must share to be the same operation: the command and every link.</summary>
    public string Key => key ??= Command + " :: " + string.Join(" > ", Chain);

    /// <summary>The operation's own entry, the last of its chain; <c>null</c> for an operation only the probe's decision
    /// names (no chain).</summary>
    public ChainLink? Entry => Chain.Count > 0 ? Chain[^1] : null;

    public override string ToString() => Key;
}
