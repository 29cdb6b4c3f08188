using System.Globalization;
using TraceLab.Errors;
using TraceLab.Policies.Model;
using TraceLab.Policies.Suggesting;

namespace TraceLab.Cli.Commands.Policies;

/// <summary>Prints, as an error, recorded operations that no trust addition lets through the base policy, so a
/// suggestion that cannot cover the traffic says so instead of leaving it to a later replay.</summary>
internal static class UnallowedReport
{
    public static void Print(UnallowedOperation unallowed, string policy)
    {
        ArgumentNullException.ThrowIfNull(unallowed);
        var operation = unallowed.Operation;
        var verb = unallowed.Decision == Decision.Warned ? "warns about" : "blocks";
        var first = operation.Examples[0];
        var what = $"\"{first.Command}\"";
        var others = operation.Count > 1
            ? string.Create(CultureInfo.InvariantCulture, $" and {operation.Count - 1} more recorded operations judged alike")
            : "";
        var (message, detail, hint) = unallowed.Reason switch
        {
            UnallowedReason.Default => (
                $"policy \"{policy}\" {verb} {what} by its default, which no trust addition changes",
                $"No rule matches the operation at {first}{others}, so \"default\" decides; trust is never asked.",
                "Add a rule that guards this operation, or change the policy's \"default\"."),
            UnallowedReason.MissingFrame => (
                $"policy \"{policy}\" {verb} {what} in a chain the recording does not complete",
                $"Rule \"{unallowed.Rule}\" flags the operation at {first}{others}: the chain lacks frame {unallowed.Culprit?.Seq}, whose owner is unknown.",
                "Record the session again without dropped frames."),
            _ => (
                $"policy \"{policy}\" {verb} {what} because of a role the recording does not describe",
                $"Rule \"{unallowed.Rule}\" flags the operation at {first}{others}: {unallowed.Culprit?.ObjectName} is owned by "
                + $"{unallowed.Culprit?.Owner.Quoted}, which has no name to trust, and no kind of infrastructure covers it.",
                "Record the session again so that its roles are described: a role the recording does not name cannot be trusted by name."),
        };
        ErrorPrinter.Write(Console.Error, ErrorSeverity.Error, message, detail, hint);
    }
}
