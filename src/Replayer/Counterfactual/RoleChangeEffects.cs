using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Counterfactual;

/// <summary>Ties the recorded effects of role-changing statements (<c>ALTER ROLE</c>, <c>GRANT</c> of a role, …) to
/// each policy's outcome of the statement, and pins the roles whose change did not happen under a policy
/// (<see cref="RoleFactsOverlay"/>).</summary>
/// <remarks>
/// The probe records a change of a role as an <see cref="ObjectChanged"/> on pg_authid, and a role granted or revoked
/// as a <see cref="PrivilegesChanged"/> of object type <c>ROLE</c>, each a child of the statement that made it. Only
/// role-changing statements of the open transaction are remembered, so the state is bounded by one transaction's
/// role DDL.
/// </remarks>
internal sealed class RoleChangeEffects
{
    /// <summary>pg_authid's oid: the class of an <see cref="ObjectChanged"/> that changed a role.</summary>
    public const uint AuthIdClassId = 1260;

    private readonly RoleFactsOverlay[] overlays;
    private readonly Dictionary<long, Change> changes = [];

    public RoleChangeEffects(int policies)
    {
        overlays = new RoleFactsOverlay[policies];
        for (var i = 0; i < policies; i++)
        {
            overlays[i] = new RoleFactsOverlay();
        }
    }

    /// <summary>Whether some policy has a pinned role (operations must go through <see cref="Apply"/>).</summary>
    public bool AnyPinned { get; private set; }

    /// <summary>Role-changing statements of the open transaction remembered now (for tests of boundedness).</summary>
    public int Remembered => changes.Count;

    /// <summary>Whether <paramref name="operation"/> can change a role's facts.</summary>
    public static bool ChangesRoles(Operation operation) =>
        operation.Category is CommandCategory.Role or CommandCategory.Grant;

    /// <summary><paramref name="operation"/> as policy <paramref name="policy"/> judges it.</summary>
    public Operation Apply(int policy, Operation operation) =>
        AnyPinned ? overlays[policy].Apply(operation) : operation;

    /// <summary>Remembers a role-changing operation with each policy's outcome, until its effects arrive.</summary>
    public void Remember(Operation operation, ReadOnlySpan<Outcome> outcomes)
    {
        var happened = new bool[outcomes.Length];
        for (var i = 0; i < outcomes.Length; i++)
        {
            happened[i] = outcomes[i] is Outcome.Allowed or Outcome.Warned;
        }

        changes[operation.Seq] = new Change(operation.Roles, happened);
    }

    /// <summary>Consumes a frame: an effect on a role pins or unpins it per policy; a transaction's end forgets its
    /// statements; a session's end forgets everything.</summary>
    public void Observe(IRecordedFrame frame)
    {
        switch (frame)
        {
            case ObjectChanged { ClassId: AuthIdClassId } changed when changes.TryGetValue(changed.Frame.Parent, out var change):
                Affect(change, change.Roles.Find(changed.ObjectOid));
                break;
            case PrivilegesChanged privileges when changes.TryGetValue(privileges.Frame.Parent, out var change)
                                                  && string.Equals(privileges.ObjectType, "ROLE", StringComparison.Ordinal):
                foreach (var grantee in privileges.Grantees)
                {
                    if (change.Roles.Roles.FirstOrDefault(r => r.Name == grantee) is { } member)
                    {
                        Affect(change, member);
                    }
                }

                break;
            case TransactionEnded:
                changes.Clear();
                break;
            case SessionEnded:
                changes.Clear();
                foreach (var overlay in overlays)
                {
                    overlay.Clear();
                }

                AnyPinned = false;
                break;
        }
    }

    private void Affect(Change change, RoleFacts before)
    {
        var any = false;
        for (var i = 0; i < overlays.Length; i++)
        {
            if (change.Happened[i])
            {
                overlays[i].Unpin(before.Oid);
            }
            else
            {
                overlays[i].Pin(before);
            }

            any |= !overlays[i].IsEmpty;
        }

        AnyPinned = any;
    }

    private sealed record Change(RoleCatalog Roles, bool[] Happened);
}
