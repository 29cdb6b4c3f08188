using System.Globalization;
using System.Text;
using TraceLab.Policies.Language;
using TraceLab.Policies.Model;

namespace TraceLab.Policies.Compiled;

/// <summary>The canonical text of a policy as the compiled form carries it: what the probe's
/// <c>tracelab_policy_describe(bytea)</c> returns for the same policy, byte for byte (POLICY_FORMAT.md, "Canonical
/// dump").</summary>
/// <remarks>Enums are printed as their numbers and sets as hexadecimal masks, so the dump needs no second spelling of
/// any word in C. Strings are quoted; every byte outside printable ASCII, and <c>"</c> and <c>\</c>, is written
/// <c>\xNN</c>, so the text is the same whatever the server's encoding.</remarks>
public static class PolicyDump
{
    /// <summary>The canonical dump of <paramref name="definition"/>.</summary>
    public static string Describe(PolicyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var text = new StringBuilder();
        Line(text, $"format {PolicyFormat.Version}");
        Line(text, $"policy {Quote(definition.Name)}");
        Line(text, $"description {Quote(definition.Description)}");
        Line(text, $"default {(int)definition.Default}");
        Line(text, $"rules {definition.Rules.Count}");
        foreach (var rule in definition.Rules)
        {
            Line(text, $"rule {Quote(rule.Name)}");
            Line(text, $"  operations 0x{(uint)rule.Operations:x}");
            Line(text, $"  commands {List(rule.Commands)}");
            Line(text, $"  objects {List(rule.Objects)}");
            var trust = rule.Trust;
            Line(text, $"  trust self {Bit(trust.Self)} superusers {Bit(trust.Superusers)} membership {(int)trust.Membership} " +
                       $"infrastructure 0x{(uint)trust.Infrastructure:x}");
            Line(text, $"  roles {trust.Roles.Count}");
            foreach (var (executor, trusted) in trust.Roles)
            {
                Line(text, $"    role {Quote(executor)} trusts {List(trusted)}");
            }

            Line(text, $"  scope {(int)rule.Scope}");
            var when = rule.When;
            var kinds = when.EntryKinds is { } k ? $"0x{k.Aggregate(0UL, (m, x) => m | (1UL << (int)x)):x}" : "-";
            var phases = when.Phases is { } p ? $"0x{p.Aggregate(0U, (m, x) => m | (1U << (int)x)):x}" : "-";
            var superuser = when.ExecutorIsSuperuser is { } s ? Bit(s) : "-";
            Line(text, $"  when entry-kinds {kinds} planner {Bit(when.Planner)} phases {phases} executor-is-superuser {superuser}");
            Line(text, $"  action {(int)rule.Action}");
            Line(text, $"  message {(rule.Message is null ? "-" : Quote(rule.Message))}");
        }

        return text.ToString();
    }

    private static string List(IReadOnlyList<string>? items) =>
        items is null ? "-" : string.Join(' ', items.Select(Quote).Prepend(items.Count.ToString(CultureInfo.InvariantCulture)));

    private static string Bit(bool value) => value ? "1" : "0";

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');

    private static string Quote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= 0x20 and <= 0x7e && b != (byte)'"' && b != (byte)'\\')
            {
                quoted.Append((char)b);
            }
            else
            {
                quoted.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
            }
        }

        return quoted.Append('"').ToString();
    }
}
