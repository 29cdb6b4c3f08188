using TraceLab.Policies.Model;

namespace TraceLab.Policies.Tests.Support;

/// <summary>Roles and chain entries of the demo scenarios, built by hand.</summary>
internal static class Chains
{
    public const string SessionId = "4242-1780000000000000";

    public static readonly RoleFacts Alice = new(10, "alice", Superuser: true, true, true, true);
    public static readonly RoleFacts Mallory = new(16384, "mallory", Superuser: false, true, true, false);
    public static readonly RoleFacts Bob = new(16385, "bob", Superuser: false, true, true, false);

    /// <summary>A group role (NOLOGIN) that bob is a member of, inheriting its privileges.</summary>
    public static readonly RoleFacts Team = new(16386, "team", Superuser: false, false, true, false);

    /// <summary>bob, with his membership in team recorded.</summary>
    public static readonly RoleFacts BobInTeam = Bob with { MemberOf = [new TraceLab.Events.RoleMembership(Team.Oid, false)] };

    public static RoleCatalog Catalog(params RoleFacts[] roles) => roles.Aggregate(RoleCatalog.Empty, (c, r) => c.With(r));

    public static ChainEntry Statement(string text, RoleFacts owner, string command = "SELECT", long seq = 8) =>
        new(ChainEntryKind.Statement, text, owner, seq, Command: command);

    public static ChainEntry View(string name, RoleFacts owner, uint oid = 16400, bool candidate = false) =>
        new(ChainEntryKind.View, name, owner, 7, oid, Candidate: candidate);

    public static ChainEntry Function(string name, RoleFacts owner, long seq = 9, uint oid = 16410) =>
        new(ChainEntryKind.Function, name, owner, seq, oid);

    public static ChainEntry Trigger(string name, RoleFacts owner, long seq = 7) =>
        new(ChainEntryKind.Trigger, name, owner, seq, 16430);

    public static ChainEntry Utility(string text, string command, RoleFacts owner, long seq = 10) =>
        new(ChainEntryKind.Utility, text, owner, seq, Command: command);

    public static ChainEntry Query(string text, string command, RoleFacts owner, long seq = 10) =>
        new(ChainEntryKind.Query, text, owner, seq, Command: command);

    /// <summary>Any kind of entry, in the given phase.</summary>
    public static ChainEntry Entry(
        ChainEntryKind kind, string name, RoleFacts owner, ChainPhase phase = ChainPhase.Rewrite, string? command = null, long seq = 9) =>
        new(kind, name, owner, seq, 16500, command, Phase: phase);

    public static Operation Operation(string command, OperationKind kind, RoleFacts executor, params ChainEntry[] chain) =>
        new(SessionId, "tracelab_demo", chain[^1].Seq, command, kind, executor, chain[0].Owner, chain,
            Catalog(Alice, Mallory, BobInTeam, Team));

    /// <summary>A call of the function that ends <paramref name="chain"/>.</summary>
    public static Operation Call(RoleFacts executor, params ChainEntry[] chain) =>
        Operation(TraceLab.Policies.Model.Operation.FunctionCallCommand, OperationKind.FunctionCall, executor, chain);

    /// <summary>alice: SELECT * FROM mallory.v_bait -> v_inner -> f_evil(integer) -> ALTER ROLE mallory SUPERUSER.</summary>
    public static Operation ViewAttack(RoleFacts? mallory = null)
    {
        var m = mallory ?? Mallory;
        return Operation(
            "ALTER ROLE",
            OperationKind.UtilityCommand,
            Alice,
            Statement("SELECT * FROM mallory.v_bait", Alice),
            View("mallory.v_bait", m),
            View("mallory.v_inner", m, 16401),
            Function("mallory.f_evil(integer)", m),
            Utility("ALTER ROLE mallory SUPERUSER", "ALTER ROLE", m));
    }

    /// <summary>alice: INSERT INTO mallory.t_orders fires trg_orders -> trg_fn() -> ALTER ROLE mallory SUPERUSER.</summary>
    public static Operation TriggerAttack() =>
        Operation(
            "ALTER ROLE",
            OperationKind.UtilityCommand,
            Alice,
            Statement("INSERT INTO mallory.t_orders VALUES (1,'x')", Alice, "INSERT", 5),
            Trigger("trg_orders on mallory.t_orders", Mallory),
            Function("mallory.trg_fn()", Mallory, 7, 16411),
            Utility("ALTER ROLE mallory SUPERUSER", "ALTER ROLE", Mallory, 8));

    /// <summary>bob: SELECT bob.make_summary() -> CREATE TABLE IF NOT EXISTS bob.summary(n int).</summary>
    public static Operation BenignBob() =>
        Operation(
            "CREATE TABLE",
            OperationKind.UtilityCommand,
            Bob,
            Statement("SELECT bob.make_summary()", Bob, "SELECT", 4),
            Function("bob.make_summary()", Bob, 5, 16412),
            Utility("CREATE TABLE IF NOT EXISTS bob.summary(n int)", "CREATE TABLE", Bob, 6));
}
