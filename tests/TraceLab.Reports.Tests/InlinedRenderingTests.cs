using System.Text;
using System.Text.Json;
using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Tests.Support;
using TraceLab.Reports;

namespace TraceLab.Reports.Tests;

using Scenarios = TraceLab.Reports.Tests.Support.ReportScenarios;

/// <summary>Every format marks a function entry the planner inlined, with the one spelling <see cref="ReportNames.Inlined"/>,
/// and shapes tell an inlined call from a call that ran.</summary>
public sealed class InlinedRenderingTests
{
    private static readonly IReadOnlyList<IPolicy> Policies =
        [BuiltInPolicies.Permissive, BuiltInPolicies.DdlNeedsTrustedChain, BuiltInPolicies.Get("strict-trusted-chain")];

    private static async Task<string> RenderAsync(string format)
    {
        using var output = new MemoryStream();
        await using (var writer = ReportFormats.Create(format, output))
        {
            await new ReplayEngine(Policies).RunAsync(
                [InlinedScenarios.WrapMakesTable(trusted: false, location: -1).ToSession()], [writer], new ReplayOptions(),
                TestContext.Current.CancellationToken);
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public void The_mark_is_spelled_once() => ReportNames.Inlined.ShouldBe("inlined");

    [Fact]
    public async Task Json_marks_an_inlined_entry_after_its_phase_and_lists_it_in_the_shape()
    {
        using var document = JsonDocument.Parse(await RenderAsync(ReportFormats.Json));
        var root = document.RootElement;

        var wrap = root.GetProperty("operations").EnumerateArray()
            .Single(o => o.GetProperty("command").GetString() == "CREATE TABLE").GetProperty("chain")[1];
        wrap.EnumerateObject().Select(p => p.Name).ShouldBe(["kind", "object", "owner", "phase", "inlined"]);
        wrap.GetProperty("inlined").GetBoolean().ShouldBeTrue();
        var made = root.GetProperty("operations").EnumerateArray()
            .Single(o => o.GetProperty("command").GetString() == "CREATE TABLE").GetProperty("chain")[2];
        made.TryGetProperty("inlined", out _).ShouldBeFalse();

        var shape = root.GetProperty("shapes").EnumerateArray()
            .Single(s => s.GetProperty("command").GetString() == "CREATE TABLE");
        shape.GetProperty("shape").GetString().ShouldBe(
            "CREATE TABLE: statement(executor) > function(other, inlined) > function(executor) > utility(executor)");
        shape.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()).ShouldBe(["statement", "function", "function", "utility"]);
        shape.GetProperty("inlined").EnumerateArray().Select(i => i.GetInt32()).ShouldBe([1]);
        shape.EnumerateObject().Select(p => p.Name).Last().ShouldBe("inlined");
        root.GetProperty("shapes").EnumerateArray()
            .Count(s => s.GetProperty("command").GetString() == "SELECT" && s.TryGetProperty("inlined", out _)).ShouldBe(0);
    }

    [Fact]
    public async Task An_inlined_call_and_a_call_that_ran_are_different_shapes()
    {
        var report = await new ReplayEngine(Policies).ReplayAsync(
            [
                InlinedScenarios.InlinedFunction(trusted: false).ToSession("1-1"),
                Scenarios.ConstFoldingUnderExplain(trusted: false).ToSession("2-2"),
            ],
            TestContext.Current.CancellationToken);

        var calls = report.Shapes.Where(s => s.Shape.Command == Operation.FunctionCallCommand).Select(s => s.Shape.Text).ToList();

        calls.ShouldContain("EXECUTE FUNCTION: statement(executor) > function(other, inlined)");
        calls.ShouldContain("EXECUTE FUNCTION: statement(executor) > function(other)");
    }

    [Fact]
    public async Task The_table_marks_the_entry_after_its_owner()
    {
        var table = await RenderAsync(ReportFormats.Table);

        table.ShouldContain("└ function mallory.wrap()");
        table.ShouldContain("(mallory, inlined, planning)");
        table.ShouldContain("function(other, inlined)");
        table.ShouldContain("inlined while planning the statement entered by session user \"alice\".");
    }

    [Fact]
    public async Task Markdown_marks_the_entry_after_its_owner()
    {
        var markdown = await RenderAsync(ReportFormats.Markdown);

        markdown.ShouldContain("function `mallory.wrap()` (mallory, inlined, planning)");
    }

    [Fact]
    public async Task Html_marks_the_tree_node_and_the_path()
    {
        var html = await RenderAsync(ReportFormats.Html);

        html.ShouldContain(" inlined\" data-index=\"1\"><span class=\"kind\">function</span> <span class=\"object\">mallory.wrap()");
        html.ShouldContain("owner <b>mallory</b>, inlined</span>");
        html.ShouldContain("function mallory.wrap() (mallory, inlined)");
    }
}
