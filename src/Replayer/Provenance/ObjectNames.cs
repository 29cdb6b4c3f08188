using System.Globalization;
using TraceLab.Events;

namespace TraceLab.Replayer.Provenance;

/// <summary>Display names of recorded objects, spelled the way PostgreSQL prints them.</summary>
/// <remarks>Identifiers are double-quoted unless they are lower case letters, digits and underscores not starting
/// with a digit (quote_identifier's rule, without its keyword check). Objects the recording never described render as
/// <c>function 16390</c> or <c>relation 16400</c>, so a missing descriptor is visible instead of fatal.</remarks>
internal static class ObjectNames
{
    public static string Identifier(string name)
    {
        var safe = name.Length > 0
                   && (char.IsAsciiLetterLower(name[0]) || name[0] == '_')
                   && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
        return safe ? name : $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    public static string Qualified(string schema, string name) =>
        schema.Length == 0 ? Identifier(name) : $"{Identifier(schema)}.{Identifier(name)}";

    public static string Function(FunctionDescribed function) =>
        $"{Qualified(function.Schema, function.Name)}({function.Arguments})";

    public static string Relation(RelationDescribed relation) => Qualified(relation.Schema, relation.Name);

    public static string UnknownFunction(uint oid) => string.Create(CultureInfo.InvariantCulture, $"function {oid}");

    public static string UnknownRelation(uint oid) => string.Create(CultureInfo.InvariantCulture, $"relation {oid}");

    public static string UnrecordedFrame(long seq) => string.Create(CultureInfo.InvariantCulture, $"unrecorded frame {seq}");
}
