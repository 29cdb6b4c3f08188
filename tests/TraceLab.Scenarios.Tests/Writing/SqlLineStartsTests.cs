using TraceLab.Scenarios.Writing;

namespace TraceLab.Scenarios.Tests.Writing;

public sealed class SqlLineStartsTests
{
    [Theory]
    [InlineData("SELECT 1\n-- c\n, 2", new[] { false, false, false })]
    [InlineData("SELECT 'a\nb'", new[] { false, true })]
    [InlineData("SELECT 'it''s\nb'", new[] { false, true })]
    [InlineData("SELECT E'a\\'\nb'", new[] { false, true })]
    [InlineData("SELECT \"a\nb\"", new[] { false, true })]
    [InlineData("CREATE FUNCTION f() AS $body$\nSELECT 'x';\n$body$", new[] { false, true, true })]
    [InlineData("SELECT $$a\n$$, $1\n", new[] { false, true, false })]
    [InlineData("SELECT /* a /* nested */\n'still a comment' */ 1\n", new[] { false, false, false })]
    [InlineData("SELECT 1 -- it's\n'x\ny'\n", new[] { false, false, true, false })]
    public void Tells_which_lines_start_inside_a_literal(string sql, bool[] expected)
    {
        SqlLineStarts.InsideLiteral(sql).ShouldBe(expected);
    }

    [Theory]
    [InlineData("SELECT * FROM t WHERE id = $1", true)]
    [InlineData("SELECT $1::int", true)]
    [InlineData("SELECT '$1', \"$2\", $$ $3 $$ -- $4", false)]
    [InlineData("CREATE FUNCTION f(integer) RETURNS integer AS $body$ SELECT $1 $body$ LANGUAGE sql", false)]
    [InlineData("SELECT a$1 FROM t", false)]
    public void Finds_parameters_outside_literals_and_comments(string sql, bool expected)
    {
        SqlLineStarts.HasParameter(sql).ShouldBe(expected);
    }
}
