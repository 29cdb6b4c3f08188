using System.Globalization;
using TraceLab.Events;

namespace TraceLab.Replayer.Provenance;

/// <summary>Display names of recorded objects, spelled the way PostgreSQL prints them.</summary>
/// <remarks>Identifiers are double-quoted unless they are lower case letters, digits and underscores not starting
/// with a digit (quote_identifier's rule, without its keyword check). Objects the recording never described render as
/// <c>function 16390</c>, <c>relation 16400</c>, <c>operator 16500</c> or <c>type 16600</c>, so a missing descriptor is
/// visible instead of fatal. Stored code is named after what holds it: <c>index t_idx_expr on mallory.t_idx</c>,
/// <c>default of mallory.t.c</c>, <c>policy p_pos on mallory.t_rls</c>.</remarks>
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

    /// <summary><c>mallory.=(integer, integer)</c>; a missing operand prints as <c>NONE</c>, as regoperator has it.</summary>
    public static string Operator(OperatorDescribed op)
    {
        var name = op.Schema.Length == 0 ? op.Name : $"{Identifier(op.Schema)}.{op.Name}";
        return $"{name}({Operand(op.LeftType)}, {Operand(op.RightType)})";
    }

    public static string Type(TypeDescribed type) => Qualified(type.Schema, type.Name);

    public static string Cast(string source, string target) => $"({source} AS {target})";

    public static string Index(string index, string relation) => $"index {Identifier(index)} on {relation}";

    public static string Default(string relation, string column) => $"default of {relation}.{Identifier(column)}";

    public static string GeneratedColumn(string relation, string column) => $"generated column {relation}.{Identifier(column)}";

    public static string Check(string constraint, string relation) => $"check constraint {Identifier(constraint)} on {relation}";

    public static string Rule(string rule, string relation) => $"rule {Identifier(rule)} on {relation}";

    public static string Policy(string policy, string relation) => $"policy {Identifier(policy)} on {relation}";

    public static string DomainCheck(string domain, string constraint) => $"domain {domain} check {Identifier(constraint)}";

    public static string EventTrigger(string name, string @event) => $"{Identifier(name)} on {@event}";

    public static string UnknownFunction(uint oid) => string.Create(CultureInfo.InvariantCulture, $"function {oid}");

    public static string UnknownRelation(uint oid) => string.Create(CultureInfo.InvariantCulture, $"relation {oid}");

    public static string UnknownOperator(uint oid) => string.Create(CultureInfo.InvariantCulture, $"operator {oid}");

    public static string UnknownType(uint oid) => string.Create(CultureInfo.InvariantCulture, $"type {oid}");

    public static string UnrecordedFrame(long seq) => string.Create(CultureInfo.InvariantCulture, $"unrecorded frame {seq}");

    private static string Operand(string type) => type.Length == 0 ? "NONE" : type;
}
