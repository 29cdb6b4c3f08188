using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Provenance;
using TraceLab.Replayer.Tests.Support;
using static TraceLab.Replayer.Tests.Support.InlinedScenarios;
using static TraceLab.Replayer.Tests.Support.Replays;

namespace TraceLab.Replayer.Tests.Provenance;

/// <summary>SQL functions the planner inlined (probe 0.4): the inlined call is a function operation under its plan,
/// marked inlined, and calls that came from its body get it back into their chain.</summary>
public sealed class InlinedCallTests
{
    private const string Root = "statement SELECT mallory.wrap() (alice) execution";
    private const string Wrap = "function mallory.wrap() (mallory, inlined) planning";
    private const string MakeTable = "function alice.make_table() (alice) execution";
    private const string Create = "utility CREATE TABLE alice.t(i integer) (alice) utility";

    [Fact]
    public void An_inlined_call_is_a_function_call_under_its_plan_marked_inlined()
    {
        var operations = Operations(InlinedFunction(trusted: false));

        var call = operations.Single(o => o.Kind == OperationKind.FunctionCall);
        call.Command.ShouldBe(Operation.FunctionCallCommand);
        call.Objects.ShouldBe(["mallory.f_sql"]);
        call.Trail().ShouldBe(
        [
            "statement SELECT mallory.f_sql(1) (alice) planning",
            "function mallory.f_sql(integer) (mallory, inlined) planning",
        ]);
        call.Entry.Inlined.ShouldBeTrue();
        call.Chain[0].Inlined.ShouldBeFalse();
        BuiltInPolicies.Get("strict-trusted-chain").Evaluate(call).Decision.ShouldBe(Decision.Blocked);
        BuiltInPolicies.Get("strict-trusted-chain").Evaluate(Operations(InlinedFunction(trusted: true)).Single(o => o.Kind == OperationKind.FunctionCall))
            .Decision.ShouldBe(Decision.Allowed);
    }

    [Fact]
    public void A_recorded_inlined_wrapper_is_a_function_call_of_the_planning_phase()
    {
        var trace = GoldenTrace.Of("inlined-sql-wrapper");

        var call = trace.Operations().First(o => o.Kind == OperationKind.FunctionCall);

        trace.Trail(call).ShouldBe(
        [
            "statement SELECT id, util.clean_name(name) FROM util.contacts ORDER BY id (alice) planning",
            "function util.clean_name(text) (dba, inlined) planning",
        ]);
        call.Entry.Inlined.ShouldBeTrue();
    }

    [Fact]
    public void Code_called_from_a_recorded_inlined_body_follows_the_inlined_call()
    {
        var trace = GoldenTrace.Of("inlined-sql-wrapper");
        var alter = trace.FirstBlockedBy(Ddl);

        trace.Trail(alter)[..3].ShouldBe(
        [
            "statement SELECT id, util.clean_name(name) FROM util.contacts ORDER BY id (alice) execution",
            "function util.clean_name(text) (dba, inlined) planning",
            "function mallory.squash_spaces(text) (mallory) execution",
        ]);
        Ddl(alter).CulpritIndex.ShouldBe(2);
    }

    [Fact]
    public void A_recorded_wrapper_inlined_from_a_view_follows_the_view()
    {
        var trace = GoldenTrace.Of("inlined-wrapper-in-view");

        var trail = trace.Trail(trace.FirstBlockedBy(Ddl));

        trail[..4].ShouldBe(
        [
            "statement SELECT * FROM util.v_contacts (alice) execution",
            "view util.v_contacts (dba) rewrite",
            "function util.clean_name(text) (dba, inlined) planning",
            "function mallory.squash_spaces(text) (mallory) execution",
        ]);
    }

    [Fact]
    public void A_recorded_wrapper_inlined_inside_another_follows_it()
    {
        var trace = GoldenTrace.Of("inlined-wrappers-nested");

        var trail = trace.Trail(trace.FirstBlockedBy(Ddl));

        trail[..4].ShouldBe(
        [
            "statement SELECT id, util.display_name(name) FROM util.contacts (alice) execution",
            "function util.display_name(text) (dba, inlined) planning",
            "function util.clean_name(text) (dba, inlined) planning",
            "function mallory.squash_spaces(text) (mallory) execution",
        ]);
    }

    [Fact]
    public void A_recorded_wrapper_inlined_in_a_plpgsql_statement_follows_that_statement()
    {
        var trace = GoldenTrace.Of("inlined-wrapper-in-plpgsql");

        var trail = trace.Trail(trace.FirstBlockedBy(Ddl));

        trail[..5].ShouldBe(
        [
            "statement SELECT app.refresh_names() (alice) execution",
            "function app.refresh_names() (alice) execution",
            "query UPDATE app.contacts SET name = util.clean_name(name) (alice) execution",
            "function util.clean_name(text) (dba, inlined) planning",
            "function mallory.squash_spaces(text) (mallory) execution",
        ]);
    }

    [Fact]
    public void A_call_from_an_inlined_body_without_a_location_gets_the_inlined_call_before_it()
    {
        var create = Last(WrapMakesTable(trusted: false, location: -1), "CREATE TABLE");

        create.Trail().ShouldBe([Root, Wrap, MakeTable, Create]);
        var verdict = Ddl(create);
        verdict.Decision.ShouldBe(Decision.Blocked);
        verdict.CulpritIndex.ShouldBe(1);
        ChainSentence.Format(create, verdict.CulpritIndex).ShouldBe(
            "Chain: statement entered by session user \"alice\" -> function mallory.wrap() owned by \"mallory\" inlined while planning "
            + "(culprit) -> function alice.make_table() owned by \"alice\" -> CREATE TABLE executed as \"alice\".");
        verdict.Detail.ShouldBe(
            "Function alice.make_table() owned by \"alice\" was called from function mallory.wrap() owned by \"mallory\" "
            + "(where \"mallory\" entered the chain), inlined while planning the statement entered by session user \"alice\".");
    }

    [Theory]
    [InlineData("SELECT alice.make_table(), mallory.wrap()", 7, 27)]
    [InlineData("SELECT mallory.wrap()", 7, 7)]
    [InlineData("", 7, 7)]
    public void A_call_with_a_location_was_written_in_the_statement_whatever_the_recorded_text(
        string text, int location, int wrapLocation)
    {
        // The probe writes -1 for a location that does not point at the called function in the statement as the server
        // received it, so a location of 0 or more is trusted even when the recorded text (normalized, or none) cannot
        // show it.
        var create = Last(WrapMakesTable(trusted: false, location, text, wrapLocation), "CREATE TABLE");

        create.Trail().ShouldBe(
        [
            $"statement {text} (alice) execution",
            MakeTable,
            Create,
        ]);
        Ddl(create).Decision.ShouldBe(Decision.Allowed);
    }

    [Fact]
    public void Two_inlined_calls_whose_bodies_may_call_the_function_are_both_candidates()
    {
        var create = Last(TwoWrappers(trusted: false), "CREATE TABLE");

        create.Trail().ShouldBe(
        [
            "statement SELECT mallory.wrap(), bob.wrap2() (alice) execution",
            "function mallory.wrap() (mallory, candidate, inlined) planning",
            "function bob.wrap2() (bob, candidate, inlined) planning",
            MakeTable,
            Create,
        ]);
        Ddl(create).Decision.ShouldBe(Decision.Blocked);
        Ddl(Last(TwoWrappers(trusted: true), "CREATE TABLE")).Decision.ShouldBe(Decision.Allowed);
    }

    [Fact]
    public void A_function_inlined_inside_another_inlined_body_follows_the_function_that_brought_it()
    {
        var operations = Operations(NestedInlining(trusted: false));

        var nested = operations.Single(o => o.Kind == OperationKind.FunctionCall && o.Entry.ObjectName == "mallory.f_sql(integer)");
        nested.Trail().ShouldBe(
        [
            "statement SELECT mallory.wrap() (alice) planning",
            "function mallory.wrap() (mallory, inlined) planning",
            "function mallory.f_sql(integer) (mallory, inlined) planning",
        ]);
        operations.Last(o => o.Command == "CREATE TABLE").Trail().ShouldBe(
            [Root, Wrap, "function mallory.f_sql(integer) (mallory, inlined) planning", MakeTable, Create]);
    }

    [Fact]
    public void An_inlined_call_from_a_view_brings_the_view_to_the_calls_from_its_body()
    {
        var operations = Operations(WrapInView(trusted: false));

        var wrap = operations.Single(o => o.Entry.Inlined);
        wrap.Trail().ShouldBe(
        [
            "statement SELECT * FROM bob.v_wrap (alice) planning",
            "view bob.v_wrap (bob) rewrite",
            Wrap,
        ]);
        operations.Last(o => o.Command == "CREATE TABLE").Trail().ShouldBe(
        [
            "statement SELECT * FROM bob.v_wrap (alice) execution",
            "view bob.v_wrap (bob) rewrite",
            Wrap,
            MakeTable,
            Create,
        ]);
    }

    [Fact]
    public void A_statement_without_a_query_id_takes_the_inlined_calls_of_the_plan_just_before_it()
    {
        var create = Last(WrapWithoutQueryId(trusted: false), "CREATE TABLE");

        create.Trail().ShouldBe(
        [
            "statement SELECT run_wrap() (alice) execution",
            "function alice.run_wrap() (alice) execution",
            "query SELECT mallory.wrap() (alice) execution",
            Wrap,
            MakeTable,
            Create,
        ]);
    }

    [Fact]
    public void A_call_made_while_planning_an_inlined_body_follows_the_inlined_call_written_before_it()
    {
        var creates = Operations(ConstFoldedBody(trusted: false)).Where(o => o.Command == "CREATE TABLE").ToList();

        creates.Count.ShouldBe(2);
        creates.ShouldAllBe(c => c.Trail()[1] == Wrap);
    }

    [Fact]
    public void Inlined_calls_are_remembered_per_query_not_per_run()
    {
        var (script, statements) = RepeatedWrap(runs: 500);
        var builder = new ProvenanceBuilder(SessionId);
        var remembered = new List<int>();
        var creates = 0;
        foreach (var frame in script.Frames)
        {
            if (builder.Observe(frame) is { Command: "CREATE TABLE" } create)
            {
                creates++;
                create.Chain[1].Inlined.ShouldBeTrue();
            }

            if (statements.Contains(frame.Frame.Seq))
            {
                remembered.Add(builder.RememberedObjects);
            }
        }

        creates.ShouldBe(500);
        remembered.Skip(1).ShouldAllBe(r => r == remembered[1]);
        builder.LiveFrames.ShouldBe(0);
    }

    [Fact]
    public void A_call_that_ran_is_not_marked_inlined_and_no_inlined_call_is_remembered_without_one()
    {
        var operations = GoldenTrace.Of("view-calls-untrusted-function").Operations();

        operations.SelectMany(o => o.Chain).ShouldAllBe(e => !e.Inlined);
    }
}
