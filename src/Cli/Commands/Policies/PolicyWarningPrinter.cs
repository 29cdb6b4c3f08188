using TraceLab.Errors;
using TraceLab.Policies.Language;

namespace TraceLab.Cli.Commands.Policies;

/// <summary>Prints a warning about a policy file on standard error, in the voice of errors:
/// <c>warning:</c>, <c>detail:</c>, <c>hint:</c>.</summary>
/// <remarks>Printed by <c>policies check</c> and by every command taking <c>--policy FILE</c>, before it runs, so the
/// warning is seen where the file is used and not only where it is checked.</remarks>
internal static class PolicyWarningPrinter
{
    public static void Print(PolicyWarning warning)
    {
        ArgumentNullException.ThrowIfNull(warning);
        ErrorPrinter.Write(Console.Error, ErrorSeverity.Warning, warning.Message, warning.Describe(), warning.Hint);
    }
}
