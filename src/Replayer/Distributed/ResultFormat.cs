namespace TraceLab.Replayer.Distributed;

/// <summary>The constants of the result format (DISTRIBUTED.md): its version and the length of each array.</summary>
internal static class ResultFormat
{
    /// <summary>The first byte of every encoded result; a reader refuses any other.</summary>
    /// <remarks>Raised whenever what is written changes: a result of another version is replayed again rather than
    /// misread (results live only as long as a distributed replay).</remarks>
    public const byte Version = 2;

    public const int OperationFields = 13;
    public const int EntryFields = 12;
    public const int FactsFields = 8;
    public const int VerdictFields = 9;
    public const int SwitchFields = 3;
    public const int CopyFields = 3;
}
