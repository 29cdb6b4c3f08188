using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Tests.Support;
using static TraceLab.Replayer.Tests.Support.Replays;
using static TraceLab.Replayer.Tests.Support.EdgeCaseScripts;

namespace TraceLab.Replayer.Tests.Provenance;

/// <summary>Calls brought by an object other than a stored definition: operators, casts, aggregates, types, triggers,
/// event triggers, foreign keys.</summary>
public sealed class CallOriginTests
{
    private const string Escalation = "utility ALTER ROLE mallory SUPERUSER (mallory) utility";

    [Fact]
    public void An_operator_is_owned_by_its_owner_not_by_its_functions()
    {
        var create = Last(OperatorOverAnotherOwnersFunction(trusted: false), "CREATE TABLE");

        create.Trail().ShouldBe(
        [
            "statement SELECT * FROM public.accounts WHERE id = 1 (alice) execution",
            "operator mallory.=(integer, integer) (mallory) execution",
            "function bob.int_eq(integer, integer) (bob) execution",
            "utility CREATE TABLE bob.audit(n int) (bob) utility",
        ]);
        create.Chain[1].ObjectOid.ShouldBe(Eq);
        var verdict = Ddl(create);
        verdict.Message.ShouldBe("user \"mallory\" may not induce user \"alice\" to execute \"CREATE TABLE\"");
        ChainSentence.Format(create, verdict.CulpritIndex).ShouldBe(
            "Chain: statement entered by session user \"alice\" -> operator mallory.=(integer, integer) owned by \"mallory\" (culprit) -> "
            + "function bob.int_eq(integer, integer) owned by \"bob\" -> CREATE TABLE executed as \"alice\".");
        verdict.Hint.ShouldBe(
            "Trust \"mallory\" and \"bob\" in the policy (trust: roles: {alice: [mallory, bob]}), "
            + "or do not use operator mallory.=(integer, integer) as \"alice\" (an operator's owner need not own its function).");
    }

    [Fact]
    public void An_operator_shadowing_a_built_in_is_named_before_its_function()
    {
        var trace = GoldenTrace.Of("search-path-operator-overload");
        var alter = trace.First();

        trace.Trail(alter).ShouldBe(
        [
            "statement SELECT id FROM customers WHERE email = 'bo@example.org' (alice) execution",
            "operator public.=(character varying, character varying) (mallory) execution",
            "function public.varchar_eq(character varying, character varying) (mallory) execution",
            Escalation,
        ]);
        var verdict = Ddl(alter);
        verdict.CulpritIndex.ShouldBe(1);
        trace.Restore(verdict.Hint!).ShouldEndWith(
            "or do not use operator public.=(character varying, character varying) as \"alice\" (an operator's owner need not own its function).");
    }

    [Fact]
    public void An_operator_inside_a_view_comes_after_the_view()
    {
        var trace = GoldenTrace.Of("operator-in-view");
        var alter = trace.First();

        trace.Trail(alter).ShouldBe(
        [
            "statement SELECT * FROM mallory.v_prices (alice) execution",
            "view mallory.v_prices (mallory) rewrite",
            "operator mallory.===(integer, integer) (mallory) execution",
            "function mallory.int_matches(integer, integer) (mallory) execution",
            Escalation,
        ]);
        Ddl(alter).CulpritIndex.ShouldBe(1);
    }

    [Fact]
    public void A_cast_carries_the_owner_of_its_function()
    {
        var trace = GoldenTrace.Of("user-defined-cast");
        var alter = trace.First();

        trace.Trail(alter).ShouldBe(
        [
            "statement SELECT avg(rating::integer) FROM mallory.reviews (alice) execution",
            "cast (mallory.grade AS pg_catalog.int4) (mallory) execution",
            "function mallory.grade_points(mallory.grade) (mallory) execution",
            "query SELECT mallory.f_escalate() (mallory) execution",
            "function mallory.f_escalate() (mallory) execution",
            Escalation,
        ]);
        var verdict = Ddl(alter);
        trace.Restore(ChainSentence.Format(alter, verdict.CulpritIndex)).ShouldContain(
            "-> cast (mallory.grade AS pg_catalog.int4) whose function is owned by \"mallory\" (culprit) ->");
        trace.Restore(verdict.Hint!).ShouldBe(
            "Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), "
            + "or do not use cast (mallory.grade AS pg_catalog.int4) as \"alice\".");
    }

    [Fact]
    public void An_aggregate_shadowing_a_built_in_is_named_before_its_support_function()
    {
        var trace = GoldenTrace.Of("search-path-aggregate-overload");
        var alter = trace.First();

        trace.Trail(alter).ShouldBe(
        [
            "statement SELECT max(invoice_no) FROM invoices (alice) execution",
            "aggregate public.max(character varying) (mallory) execution",
            "function public.varchar_larger(character varying, character varying) (mallory) execution",
            Escalation,
        ]);
        alter.Chain[1].Kind.ShouldBe(ChainEntryKind.Aggregate);
        trace.Restore(Ddl(alter).Hint!).ShouldBe(
            "Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not use aggregate public.max(character varying) as \"alice\".");
    }

    [Fact]
    public void An_aggregate_the_analysis_lists_is_found_without_via()
    {
        var s = Begin(trusted: false);
        s.Function(Sum, "mallory", "sum", "integer", Mallory, "internal", kind: "a");
        s.Function(SumStep, "mallory", "sum_step", "integer, integer", Mallory, role: "aggregate_support");
        s.Relation(VBait, "mallory", "v_bait", "v", Mallory);
        s.Analysis(QSelect, "SELECT", "SELECT * FROM mallory.v_bait", [new(VBait, -1, [Sum])], aggregates: [new(Sum, [SumStep])]);
        var select = s.Statement(0, 0, Alice, QSelect, "SELECT", "SELECT * FROM mallory.v_bait");
        s.Entered(select, 1, Alice, SumStep, phase: "execution");

        Operations(s)[^1].Trail().ShouldBe(
        [
            "statement SELECT * FROM mallory.v_bait (alice) execution",
            "view mallory.v_bait (mallory) rewrite",
            "aggregate mallory.sum(integer) (mallory) execution",
            "function mallory.sum_step(integer, integer) (mallory) execution",
        ]);
    }

    [Fact]
    public void A_type_input_function_brings_its_type_under_a_parse_analysis_root()
    {
        var alter = Last(TypeInput(trusted: false));

        alter.Trail().ShouldBe(
        [
            "statement parse analysis (alice) parse",
            "type_io mallory.complex (mallory) parse",
            "function mallory.complex_in(cstring) (mallory) parse",
            Escalation,
        ]);
        alter.Chain[0].Synthetic.ShouldBeFalse();
        var verdict = Ddl(alter);
        ChainSentence.Format(alter, verdict.CulpritIndex).ShouldBe(
            "Chain: parse analysis of a statement entered by session user \"alice\" -> type mallory.complex owned by \"mallory\" (culprit) -> "
            + "function mallory.complex_in(cstring) owned by \"mallory\" called during parse analysis -> ALTER ROLE executed as \"alice\".");
        verdict.Hint.ShouldBe("Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not convert values of type mallory.complex as \"alice\".");
    }

    [Fact]
    public void A_type_output_function_shared_by_two_types_names_both_as_candidates()
    {
        var s = Begin(trusted: false);
        s.Function(ComplexIn, "mallory", "complex_out", "mallory.complex", Mallory, "c", role: "type_output");
        s.Type(Complex, "mallory", "complex", "b", Mallory, output: ComplexIn);
        s.Type(Celsius, "bob", "celsius", "b", Bob, output: ComplexIn);
        var select = s.Statement(0, 0, Alice, QSelect, "SELECT", "SELECT c FROM public.t");
        s.Entered(select, 1, Alice, ComplexIn, -2, "other", phase: "execution");

        Operations(s)[^1].Trail().ShouldBe(
        [
            "statement SELECT c FROM public.t (alice) execution",
            "type_io mallory.complex (mallory, candidate) execution",
            "type_io bob.celsius (bob, candidate) execution",
            "function mallory.complex_out(mallory.complex) (mallory) execution",
        ]);
    }

    [Theory]
    [InlineData("trigger-on-insert", "statement INSERT INTO mallory.t_orders VALUES (1, 'first order') (alice) execution", "trigger trg_orders on mallory.t_orders", "function mallory.trg_audit()", "execution")]
    [InlineData("trigger-on-copy-from", "statement COPY mallory.import_rows (id, payload) FROM STDIN (alice) utility", "trigger check_row on mallory.import_rows", "function mallory.check_row()", "utility")]
    [InlineData("trigger-on-truncate", "statement TRUNCATE mallory.page_cache (alice) utility", "trigger log_truncate on mallory.page_cache", "function mallory.log_truncate()", "utility")]
    public void A_trigger_is_owned_by_its_tables_owner(string scenario, string root, string trigger, string function, string phase)
    {
        var trace = GoldenTrace.Of(scenario);
        var alter = trace.First();

        trace.Trail(alter).ShouldBe(
        [
            root,
            $"{trigger} (mallory) {phase}",
            $"{function} (mallory) {phase}",
            Escalation,
        ]);
        var verdict = Ddl(alter);
        verdict.CulpritIndex.ShouldBe(1);
        trace.Restore(verdict.Hint!).ShouldBe(
            $"Trust \"mallory\" in the policy (trust: roles: {{alice: [mallory]}}), or do not modify the table of {trigger} as \"alice\".");
    }

    [Fact]
    public void A_deferred_trigger_at_commit_has_a_commit_root()
    {
        var trace = GoldenTrace.Of("constraint-trigger-deferred");
        var alter = trace.First();

        trace.Trail(alter).ShouldBe(
        [
            "statement COMMIT (alice) commit",
            "trigger validate_order on mallory.orders (mallory) commit",
            "function mallory.validate_order() (mallory) commit",
            Escalation,
        ]);
        trace.Restore(ChainSentence.Format(alter, Ddl(alter).CulpritIndex)).ShouldBe(
            "Chain: COMMIT entered by session user \"alice\" -> trigger validate_order on mallory.orders owned by \"mallory\" (culprit) -> "
            + "function mallory.validate_order() owned by \"mallory\" called at commit -> ALTER ROLE executed as \"alice\".");
    }

    [Fact]
    public void An_event_trigger_is_owned_by_its_owner()
    {
        var trace = GoldenTrace.Of("event-trigger-function-replaced");
        var alter = trace.FirstBlockedBy(Ddl);

        trace.Trail(alter).ShouldBe(
        [
            "statement CREATE TABLE public.quarterly_report(quarter text, revenue numeric) (alice) utility",
            "event_trigger audit_ddl on ddl_command_end (dba) utility",
            "function mallory.log_ddl() (mallory) utility",
            "query SELECT mallory.f_escalate() (mallory) execution",
            "function mallory.f_escalate() (mallory) execution",
            Escalation,
        ]);
        alter.Chain[1].Kind.ShouldBe(ChainEntryKind.EventTrigger);
        var verdict = Ddl(alter);
        verdict.CulpritIndex.ShouldBe(2);
        trace.Restore(verdict.Hint!).ShouldBe(
            "Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not call function mallory.log_ddl() as \"alice\".");
    }

    [Fact]
    public void Several_event_triggers_using_the_function_are_all_candidates()
    {
        var s = Begin(trusted: false);
        s.Function(EtFn, "mallory", "et_fn", "", Mallory, role: "event_trigger");
        var create = s.Utility(0, 0, Alice, 0, "CREATE TABLE", "CREATE TABLE public.x(n int)");
        var context = new EventTriggerContext(
            "ddl_command_end", "CREATE TABLE", [new(EventTrg, "et_a", Alice), new(EventTrg + 1, "et_b", Mallory)]);
        s.Entered(create, 1, Alice, EtFn, -2, "event_trigger", phase: "utility", eventTrigger: context);

        Operations(s)[^1].Trail().ShouldBe(
        [
            "statement CREATE TABLE public.x(n int) (alice) utility",
            "event_trigger et_a on ddl_command_end (alice, candidate) utility",
            "event_trigger et_b on ddl_command_end (mallory, candidate) utility",
            "function mallory.et_fn() (mallory) utility",
        ]);
    }

    [Fact]
    public void A_foreign_key_cascade_runs_as_the_table_owner()
    {
        var trace = GoldenTrace.Of("protected-foreign-key-cascade");
        var operations = trace.Operations();
        var cascade = operations.Single(o => o.Chain[^1].Kind == ChainEntryKind.Query);
        var alter = trace.First();

        trace.Restore(cascade.Executor.Name!).ShouldBe("mallory");
        trace.Trail(alter).ShouldBe(
        [
            "statement DELETE FROM shop.customers WHERE id = 2 (alice) execution",
            "foreign_key foreign key action (mallory) execution",
            "query DELETE FROM ONLY \"mallory\".\"orders\" WHERE $1 OPERATOR(pg_catalog.=) \"customer\" (mallory) execution",
            "trigger orders_audit on mallory.orders (mallory) execution",
            "function mallory.f_escalate() (mallory) execution",
            Escalation,
        ]);
        trace.Restore(alter.Executor.Name!).ShouldBe("mallory");
        Ddl(alter).ShouldBe(Verdict.Allow());
    }

    [Fact]
    public void A_foreign_key_query_the_session_user_does_not_trust_blocks_its_ddl()
    {
        var s = ForeignKeyCascade(trusted: false);
        var fk = s.Statement(0, 0, Mallory, 0, "SELECT", "SELECT 1 FROM ONLY \"bob\".\"parent\" x FOR KEY SHARE OF x", origin: "foreign_key");
        s.Utility(fk, 1, Alice, QAlter, "GRANT", "GRANT bob TO mallory");

        var grant = Last(s, "GRANT");

        grant.Trail().ShouldBe(
        [
            "statement COMMIT (alice) commit",
            "foreign_key foreign key check (mallory) execution",
            "query SELECT 1 FROM ONLY \"bob\".\"parent\" x FOR KEY SHARE OF x (mallory) execution",
            "utility GRANT bob TO mallory (mallory) utility",
        ]);
        var verdict = Ddl(grant);
        verdict.CulpritIndex.ShouldBe(1);
        ChainSentence.Format(grant, verdict.CulpritIndex).ShouldBe(
            "Chain: COMMIT entered by session user \"alice\" -> foreign key check run as \"mallory\" (culprit) -> nested SELECT owned by "
            + "\"mallory\" -> GRANT executed as \"alice\".");
        verdict.Hint.ShouldBe("Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not modify the tables of the foreign key as \"alice\".");
    }
}
