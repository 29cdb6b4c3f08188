using TraceLab.Policies;
using TraceLab.Replayer.Tests.Support;
using static TraceLab.Replayer.Tests.Support.Replays;

namespace TraceLab.Replayer.Tests.Provenance;

/// <summary>Calls with no call site attributed to the stored definition that holds them (issue 3, origin attribution),
/// on the catalogue's golden traces.</summary>
/// <remarks>The choices the recordings of the catalogue cannot make on demand (which of two row security policies a plan
/// applied, code of a relation re-described mid-statement, …) are in <see cref="StoredCodeEdgeCaseTests"/>.</remarks>
public sealed class StoredCodeOriginTests
{
    [Fact]
    public void Nested_views_are_inserted_from_the_top_view_in_the_rewrite_phase()
    {
        var trace = GoldenTrace.Of("view-calls-untrusted-function");
        var alter = trace.First();

        trace.Trail(alter).ShouldBe(
        [
            "statement SELECT * FROM mallory.v_orders (alice) execution",
            "view mallory.v_orders (mallory) rewrite",
            "view mallory.v_orders_inner (mallory) rewrite",
            "function mallory.f_format(integer) (mallory) execution",
            "utility ALTER ROLE mallory SUPERUSER (mallory) utility",
        ]);
        var verdict = Ddl(alter);
        verdict.CulpritIndex.ShouldBe(1);
        trace.Restore(verdict.Hint!).ShouldBe(
            "Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not use view mallory.v_orders as \"alice\".");
    }

    [Fact]
    public void A_rule_of_the_target_for_the_statements_event_is_the_origin()
    {
        var trace = GoldenTrace.Of("rule-do-also");
        var grant = trace.Last("GRANT");

        // feedback_edit_log, ON UPDATE, calls the same function: the INSERT brings only its own event's rule.
        trace.Trail(grant)[1].ShouldBe("rule rule feedback_log on mallory.feedback (mallory) rewrite");
        trace.Trail(grant)[2].ShouldStartWith("function mallory.log_feedback(integer)");
        var verdict = Ddl(grant);
        verdict.CulpritIndex.ShouldBe(1);
        trace.Restore(ChainSentence.Format(grant, verdict.CulpritIndex)).ShouldContain(
            "-> rule feedback_log on mallory.feedback owned by \"mallory\" (culprit) -> ");
        trace.Restore(verdict.Hint!).ShouldEndWith("or do not modify the table of rule feedback_log on mallory.feedback as \"bob\".");
    }

    [Fact]
    public void Only_the_row_security_policy_the_plan_applied_is_the_origin()
    {
        var trace = GoldenTrace.Of("rls-policy-function");
        var grant = trace.Last("GRANT");

        // editors_documents calls the same function but applies to another role: the plan did not apply it.
        trace.Trail(grant)[1].ShouldBe("policy policy visible_documents on mallory.documents (mallory) rewrite");
        trace.Trail(grant)[2].ShouldStartWith("function mallory.may_read(text)");
        var verdict = Ddl(grant);
        verdict.CulpritIndex.ShouldBe(1);
        trace.Restore(ChainSentence.Format(grant, verdict.CulpritIndex)).ShouldContain(
            "-> row security policy visible_documents on mallory.documents owned by \"mallory\" (culprit)");
    }

    [Fact]
    public void A_column_default_of_the_target_is_the_origin()
    {
        var trace = GoldenTrace.Of("column-default");
        var operation = trace.LastBlockedBy(Ddl);

        trace.Trail(operation)[1].ShouldStartWith("default default of ");
        trace.Trail(operation)[1].ShouldEndWith(" rewrite");
        var verdict = Ddl(operation);
        verdict.CulpritIndex.ShouldBe(1);
        trace.Restore(verdict.Hint!).ShouldContain("or do not write rows that need the default of ");
    }

    [Fact]
    public void A_generated_column_of_the_target_is_the_origin()
    {
        var trace = GoldenTrace.Of("generated-column");
        var operation = trace.LastBlockedBy(Ddl);

        trace.Trail(operation)[1].ShouldStartWith("generated_column generated column ");
        var verdict = Ddl(operation);
        verdict.CulpritIndex.ShouldBe(1);
        trace.Restore(ChainSentence.Format(operation, verdict.CulpritIndex)).ShouldContain("-> expression of generated column ");
    }

    [Fact]
    public void A_check_constraint_of_the_target_is_the_origin()
    {
        var trace = GoldenTrace.Of("check-constraint");
        var operation = trace.LastBlockedBy(Ddl);

        trace.Trail(operation)[1].ShouldStartWith("check_constraint check constraint ");
        var verdict = Ddl(operation);
        verdict.CulpritIndex.ShouldBe(1);
        trace.Restore(verdict.Hint!).ShouldContain("or do not write rows checked by check constraint ");
    }

    [Fact]
    public void A_domain_column_of_the_target_brings_the_domains_check()
    {
        var trace = GoldenTrace.Of("domain-constraint");
        var alter = trace.First();

        trace.Trail(alter).ShouldBe(
        [
            "statement INSERT INTO app.contacts VALUES (1, 'ann@example.org') (alice) execution",
            "domain_constraint domain mallory.email_address check looks_like_email (mallory) execution",
            "function mallory.valid_email(text) (mallory) execution",
            "utility ALTER ROLE mallory SUPERUSER (mallory) utility",
        ]);
        var verdict = Ddl(alter);
        verdict.CulpritIndex.ShouldBe(1);
        trace.Restore(verdict.Hint!).ShouldBe(
            "Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not use domain mallory.email_address as \"alice\".");
    }

    [Fact]
    public void A_cast_to_a_domain_brings_the_domains_check()
    {
        var trace = GoldenTrace.Of("domain-cast-check");
        var alter = trace.First();

        trace.Trail(alter).ShouldBe(
        [
            "statement SELECT 'ann@example.org'::mallory.email_address AS checked (alice) execution",
            "domain_constraint domain mallory.email_address check looks_like_email (mallory) execution",
            "function mallory.valid_email(text) (mallory) execution",
            "utility ALTER ROLE mallory SUPERUSER (mallory) utility",
        ]);
        Ddl(alter).CulpritIndex.ShouldBe(1);
    }

    [Fact]
    public void An_index_expression_of_the_insert_target_is_the_origin()
    {
        var trace = GoldenTrace.Of("expression-index-on-insert");
        var operation = trace.LastBlockedBy(Ddl);

        trace.Trail(operation)[1].ShouldStartWith("index_expression index ");
        trace.Trail(operation)[1].ShouldEndWith(" execution");
        var verdict = Ddl(operation);
        verdict.CulpritIndex.ShouldBe(1);
        trace.Restore(verdict.Hint!).ShouldContain("or do not write to or maintain the table of index ");
    }

    [Fact]
    public void A_partial_index_predicate_proved_while_planning_is_the_origin()
    {
        var trace = GoldenTrace.Of("partial-index-predicate-planning");
        var operation = trace.LastBlockedBy(Ddl);

        var trail = trace.Trail(operation);
        trail[0].ShouldEndWith(" planning");
        trail[1].ShouldStartWith("index_predicate index ");
        trail[1].ShouldEndWith(" planning");
        operation.Chain[0].Command.ShouldBe("SELECT");
        trace.Restore(ChainSentence.Format(operation, Ddl(operation).CulpritIndex)).ShouldStartWith(
            "Chain: plan of a statement entered by session user \"alice\" -> index predicate of index ");
    }

    [Fact]
    public void The_same_function_in_a_view_and_a_default_makes_both_candidates()
    {
        var trace = GoldenTrace.Of("view-and-default-same-function");
        var alter = trace.Operations().First(o => o.Command == "ALTER ROLE");

        trace.Trail(alter).ShouldBe(
        [
            "statement INSERT INTO bob.inbox (id, body, source) SELECT id, body, source FROM mallory.v_feed (alice) execution",
            "view mallory.v_feed (mallory, candidate) rewrite",
            "default default of bob.inbox.tag (bob, candidate) rewrite",
            "function mallory.f_tag() (mallory) execution",
            "utility ALTER ROLE mallory SUPERUSER (mallory) utility",
        ]);
        var verdict = Ddl(alter);
        verdict.CulpritIndex.ShouldBe(1);
        trace.Restore(ChainSentence.Format(alter, verdict.CulpritIndex)).ShouldContain(
            "-> view mallory.v_feed owned by \"mallory\" (candidate, culprit) -> column default of bob.inbox.tag owned by \"bob\" (candidate) -> ");
        verdict.Detail.ShouldNotBeNull().ShouldEndWith(
            "Entries marked (candidate) are alternative sources of the same call; each of them must be trusted.");
    }

    [Fact]
    public void An_untrusted_candidate_alone_is_enough_to_block()
    {
        // The function ran once for the view and once for the default; the first ALTER ROLE made mallory a superuser,
        // so at the second only bob's default is an untrusted candidate.
        var trace = GoldenTrace.Of("view-and-default-same-function");
        var second = trace.Last();

        var verdict = Ddl(second);

        second.Chain[1].Owner.Superuser.ShouldBeTrue();
        verdict.IsBlocked.ShouldBeTrue();
        verdict.CulpritIndex.ShouldBe(2);
        trace.Restore(verdict.Message!).ShouldBe("user \"bob\" may not induce user \"alice\" to execute \"ALTER ROLE\"");
    }
}
