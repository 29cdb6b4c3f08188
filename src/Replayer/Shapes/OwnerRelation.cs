using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Shapes;

/// <summary>An entry owner's relation to the executing user, as <see cref="ChainShape.Owners"/> spells it.</summary>
public enum OwnerRelation
{
    Executor = 0,
    Superuser = 1,
    Member = 2,
    Other = 3,
    Unknown = 4,
}

public static class OwnerRelations
{
    /// <summary>The first that applies: the executor itself, a role the recording never described, a superuser, a
    /// role the executor inherits the privileges of (recorded memberships), any other role.</summary>
    public static OwnerRelation Of(RoleFacts owner, RoleFacts executor, RoleCatalog roles)
    {
        if (owner.Oid != 0 && owner.Oid == executor.Oid)
        {
            return OwnerRelation.Executor;
        }

        if (!owner.IsKnown)
        {
            return OwnerRelation.Unknown;
        }

        if (owner.Superuser)
        {
            return OwnerRelation.Superuser;
        }

        return executor.Oid != 0 && roles.IsMember(executor.Oid, owner.Oid, MembershipKind.Inheriting)
            ? OwnerRelation.Member
            : OwnerRelation.Other;
    }

    public static string NameOf(OwnerRelation relation) => relation switch
    {
        OwnerRelation.Executor => "executor",
        OwnerRelation.Superuser => "superuser",
        OwnerRelation.Member => "member",
        OwnerRelation.Other => "other",
        _ => "unknown",
    };
}
