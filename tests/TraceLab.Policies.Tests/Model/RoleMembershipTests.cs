using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.Policies.Tests.Model;

/// <summary><see cref="RoleCatalog.IsMember"/> against PostgreSQL 15's rules (acl.c, roles_is_member_of).</summary>
public sealed class RoleMembershipTests
{
    private const uint Alice = 10;
    private const uint Admins = 16390;
    private const uint Ops = 16391;
    private const uint Auditors = 16392;
    private const uint Bob = 16385;
    private const uint Ghost = 16399;

    /// <summary>bob ∈ ops ∈ admins; ops is NOINHERIT; auditors ∈ ghost (never described) ∈ admins is unknown.</summary>
    private static RoleCatalog Catalog(bool bobInherits = true) => RoleCatalog.Empty
        .With(Role(Alice, "alice", superuser: true))
        .With(Role(Admins, "admins"))
        .With(Role(Ops, "ops", inherit: false, memberOf: [new(Admins, AdminOption: false)]))
        .With(Role(Bob, "bob", inherit: bobInherits, memberOf: [new(Ops, AdminOption: true)]))
        .With(Role(Auditors, "auditors", memberOf: [new(Ghost, false)]));

    private static RoleFacts Role(uint oid, string name, bool superuser = false, bool inherit = true, RoleMembership[]? memberOf = null) =>
        new(oid, name, superuser, true, inherit, false) { MemberOf = memberOf ?? [] };

    [Fact]
    public void Direct_membership_is_a_recorded_grant_only()
    {
        var catalog = Catalog();

        catalog.IsMember(Bob, Ops, MembershipKind.Direct).ShouldBeTrue();
        catalog.IsMember(Bob, Admins, MembershipKind.Direct).ShouldBeFalse();
        catalog.IsMember(Bob, Bob, MembershipKind.Direct).ShouldBeFalse();
        catalog.Find(Bob).IsDirectMemberOf(Ops).ShouldBeTrue();
    }

    [Fact]
    public void Transitive_membership_ignores_inherit()
    {
        var catalog = Catalog(bobInherits: false);

        catalog.IsMember(Bob, Admins, MembershipKind.Transitive).ShouldBeTrue();
        catalog.IsMember(Bob, Bob, MembershipKind.Transitive).ShouldBeTrue();
        catalog.MembershipsOf(Bob, MembershipKind.Transitive).ShouldBe([Ops, Admins]);
    }

    [Fact]
    public void Inheritance_stops_at_a_role_without_inherit()
    {
        var catalog = Catalog();

        catalog.IsMember(Bob, Ops).ShouldBeTrue();
        catalog.IsMember(Bob, Admins).ShouldBeFalse();
        catalog.MembershipsOf(Bob).ShouldBe([Ops]);
    }

    [Fact]
    public void A_member_without_inherit_has_only_its_own_privileges()
    {
        var catalog = Catalog(bobInherits: false);

        catalog.IsMember(Bob, Ops, MembershipKind.Inheriting).ShouldBeFalse();
        catalog.IsMember(Bob, Bob, MembershipKind.Inheriting).ShouldBeTrue();
    }

    [Fact]
    public void An_undescribed_role_is_not_followed()
    {
        var catalog = Catalog();

        catalog.IsMember(Auditors, Ghost).ShouldBeTrue();
        catalog.IsMember(Auditors, Admins, MembershipKind.Transitive).ShouldBeFalse();
        catalog.IsMember(Ghost, Admins, MembershipKind.Transitive).ShouldBeFalse();
    }

    [Fact]
    public void Superusers_are_not_members_of_everything_here()
    {
        Catalog().IsMember(Alice, Admins, MembershipKind.Transitive).ShouldBeFalse();
    }

    [Fact]
    public void Cycles_in_the_grants_end()
    {
        var catalog = RoleCatalog.Empty
            .With(Role(Ops, "ops", memberOf: [new(Admins, false)]))
            .With(Role(Admins, "admins", memberOf: [new(Ops, false)]));

        catalog.MembershipsOf(Ops).ShouldBe([Admins]);
        catalog.IsMember(Ops, Bob).ShouldBeFalse();
    }

    [Fact]
    public void The_answer_follows_the_snapshot_of_the_operation()
    {
        var before = Catalog();
        var after = before.With(Role(Ops, "ops", inherit: true, memberOf: [new(Admins, false)]));

        before.IsMember(Bob, Admins).ShouldBeFalse();
        after.IsMember(Bob, Admins).ShouldBeTrue();
    }
}
