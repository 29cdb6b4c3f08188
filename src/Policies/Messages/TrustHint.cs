using System.Text.RegularExpressions;
using TraceLab.Policies.Model;

namespace TraceLab.Policies.Messages;

/// <summary>Writes the HINT of a trust violation: how to trust every owner the rule would have to trust in the policy,
/// or which object to avoid as the executing user.</summary>
/// <remarks>
/// <c>Trust "mallory" and "bob" in the policy (trust: roles: {alice: [mallory, bob]}), or do not use view mallory.v as
/// "alice".</c> Every owner is named (<see cref="UntrustedOwners"/>), so one change to the policy is enough. The trust
/// part is written in the policy language, ready to paste; owners the executing user is a member of are trusted by
/// <c>membership: inherited</c> instead, and for type output functions or operator-family members it adds
/// the <c>infrastructure</c> setting that would trust them. An owner the recording never described cannot be named, so
/// only the avoidance is offered.
/// </remarks>
internal static partial class TrustHint
{
    public static string Describe(Operation operation, int culpritIndex, UntrustedOwners untrusted)
    {
        ArgumentNullException.ThrowIfNull(untrusted);
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
            : $"{Trust(operation, untrusted.Owners)}, or {avoid}.{(untrusted.Complete ? "" : Undescribed)}";
        var infrastructure = Infrastructure(culprit.Traits);
        return infrastructure is null ? hint : $"{hint} {infrastructure}";
    }

    private const string Undescribed =
        " The chain has another owner the recording does not describe, which no trust setting can name.";

    private static string Trust(Operation operation, IReadOnlyList<RoleFacts> owners)
    {
        var executor = operation.Executor;
        var members = owners.Where(o => executor.Oid != 0 && o.Oid != executor.Oid
                                        && operation.Roles.IsMember(executor.Oid, o.Oid, MembershipKind.Inheriting)).ToList();
        var others = owners.Except(members).ToList();
        const string inherited = "(trust: membership: inherited)";
        var membership = $"the roles {executor.Quoted} is a member of {inherited}";
        if (others.Count == 0)
        {
            return $"Trust the roles {executor.Quoted} is a member of in the policy {inherited}";
        }

        var key = executor.Name is { } name ? Yaml(name) : "\"*\"";
        var roles = $"Trust {Listed(others.Select(o => o.Quoted))} in the policy "
                    + $"(trust: roles: {{{key}: [{string.Join(", ", others.Select(o => Yaml(o.Name ?? "")))}]}})";
        return members.Count == 0 ? roles : $"{roles} and {membership}";
    }

    /// <summary><c>"a"</c>, <c>"a" and "b"</c>, <c>"a", "b" and "c"</c>.</summary>
    private static string Listed(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 1 ? list[0] : $"{string.Join(", ", list[..^1])} and {list[^1]}";
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
