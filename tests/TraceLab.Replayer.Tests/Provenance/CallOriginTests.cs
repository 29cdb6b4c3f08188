using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Tests.Support;
using static TraceLab.Replayer.Tests.Support.Replays;
using static TraceLab.Replayer.Tests.Support.Scenarios;

namespace TraceLab.Replayer.Tests.Provenance;

/// <summary>Calls brought by an object other than a stored definition: operators, casts, aggregates, types, triggers,
/// event triggers, foreign keys.</summary>
public sealed class CallOriginTests
{
    private const string Escalation = "utility ALTER ROLE mallory SUPERUSER (mallory) utility";

    [Fact]
    public void An_operator_is_owned_by_its_owner_not_by_its_functions()
    {
        var create = Last(OperatorShadowingBuiltIn(trusted: false), "CREATE TABLE");

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
    public void An_operator_inside_a_view_comes_after_the_view()
    {
        var alter = Last(OperatorInView(trusted: false));

        alter.Trail().ShouldBe(
        [
            "statement SELECT * FROM mallory.v_bait (alice) execution",
            "view mallory.v_bait (mallory) rewrite",
            "operator mallory.=(integer, integer) (mallory) execution",
            "function mallory.f_evil() (mallory) execution",
            Escalation,
        ]);
        Ddl(alter).CulpritIndex.ShouldBe(1);
    }

    [Fact]
    public void A_cast_carries_the_owner_of_its_function()
    {
        var alter = Last(CastToUserType(trusted: false));

        alter.Trail().ShouldBe(
        [
            "statement SELECT 20::mallory.celsius (alice) execution",
            "cast (pg_catalog.int4 AS mallory.celsius) (mallory) execution",
            "function mallory.to_celsius(integer) (mallory) execution",
            Escalation,
        ]);
        var verdict = Ddl(alter);
        ChainSentence.Format(alter, verdict.CulpritIndex).ShouldContain(
            "-> cast (pg_catalog.int4 AS mallory.celsius) whose function is owned by \"mallory\" (culprit) ->");
        verdict.Hint.ShouldBe(
            "Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), "
            + "or do not use cast (pg_catalog.int4 AS mallory.celsius) as \"alice\".");
    }

    [Fact]
    public void An_aggregate_shadowing_a_built_in_is_named_before_its_support_function()
    {
        var alter = Last(AggregateShadowingBuiltIn(trusted: false));

        alter.Trail().ShouldBe(
        [
            "statement SELECT sum(n) FROM public.t (alice) execution",
            "aggregate mallory.sum(integer) (mallory) execution",
            "function mallory.sum_step(integer, integer) (mallory) execution",
            Escalation,
        ]);
        alter.Chain[1].ObjectOid.ShouldBe(Sum);
        Ddl(alter).Hint.ShouldBe("Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not use aggregate mallory.sum(integer) as \"alice\".");
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
    [InlineData("INSERT", "statement INSERT INTO mallory.t VALUES (1) (alice) execution", "execution")]
    [InlineData("COPY", "statement COPY mallory.t FROM '/tmp/t.csv' (alice) utility", "utility")]
    [InlineData("TRUNCATE TABLE", "statement TRUNCATE mallory.t (alice) utility", "utility")]
    public void A_trigger_is_owned_by_its_tables_owner(string command, string root, string phase)
    {
        var alter = Last(Trigger(false, command));

        alter.Trail().ShouldBe(
        [
            root,
            $"trigger trg on mallory.t (mallory) {phase}",
            $"function mallory.trg_fn() (mallory) {phase}",
            Escalation,
        ]);
        var verdict = Ddl(alter);
        verdict.CulpritIndex.ShouldBe(1);
        verdict.Hint.ShouldBe("Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not modify the table of trigger trg on mallory.t as \"alice\".");
    }

    [Fact]
    public void A_deferred_trigger_at_commit_has_a_commit_root()
    {
        var alter = Last(DeferredTriggerAtCommit(trusted: false));

        alter.Trail().ShouldBe(
        [
            "statement COMMIT (alice) commit",
            "trigger trg_deferred on mallory.t (mallory) commit",
            "function mallory.trg_fn() (mallory) commit",
            Escalation,
        ]);
        ChainSentence.Format(alter, Ddl(alter).CulpritIndex).ShouldBe(
            "Chain: COMMIT entered by session user \"alice\" -> trigger trg_deferred on mallory.t owned by \"mallory\" (culprit) -> "
            + "function mallory.trg_fn() owned by \"mallory\" called at commit -> ALTER ROLE executed as \"alice\".");
    }

    [Fact]
    public void An_event_trigger_is_owned_by_its_owner()
    {
        var alter = Last(EventTrigger(trusted: false));

        alter.Trail().ShouldBe(
        [
            "statement CREATE TABLE public.x(n int) (alice) utility",
            "event_trigger et_log on ddl_command_end (mallory) utility",
            "function mallory.et_fn() (mallory) utility",
            Escalation,
        ]);
        alter.Chain[1].ObjectOid.ShouldBe(EventTrg);
        Ddl(alter).Hint.ShouldBe(
            "Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), "
            + "or do not run the commands event trigger et_log on ddl_command_end fires on as \"alice\".");
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
        var operations = Operations(ForeignKeyCascade(trusted: false));
        var cascade = operations.Single(o => o.Chain[^1].Kind == ChainEntryKind.Query);
        var alter = operations[^1];

        cascade.Executor.Name.ShouldBe("mallory");
        alter.Trail().ShouldBe(
        [
            "statement DELETE FROM bob.parent (alice) execution",
            "foreign_key foreign key action (mallory) execution",
            "query DELETE FROM ONLY \"mallory\".\"child\" WHERE $1 OPERATOR(pg_catalog.=) \"parent_id\" (mallory) execution",
            "trigger trg_child on mallory.child (mallory) execution",
            "function mallory.trg_fn() (mallory) execution",
            Escalation,
        ]);
        alter.Executor.Name.ShouldBe("mallory");
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
