using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Tests.Support;
using static TraceLab.Replayer.Tests.Support.TransactionScript;

namespace TraceLab.Replayer.Tests.Counterfactual;

/// <summary>SEMANTICS.md, "Role changes a policy prevents": a role change a policy blocked does not make later
/// operations look trusted under that policy.</summary>
public sealed class RoleChangeEffectsTests
{
    private static readonly IPolicy Ddl = BuiltInPolicies.DdlNeedsTrustedChain;
    private static readonly string DdlName = Ddl.Name;

    [Fact]
    public async Task A_blocked_ALTER_ROLE_does_not_make_its_role_a_superuser_for_later_operations()
    {
        // Given: mallory's f runs ALTER ROLE mallory SUPERUSER for alice; the recording then describes mallory as a
        // superuser, and mallory's g runs another ALTER ROLE
        var s = new TransactionScript();
        long first = 0;
        s.Single("SELECT", () => s.Call(F, () => first = s.Statement("ALTER ROLE", s.MalloryChanged, "ALTER ROLE mallory SUPERUSER")));
        var second = DescribedSuperuserThenAltersAgain(s);

        // When
        var table = await OutcomeTable.ReplayAsync(s, BuiltInPolicies.Permissive, Ddl);

        // Then: under the policy that blocked the first, mallory is still no superuser, and the second is blocked too
        table[first, DdlName].ShouldBe(Outcome.Blocked);
        table[second, DdlName].ShouldBe(Outcome.Blocked);
        table.Verdict(second, DdlName).Verdict.Message.ShouldBe("user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"");

        // and under the policy that let it happen, mallory's code is a superuser's from then on
        table[second, "permissive"].ShouldBe(Outcome.Allowed);
    }

    [Fact]
    public async Task The_recorded_facts_are_used_when_the_change_happened_under_the_policy()
    {
        // Given: the first change is made by alice's own statement, which the policy allows
        var s = new TransactionScript();
        s.Single("ALTER ROLE", s.MalloryChanged, "ALTER ROLE mallory SUPERUSER");
        var second = DescribedSuperuserThenAltersAgain(s);

        var table = await OutcomeTable.ReplayAsync(s, Ddl);

        // Then: mallory became a superuser, whose code may run DDL for alice
        table[second, DdlName].ShouldBe(Outcome.Allowed);
    }

    [Fact]
    public async Task A_later_change_that_happens_lifts_the_pin()
    {
        // Given: the blocked change, then alice's own ALTER ROLE of mallory, which happens
        var s = new TransactionScript();
        s.Single("SELECT", () => s.Call(F, () => s.Statement("ALTER ROLE", s.MalloryChanged, "ALTER ROLE mallory SUPERUSER")));
        s.Single("ALTER ROLE", s.MalloryChanged, "ALTER ROLE mallory SUPERUSER");
        var second = DescribedSuperuserThenAltersAgain(s);

        var table = await OutcomeTable.ReplayAsync(s, Ddl);

        table[second, DdlName].ShouldBe(Outcome.Allowed);
    }

    [Fact]
    public async Task A_change_not_reached_under_the_policy_is_pinned_too()
    {
        // Given: f's first ALTER ROLE is blocked, so the second one in the same statement, which makes mallory a
        // superuser in the recording, is never reached
        var s = new TransactionScript();
        long unreached = 0;
        s.Single("SELECT", () => s.Call(F, () =>
        {
            s.Statement("ALTER ROLE", text: "ALTER ROLE alice CONNECTION LIMIT 5");
            unreached = s.Statement("ALTER ROLE", s.MalloryChanged, "ALTER ROLE mallory SUPERUSER");
        }));
        var later = DescribedSuperuserThenAltersAgain(s);

        var table = await OutcomeTable.ReplayAsync(s, Ddl);

        table[unreached, DdlName].ShouldBe(Outcome.NotReached);
        table[later, DdlName].ShouldBe(Outcome.Blocked);
    }

    /// <summary>The recording then describes mallory as a superuser, and mallory's g runs another ALTER ROLE; its seq.</summary>
    private static long DescribedSuperuserThenAltersAgain(TransactionScript s)
    {
        long alter = 0;
        s.Script.Role(Mallory, "mallory", superuser: true);
        s.Single("SELECT", () => s.Call(G, () => alter = s.Statement("ALTER ROLE", text: "ALTER ROLE mallory CREATEDB")));
        return alter;
    }
}
