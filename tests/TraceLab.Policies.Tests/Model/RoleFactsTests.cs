using TraceLab.Policies.Model;

namespace TraceLab.Policies.Tests.Model;

public sealed class RoleFactsTests
{
    [Fact]
    public void A_described_role_renders_by_name()
    {
        var alice = new RoleFacts(10, "alice", true, true, true, true);

        (alice.IsKnown, alice.DisplayName, alice.Quoted, alice.Mention).ShouldBe((true, "alice", "\"alice\"", "user \"alice\""));
    }

    [Fact]
    public void An_undescribed_role_renders_by_oid()
    {
        var role = RoleFacts.Unknown(16384);

        (role.IsKnown, role.Superuser, role.DisplayName, role.Quoted, role.Mention)
            .ShouldBe((false, false, "role 16384", "role 16384", "role 16384"));
    }

    [Fact]
    public void An_owner_the_recording_could_not_establish_renders_as_unknown()
    {
        var role = RoleFacts.Unknown(0);

        (role.DisplayName, role.Quoted, role.Mention).ShouldBe(("unknown role", "an unknown role", "an unknown role"));
    }

    [Fact]
    public void A_role_without_recorded_memberships_has_none()
    {
        var role = new RoleFacts(10, "alice", true, true, true, true);

        role.MemberOf.ShouldBeEmpty();
        role.CreateRole.ShouldBeFalse();
        RoleFacts.Unknown(16384).ShouldBe(RoleFacts.Unknown(16384));
    }
}
