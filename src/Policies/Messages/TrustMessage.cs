using TraceLab.Policies.Evaluation;
using TraceLab.Policies.Language;
using TraceLab.Policies.Model;

namespace TraceLab.Policies.Messages;

/// <summary>The text of a blocking or warning verdict, rendered from the operation and the cached decision when a
/// report first reads it.</summary>
/// <remarks>
/// The primary message of a block is Haas's: <c>user "mallory" may not induce user "alice" to execute "ALTER ROLE"</c>,
/// or for a function call <c>… to execute function mallory.f_evil(integer)</c>. A warning states what it warns about,
/// since the operation ran: <c>user "mallory" induces user "alice" to execute "ALTER ROLE"</c> ("may not" would read as
/// a refusal that never happened). A rule's <c>message</c> replaces either, with
/// <c>{executor}</c>, <c>{culprit}</c> and <c>{command}</c> filled in (role names unquoted, the command as the standard
/// message words it). The DETAIL walks the chain (<see cref="ChainWalk"/>), the HINT says how to trust the culprit or
/// avoid it (<see cref="TrustHint"/>). An operation no rule matched, under a policy whose default blocks or warns, says
/// so instead.
/// </remarks>
internal sealed class TrustMessage(CompiledPolicy policy, CompiledRule? rule, Operation operation, int culprit, Decision decision)
    : VerdictText
{
    public override (string Message, string? Detail, string? Hint) Render()
    {
        var executor = operation.Executor;
        var command = Command(operation);
        if (rule is null || culprit < 0)
        {
            return (
                decision == Decision.Warned
                    ? $"policy \"{policy.Name}\" warns about {executor.Mention} executing {command}"
                    : $"policy \"{policy.Name}\" does not allow {executor.Mention} to execute {command}",
                rule is null
                    ? $"No rule of the policy matches the operation, and its default is {Vocabulary.NameOf(Vocabulary.Defaults, policy.Definition.Default)}."
                    : $"Rule \"{rule.Definition.Name}\" matched the operation.",
                rule is null ? "Add a rule that decides such operations, or change the policy's default." : null);
        }

        var owner = operation.Chain[culprit].Owner;
        var message = rule.Definition.Message is { } template
            ? template.Replace("{executor}", executor.DisplayName, StringComparison.Ordinal)
                .Replace("{culprit}", owner.DisplayName, StringComparison.Ordinal)
                .Replace("{command}", command, StringComparison.Ordinal)
            : decision == Decision.Warned
                ? $"{owner.Mention} induces {executor.Mention} to execute {command}"
                : $"{owner.Mention} may not induce {executor.Mention} to execute {command}";
        var untrusted = UntrustedOwners.Find(policy, rule, operation, culprit);
        return (message, ChainWalk.Describe(operation, culprit), TrustHint.Describe(operation, culprit, untrusted));
    }

    /// <summary><c>"ALTER ROLE"</c>, or <c>function mallory.f(integer)</c> for a function call.</summary>
    private static string Command(Operation operation) =>
        operation.Kind == OperationKind.FunctionCall && operation.Entry.Kind == ChainEntryKind.Function
            ? $"function {operation.Entry.ObjectName}"
            : $"\"{operation.Command}\"";
}
