namespace TraceLab.Replayer.Counterfactual;

/// <summary>Top-level statements that end or repair an aborted transaction, which PostgreSQL still runs after an error.</summary>
/// <remarks>PostgreSQL tags ABORT and ROLLBACK TO SAVEPOINT as <c>ROLLBACK</c>, END as <c>COMMIT</c>; the other spellings
/// are accepted in case a recording carries them.</remarks>
internal static class TransactionControl
{
    public static bool EndsOrRepairs(string commandTag) =>
        commandTag.ToUpperInvariant() is "COMMIT" or "END" or "ROLLBACK" or "ABORT" or "ROLLBACK TO" or "ROLLBACK TO SAVEPOINT"
            or "PREPARE TRANSACTION";
}
