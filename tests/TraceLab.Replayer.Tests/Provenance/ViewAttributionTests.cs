using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Provenance;
using TraceLab.Replayer.Tests.Support;
using static TraceLab.Replayer.Tests.Support.Version1Sessions;

namespace TraceLab.Replayer.Tests.Provenance;

public sealed class ViewAttributionTests
{
    private const uint VTop = 16400;
    private const uint VA = 16401;
    private const uint VB = 16402;
    private const uint VC = 16403;

    private static Operation CallThrough(params ExpandedView[] views)
    {
        var s = new SessionScript();
        s.Started("db", Bob);
        s.Role(Bob, "bob");
        s.Role(Mallory, "mallory");
        s.Relation(VTop, "bob", "v_top", "v", Bob);
        s.Relation(VA, "bob", "v_a", "v", Bob);
        s.Relation(VB, "mallory", "v_b", "v", Mallory);
        s.Relation(VC, "bob", "v_c", "v", Bob);
        s.Function(FEvil, "bob", "f", "", Bob);
        s.Analyzed(Q1, "SELECT", views);
        var select = s.Statement(0, 0, Bob, Q1, "SELECT", "SELECT * FROM bob.v_top");
        var call = s.Entered(select, 1, Bob, FEvil);
        s.Utility(call, 2, Bob, Q2, "ALTER ROLE", "ALTER ROLE bob PASSWORD NULL");
        return ProvenanceBuilder.Build(ViewSessionId, s.Frames).Last();
    }

    [Fact]
    public void Several_candidate_views_are_all_listed_and_marked()
    {
        var alter = CallThrough(
            new ExpandedView(VTop, -1, []),
            new ExpandedView(VA, 0, [FEvil]),
            new ExpandedView(VB, 0, [FEvil]));

        alter.Lines().ShouldBe(
        [
            "Statement SELECT * FROM bob.v_top (bob)",
            "View bob.v_top (bob)",
            "View bob.v_a (bob) candidate",
            "View mallory.v_b (mallory) candidate",
            "Function bob.f() (bob)",
            "Utility ALTER ROLE bob PASSWORD NULL (bob)",
        ]);
    }

    [Fact]
    public void An_untrusted_candidate_owner_makes_the_chain_untrusted()
    {
        var alter = CallThrough(
            new ExpandedView(VTop, -1, []),
            new ExpandedView(VA, 0, [FEvil]),
            new ExpandedView(VB, 0, [FEvil]));

        var verdict = BuiltInPolicies.DdlNeedsTrustedChain.Evaluate(alter);

        verdict.IsBlocked.ShouldBeTrue();
        verdict.CulpritIndex.ShouldBe(3);
        verdict.Message.ShouldBe("user \"mallory\" may not induce user \"bob\" to execute \"ALTER ROLE\"");
    }

    [Fact]
    public void Candidates_from_separate_top_views_keep_the_view_list_order()
    {
        var alter = CallThrough(
            new ExpandedView(VB, -1, [FEvil]),
            new ExpandedView(VA, -1, []),
            new ExpandedView(VC, 1, [FEvil]));

        alter.Lines().ShouldBe(
        [
            "Statement SELECT * FROM bob.v_top (bob)",
            "View mallory.v_b (mallory) candidate",
            "View bob.v_a (bob) candidate",
            "View bob.v_c (bob) candidate",
            "Function bob.f() (bob)",
            "Utility ALTER ROLE bob PASSWORD NULL (bob)",
        ]);
    }

    [Fact]
    public void The_same_view_referenced_twice_is_not_ambiguous()
    {
        var alter = CallThrough(
            new ExpandedView(VTop, -1, []),
            new ExpandedView(VA, 0, [FEvil]),
            new ExpandedView(VA, 0, [FEvil]));

        alter.Lines().ShouldBe(
        [
            "Statement SELECT * FROM bob.v_top (bob)",
            "View bob.v_top (bob)",
            "View bob.v_a (bob)",
            "Function bob.f() (bob)",
            "Utility ALTER ROLE bob PASSWORD NULL (bob)",
        ]);
    }

    [Fact]
    public void Broken_or_cyclic_parent_indexes_end_the_path_instead_of_looping()
    {
        var alter = CallThrough(
            new ExpandedView(VA, 1, []),
            new ExpandedView(VB, 0, [FEvil]),
            new ExpandedView(VC, 42, [FEvil]));

        alter.Chain.Select(e => e.ObjectName).ShouldBe(
        [
            "SELECT * FROM bob.v_top", "bob.v_a", "mallory.v_b", "bob.v_c", "bob.f()", "ALTER ROLE bob PASSWORD NULL",
        ]);
        alter.Chain.Skip(1).Take(3).ShouldAllBe(e => e.Candidate);
    }
}
