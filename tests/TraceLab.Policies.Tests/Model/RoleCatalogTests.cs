using TraceLab.Policies.Model;
using TraceLab.Policies.Tests.Support;

namespace TraceLab.Policies.Tests.Model;

public sealed class RoleCatalogTests
{
    [Fact]
    public void Find_returns_unknown_facts_for_a_role_never_described()
    {
        RoleCatalog.Empty.Find(16384).ShouldBe(RoleFacts.Unknown(16384));
    }

    [Fact]
    public void With_replaces_earlier_facts_and_leaves_the_earlier_snapshot_alone()
    {
        var before = RoleCatalog.Empty.With(Chains.Mallory);

        var after = before.With(Chains.Mallory with { Superuser = true });

        before.Find(16384).Superuser.ShouldBeFalse();
        after.Find(16384).Superuser.ShouldBeTrue();
        after.Count.ShouldBe(1);
    }

    [Fact]
    public void Roles_are_listed_in_oid_order()
    {
        var catalog = Chains.Catalog(Chains.Bob, Chains.Alice, Chains.Mallory);

        catalog.Roles.Select(r => r.Name).ShouldBe(["alice", "mallory", "bob"]);
    }
}
