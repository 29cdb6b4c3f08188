using TraceLab.Reports;

namespace TraceLab.Reports.Tests;

public sealed class TextShortenerTests
{
    [Theory]
    [InlineData("SELECT 1", 10, "SELECT 1")]
    [InlineData("SELECT\n\t  1  ", 10, "SELECT 1")]
    [InlineData("SELECT * FROM t", 10, "SELECT * …")]
    [InlineData("0123456789", 10, "0123456789")]
    [InlineData("0123456789A", 10, "012345678…")]
    public void Statements_are_collapsed_and_cut(string text, int max, string expected)
    {
        TextShortener.Statement(text, max).ShouldBe(expected);
    }

    [Theory]
    [InlineData("4242-1780000000000000", "4242")]
    [InlineData("4242-1780000000000000-7412345678901234567", "4242")]
    [InlineData("s1", "s1")]
    [InlineData("abcdefghijklmnop", "abcdefghi…")]
    public void Session_ids_are_cut_to_their_pid(string id, string expected)
    {
        TextShortener.Session(id).ShouldBe(expected);
    }

    [Theory]
    [InlineData("permissive", "permissive")]
    [InlineData("ddl-needs-trusted-chain", "ddl-needs-\ntrusted-\nchain")]
    [InlineData("a-b-c", "a-b-c")]
    public void Policy_headers_break_after_hyphens(string name, string expected)
    {
        TextShortener.PolicyHeader(name).ShouldBe(expected);
    }
}
