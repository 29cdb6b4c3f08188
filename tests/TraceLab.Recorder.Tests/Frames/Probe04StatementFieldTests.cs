using TraceLab.Events;
using TraceLab.Recorder.Tests.Support;
using static TraceLab.Recorder.Tests.Support.FrameDecoding;

namespace TraceLab.Recorder.Tests.Frames;

/// <summary>The <c>plpgsql</c> field probe 0.4 appends to StatementStarted (with <c>tracelab.plpgsql_statements</c> on):
/// <c>[line uint, statement str]</c>, nil when no PL/pgSQL statement ran the statement, absent from older probes.</summary>
public sealed class Probe04StatementFieldTests
{
    private static readonly FrameHeader H = new(9, 7, 2, 1_000_000, 10, 10, SecurityContext.None);

    private static readonly StatementStarted Nested = new(H, 42, "INSERT", StatementKind.Planned, StatementContext.Query,
        "INSERT INTO t VALUES (1)", Targets: [], Plpgsql: new PlpgsqlStatement(12, "execsql"));

    [Fact]
    public void Reads_the_line_and_the_kind_of_the_plpgsql_statement()
    {
        object?[] fields = [11u, 9ul, 7ul, 2u, 1_000_000L, 10u, 10u, 0u, 42L, "INSERT", 0u, 1u, "INSERT INTO t VALUES (1)",
            null, null, "", Array.Empty<object?>(), null, new object?[] { 12u, "execsql" }];

        var decoded = Decode(fields).ShouldBeOfType<StatementStarted>();

        decoded.Plpgsql.ShouldBe(new PlpgsqlStatement(12, "execsql"));
        decoded.ShouldMatch(Nested);
    }

    [Fact]
    public void Reads_nil_as_a_statement_no_plpgsql_statement_ran()
    {
        var decoded = Decode(FieldPath.Replace(FrameEncoder.Fields(Nested), [18], null)).ShouldBeOfType<StatementStarted>();

        decoded.Plpgsql.ShouldBeNull();
        decoded.ShouldMatch(Nested with { Plpgsql = null });
    }

    [Fact]
    public void Reads_a_statement_of_probe_0_3_which_wrote_ten_fields_without_plpgsql()
    {
        var probe03 = FrameEncoder.Fields(Nested)[..18];

        var decoded = Decode(probe03).ShouldBeOfType<StatementStarted>();

        decoded.ShouldMatch(Nested with { Plpgsql = null });
    }

    [Fact]
    public void Ignores_what_a_later_probe_appends_to_the_plpgsql_field()
    {
        var fields = FieldPath.Append(FrameEncoder.Fields(Nested), [18], ["function_oid", 16500u]);

        Decode(fields).ShouldMatch(Nested);
    }

    private const string Of = " of the PL/pgSQL statement of the StatementStarted frame is ";

    public static TheoryData<string, object?, string> MalformedPlpgsql => new()
    {
        { "line", -1, "Element 0 (line)" + Of + "-1, out of range for unsigned int32." },
        { "line", "12", "Element 0 (line)" + Of + "a string where an integer is expected." },
        { "statement", null, "Element 1 (statement)" + Of + "nil where a string is expected." },
    };

    [Theory]
    [MemberData(nameof(MalformedPlpgsql))]
    public void Rejects_a_plpgsql_field_of_the_wrong_shape(string element, object? value, string message)
    {
        var fields = FieldPath.Replace(FrameEncoder.Fields(Nested), [18, element == "line" ? 0 : 1], value);

        Rejection(fields).ShouldBe(message);
    }

    [Fact]
    public void Rejects_a_plpgsql_field_that_is_not_an_array() =>
        Rejection(FieldPath.Replace(FrameEncoder.Fields(Nested), [18], "execsql")).ShouldBe(
            "Element 18 (plpgsql) of the StatementStarted frame is a string where an array is expected.");
}
