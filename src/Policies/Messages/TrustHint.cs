using System.Text.RegularExpressions;

namespace TraceLab.Policies.Messages;

/// <summary>Writes the HINT of a trust violation: how to trust the culprit's owner in the policy, or which object to
/// avoid as the executing user.</summary>
/// <remarks>
/// <c>Trust "mallory" in the policy (trust: roles: {alice: [mallory]}), or do not use view mallory.v as "alice".</c>
/// The trust part is written in the policy language, ready to paste; when the executing user is a member of the owner
/// it suggests <c>membership: inherited</c> instead, and for type output functions or operator-family members it adds
/// the <c>infrastructure</c> setting that would trust them. An owner the recording never described cannot be named, so
/// only the avoidance is offered.
/// </remarks>
internal static partial class TrustHint
{
    public static string Describe(Operation operation, int culpritIndex)
    {
        var culprit = operation.Chain[culpritIndex];
        var executor = operation.Executor;
        if (culprit.Synthetic)
        {
            return $"The recording lacks frame {culprit.Seq}, so the chain cannot be verified; "
                   + "record the session again without dropped frames.";
        }

        var avoid = Avoid(culprit, culpritIndex, executor.Quoted);
        var owner = culprit.Owner;
        var hint = owner.Name is null
            ? $"{ChainWalk.Capitalized(avoid)}; its owner, {owner.Quoted}, is not described in the recording, so no trust setting can name it."
            : $"{Trust(operation, owner)}, or {avoid}.";
        var infrastructure = Infrastructure(culprit.Traits);
        return infrastructure is null ? hint : $"{hint} {infrastructure}";
    }

    private static string Trust(Operation operation, RoleFacts owner)
    {
        var executor = operation.Executor;
        if (executor.Oid != 0 && owner.Oid != executor.Oid && operation.Roles.IsMember(executor.Oid, owner.Oid, MembershipKind.Inheriting))
        {
            return $"Trust the roles {executor.Quoted} is a member of in the policy (trust: membership: inherited)";
        }

        var key = executor.Name is { } name ? Yaml(name) : "\"*\"";
        return $"Trust {owner.Quoted} in the policy (trust: roles: {{{key}: [{Yaml(owner.Name ?? "")}]}})";
    }

    private static string Avoid(ChainEntry culprit, int index, string executor)
    {
        var name = culprit.ObjectName;
        return culprit.Kind switch
        {
            ChainEntryKind.Statement => $"do not let {culprit.Owner.Quoted} run statements with the privileges of {executor}",
            ChainEntryKind.View => $"do not use view {name} as {executor}",
            ChainEntryKind.Function => $"do not call function {name} as {executor}",
            ChainEntryKind.Trigger => $"do not modify the table of trigger {name} as {executor}",
            ChainEntryKind.EventTrigger => $"do not run the commands event trigger {name} fires on as {executor}",
            ChainEntryKind.Rule => $"do not modify the table of {name} as {executor}",
            ChainEntryKind.Policy => $"do not use the table of row security {name} as {executor}",
            ChainEntryKind.Default or ChainEntryKind.GeneratedColumn => $"do not write rows that need the {name} as {executor}",
            ChainEntryKind.CheckConstraint => $"do not write rows checked by {name} as {executor}",
            ChainEntryKind.DomainConstraint => $"do not use {Domain(name)} as {executor}",
            ChainEntryKind.IndexExpression or ChainEntryKind.IndexPredicate =>
                $"do not write to or maintain the table of {name} as {executor}",
            ChainEntryKind.Aggregate => $"do not use aggregate {name} as {executor}",
            ChainEntryKind.Operator => $"do not use operator {name} as {executor} (an operator's owner need not own its function)",
            ChainEntryKind.Cast => $"do not use cast {name} as {executor}",
            ChainEntryKind.TypeIo => $"do not convert values of type {name} as {executor}",
            ChainEntryKind.ForeignKey => $"do not modify the tables of the foreign key as {executor}",
            ChainEntryKind.PreparedStatement => name.Length == 0
                ? $"do not execute the unnamed prepared statement as {executor}"
                : $"do not execute prepared statement {name} as {executor}",
            ChainEntryKind.Query or ChainEntryKind.Utility =>
                $"do not run the code that issues the nested {culprit.Command ?? "statement"} as {executor}",
            ChainEntryKind.Maintenance when index == 0 =>
                $"do not run the code of {culprit.Command ?? "the maintenance"} with the privileges of {executor}",
            ChainEntryKind.Maintenance => $"do not run {culprit.Command ?? "the maintenance command"} as {executor}",
            _ => $"do not use {name} as {executor}",
        };
    }

    private static string? Infrastructure(EntryTraits traits) =>
        traits.HasFlag(EntryTraits.TypeOutputFunction)
            ? "It is a type output function, which \"trust: infrastructure: [type-output-functions]\" would trust."
            : traits.HasFlag(EntryTraits.OperatorClass)
                ? "It belongs to an operator family, which \"trust: infrastructure: [operator-classes]\" would trust."
                : traits.HasFlag(EntryTraits.ExtensionMember)
                    ? "It belongs to an extension, which \"trust: infrastructure: [extension-members]\" would trust."
                    : null;

    /// <summary><c>domain mallory.positive_int</c> out of <c>domain mallory.positive_int check positive_int_check</c>.</summary>
    private static string Domain(string name)
    {
        var check = name.LastIndexOf(" check ", StringComparison.Ordinal);
        return check > 0 ? name[..check] : name;
    }

    /// <summary>A role name as a YAML scalar: bare when it is a plain lower-case word, double-quoted otherwise.</summary>
    private static string Yaml(string name) =>
        PlainName().IsMatch(name) ? name : $"\"{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    [GeneratedRegex("^[a-z_][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainName();
}
