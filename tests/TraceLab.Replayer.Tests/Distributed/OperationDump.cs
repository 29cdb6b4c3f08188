using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace TraceLab.Replayer.Tests.Distributed;

/// <summary>Every public property of a replayed operation, and of everything it holds, as text: two operations with
/// the same dump are equal field by field.</summary>
/// <remarks>By reflection rather than by a list of fields, so that a field added to the model later and forgotten by
/// the result codec makes the round-trip tests fail.</remarks>
internal static class OperationDump
{
    public static string Of(ReplayedOperation operation)
    {
        var text = new StringBuilder();
        Append(text, operation);
        return text.ToString();
    }

    private static void Append(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case string s:
                text.Append('"').Append(s).Append('"');
                break;
            case Enum or bool or IFormattable:
                text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case IEnumerable items:
                text.Append('[');
                foreach (var item in items)
                {
                    Append(text, item);
                    text.Append(',');
                }

                text.Append(']');
                break;
            default:
                text.Append(value.GetType().Name).Append('{');
                foreach (var property in value.GetType()
                             .GetProperties(BindingFlags.Public | BindingFlags.Instance)
                             .Where(p => p.GetIndexParameters().Length == 0)
                             .OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    text.Append(property.Name).Append('=');
                    Append(text, property.GetValue(value));
                    text.Append(';');
                }

                text.Append('}');
                break;
        }
    }
}
