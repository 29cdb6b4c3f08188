using System.Globalization;
using TraceLab.Policies.Model;

namespace TraceLab.Policies.Suggesting;

/// <summary>Where a recorded operation ran: its session, the seq of the frame that started it, and its command.</summary>
/// <param name="SessionId">The recorded session.</param>
/// <param name="Seq">Seq of the frame that started the operation.</param>
/// <param name="Command">The command tag; for a function call <c>EXECUTE FUNCTION</c> and the function.</param>
public sealed record OperationOccurrence(string SessionId, long Seq, string Command)
{
    /// <summary>The occurrence of <paramref name="operation"/>.</summary>
    public static OperationOccurrence Of(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var command = operation.Kind == OperationKind.FunctionCall && operation.Entry.Kind == ChainEntryKind.Function
            ? $"{operation.Command} {operation.Entry.ObjectName}"
            : operation.Command;
        return new OperationOccurrence(operation.SessionId, operation.Seq, command);
    }

    /// <summary><c>session 4242-…, seq 17 (ALTER ROLE)</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"session {SessionId}, seq {Seq} ({Command})");
}
