using TraceLab.Events;

namespace TraceLab.Policies.Model;

/// <summary>Something PostgreSQL was about to execute, with the provenance chain that explains why.</summary>
/// <param name="SessionId">The recorded session (<see cref="TraceLab.Events.SessionId"/>, the event stream key).</param>
/// <param name="Database">The session's database, or <c>null</c> when the recording lacks its SessionStarted.</param>
/// <param name="Seq">Seq of the frame that started the operation.</param>
/// <param name="Command">PostgreSQL's command tag (<c>ALTER ROLE</c>, <c>SELECT</c>), <see cref="FunctionCallCommand"/>
/// for a function call, or the switch (<c>SET ROLE</c>, <c>SET SESSION AUTHORIZATION</c>) for a role switch.</param>
/// <param name="Kind">Planned statement, utility command, function call or role switch.</param>
/// <param name="Executor">The role whose privileges the operation runs with (the effective user of its frame,
/// after any SECURITY DEFINER switch; for a role switch, the effective user before it), as of the operation.</param>
/// <param name="SessionUser">The session user, as of the operation (after it, for a role switch).</param>
/// <param name="Chain">From the statement the session user entered down to and including the operation's own entry.</param>
/// <param name="Roles">Every role fact recorded before the operation, for policies that need more than the owners.</param>
public sealed record Operation(
    string SessionId,
    string? Database,
    long Seq,
    string Command,
    OperationKind Kind,
    RoleFacts Executor,
    RoleFacts SessionUser,
    IReadOnlyList<ChainEntry> Chain,
    RoleCatalog Roles)
{
    /// <summary>The command of every function-call operation.</summary>
    public const string FunctionCallCommand = "EXECUTE FUNCTION";

    /// <summary>The chain; never empty.</summary>
    public IReadOnlyList<ChainEntry> Chain { get; init; } = Chain is { Count: > 0 }
        ? Chain
        : throw new ArgumentException("An operation's chain must contain at least its own entry.", nameof(Chain));

    /// <summary>For a <see cref="OperationKind.RoleSwitch"/>, the roles in effect after the switch; otherwise <c>null</c>.</summary>
    public RoleSwitchDetails? Switch { get; init; }

    /// <summary>For a COPY, its direction and whether it runs a program (from the recorded StatementStarted);
    /// otherwise, or when the recording does not say, <c>null</c>.</summary>
    public CopyDetails? Copy { get; init; }

    /// <summary>The names of the operation's own objects, which a rule's <c>objects</c> matches: a function call's
    /// <c>schema.name</c> (without arguments), the relations a utility command names, the relation a DML statement
    /// writes. Empty when there is none or the recording does not say.</summary>
    /// <remarks>When not set, a function call's object is derived from its entry's name (<c>mallory.f(integer)</c>
    /// gives <c>mallory.f</c>).</remarks>
    public IReadOnlyList<string> Objects
    {
        get => objects ?? DerivedObjects();
        init => objects = value;
    }

    private readonly IReadOnlyList<string>? objects;

    /// <summary>The command's category, from <see cref="CommandCategories.Classify"/>.</summary>
    public CommandCategory Category => Kind switch
    {
        OperationKind.FunctionCall => CommandCategory.FunctionCall,
        OperationKind.RoleSwitch => CommandCategory.RoleSwitch,
        _ => CommandCategories.Classify(Command),
    };

    /// <summary>The operation's own entry: the last of <see cref="Chain"/>.</summary>
    /// <remarks>For a statement run from a prepared statement this is the prepared statement's entry, which follows
    /// the statement's own; for a role switch it is the entry of the code that switched (usually the SET statement).</remarks>
    public ChainEntry Entry => Chain[^1];

    /// <summary>The operation kinds of the policy language it belongs to (<c>dml-write</c> for COPY FROM, …).</summary>
    public GuardedOperations Guarded => GuardedOperationsOf.Operation(this);

    private IReadOnlyList<string> DerivedObjects()
    {
        if (Kind != OperationKind.FunctionCall || Chain[^1].Kind != ChainEntryKind.Function)
        {
            return [];
        }

        var name = Chain[^1].ObjectName;
        var open = name.IndexOf('(', StringComparison.Ordinal);
        return [open > 0 ? name[..open] : name];
    }
}
