using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.Benchmarks;

/// <summary>Builds a synthetic trace: operations with the chain shapes real traffic has, over a realistic number of roles
/// and objects, so shapes repeat the way they do in a day of staging traffic.</summary>
/// <remarks>
/// Deterministic (a fixed seed). Roles: a few superusers, application roles, group roles with members, and untrusted
/// roles. Mix: top-level statements (most of the traffic), function calls written in a statement, calls through
/// views, nested queries in functions, triggers and the statements they run, defaults and index expressions evaluated
/// for writes, security definer functions, operators and casts, planner-time calls, prepared statements, DDL and
/// maintenance. Each operation is its own <see cref="Operation"/> with its own chain array, as the replayer makes them.
/// </remarks>
internal sealed class SyntheticTrace
{
    private readonly Random random;
    private readonly RoleFacts[] superusers;
    private readonly RoleFacts[] applications;
    private readonly RoleFacts[] groups;
    private readonly RoleFacts[] untrusted;
    private readonly RoleFacts[] everyone;
    private readonly RoleCatalog catalog;
    private long seq;

    public SyntheticTrace(int seed)
    {
        random = new Random(seed);
        uint oid = 16384;
        superusers = [.. Enumerable.Range(0, 3).Select(i => new RoleFacts(10 + (uint)i, $"admin{i}", true, true, true, true))];
        groups = [.. Enumerable.Range(0, 8).Select(i => new RoleFacts(oid++, $"team{i}", false, false, true, false))];
        applications =
        [
            .. Enumerable.Range(0, 40).Select(i => new RoleFacts(oid++, $"app{i}", false, true, true, false)
            {
                MemberOf = [new RoleMembership(groups[i % groups.Length].Oid, false)],
            }),
        ];
        untrusted = [.. Enumerable.Range(0, 12).Select(i => new RoleFacts(oid++, $"user{i}", false, true, true, false))];
        everyone = [.. superusers, .. groups, .. applications, .. untrusted];
        catalog = everyone.Aggregate(RoleCatalog.Empty, (c, r) => c.With(r));
    }

    public Operation[] Generate(int count)
    {
        var operations = new Operation[count];
        for (var i = 0; i < count; i++)
        {
            operations[i] = Next();
        }

        return operations;
    }

    private Operation Next()
    {
        var session = Pick(random.Next(100) < 10 ? superusers : random.Next(100) < 80 ? applications : untrusted);
        var roll = random.Next(1000);
        return roll switch
        {
            < 450 => TopLevel(session),
            < 600 => Call(session, [Root(session)], OwnerFor(session)),
            < 680 => Call(session, [Root(session), Entry(ChainEntryKind.View, OwnerFor(session), ChainPhase.Rewrite)], OwnerFor(session)),
            < 740 => Nested(session, [Root(session), Function(OwnerFor(session))]),
            < 800 => TriggerWork(session),
            < 840 => Call(session, [Root(session, "INSERT"), Entry(RowCode(), OwnerFor(session), ChainPhase.Execution)], OwnerFor(session)),
            < 880 => Definer(session),
            < 920 => Call(session, [Root(session), Entry(random.Next(2) == 0 ? ChainEntryKind.Operator : ChainEntryKind.Cast,
                OwnerFor(session), ChainPhase.Execution, random.Next(3) == 0 ? EntryTraits.OperatorClass : EntryTraits.None)], OwnerFor(session)),
            < 945 => Call(session, [Root(session, "SELECT", ChainPhase.Planning)], OwnerFor(session), ChainPhase.Planning),
            < 965 => Prepared(session),
            < 985 => Ddl(session),
            _ => Maintenance(session),
        };
    }

    private Operation TopLevel(RoleFacts session)
    {
        var command = Pick(["SELECT", "SELECT", "SELECT", "INSERT", "UPDATE", "DELETE", "BEGIN", "COMMIT", "SET"]);
        var kind = command is "BEGIN" or "COMMIT" or "SET" ? OperationKind.UtilityCommand : OperationKind.PlannedStatement;
        return Make(command, kind, session, session, [Root(session, command)]);
    }

    private Operation Call(RoleFacts session, List<ChainEntry> chain, RoleFacts owner, ChainPhase phase = ChainPhase.Execution)
    {
        chain.Add(Function(owner, phase));
        return Make(Operation.FunctionCallCommand, OperationKind.FunctionCall, session, session, chain);
    }

    private Operation Nested(RoleFacts session, List<ChainEntry> chain)
    {
        var command = Pick(["SELECT", "SELECT", "INSERT", "UPDATE"]);
        chain.Add(new ChainEntry(ChainEntryKind.Query, command, chain[^1].Owner, ++seq, Command: command, Phase: ChainPhase.Execution));
        return Make(command, OperationKind.PlannedStatement, session, session, chain);
    }

    private Operation TriggerWork(RoleFacts session)
    {
        var owner = OwnerFor(session);
        List<ChainEntry> chain = [Root(session, "INSERT"), Entry(ChainEntryKind.Trigger, owner, ChainPhase.Execution), Function(owner)];
        if (random.Next(2) == 0)
        {
            return Make(Operation.FunctionCallCommand, OperationKind.FunctionCall, session, session, chain);
        }

        return Nested(session, chain);
    }

    private Operation Definer(RoleFacts session)
    {
        var definer = Pick(random.Next(3) == 0 ? superusers : applications);
        List<ChainEntry> chain = [Root(session), Function(definer) with { PrivilegeSwitch = true }];
        if (random.Next(2) == 0)
        {
            chain.Add(Function(OwnerFor(definer)));
        }

        return random.Next(2) == 0
            ? Make(Operation.FunctionCallCommand, OperationKind.FunctionCall, definer, session, chain)
            : Nested(definer, chain) with { Executor = definer };
    }

    private Operation Prepared(RoleFacts session)
    {
        var preparer = OwnerFor(session);
        List<ChainEntry> chain =
        [
            Root(session, "EXECUTE"),
            new ChainEntry(ChainEntryKind.PreparedStatement, "p1", preparer, ++seq, Phase: ChainPhase.Prepare),
        ];
        return Make("SELECT", OperationKind.PlannedStatement, session, session, chain);
    }

    private Operation Ddl(RoleFacts session)
    {
        var command = Pick(["CREATE TABLE", "ALTER TABLE", "GRANT", "ALTER ROLE", "DROP TABLE"]);
        if (random.Next(2) == 0)
        {
            return Make(command, OperationKind.UtilityCommand, session, session, [Root(session, command)]);
        }

        var owner = OwnerFor(session);
        List<ChainEntry> chain =
        [
            Root(session), Function(owner),
            new ChainEntry(ChainEntryKind.Utility, command, owner, ++seq, Command: command, Phase: ChainPhase.Utility),
        ];
        return Make(command, OperationKind.UtilityCommand, session, session, chain);
    }

    private Operation Maintenance(RoleFacts session)
    {
        var tableOwner = Pick(applications);
        List<ChainEntry> chain =
        [
            Root(session, "ANALYZE"),
            new ChainEntry(ChainEntryKind.Maintenance, "ANALYZE t", tableOwner, ++seq, Command: "ANALYZE", Phase: ChainPhase.Maintenance,
                PrivilegeSwitch: true),
            Entry(ChainEntryKind.IndexExpression, tableOwner, ChainPhase.Maintenance),
            Function(OwnerFor(tableOwner), ChainPhase.Maintenance),
        ];
        return Make(Operation.FunctionCallCommand, OperationKind.FunctionCall, tableOwner, session, chain);
    }

    /// <summary>Whose code a session meets: mostly its own or a superuser's, often its group's, sometimes a stranger's.</summary>
    private RoleFacts OwnerFor(RoleFacts session)
    {
        var roll = random.Next(100);
        return roll switch
        {
            < 45 => session,
            < 65 => Pick(superusers),
            < 80 => session.MemberOf.Count > 0 ? catalog.Find(session.MemberOf[0].RoleOid) : session,
            < 92 => Pick(applications),
            _ => Pick(untrusted),
        };
    }

    private ChainEntryKind RowCode() => Pick(
    [
        ChainEntryKind.Default, ChainEntryKind.IndexExpression, ChainEntryKind.CheckConstraint, ChainEntryKind.Policy,
        ChainEntryKind.GeneratedColumn,
    ]);

    private ChainEntry Root(RoleFacts session, string command = "SELECT", ChainPhase phase = ChainPhase.Execution) =>
        new(ChainEntryKind.Statement, "statement", session, ++seq, Command: command, Phase: phase);

    private ChainEntry Function(RoleFacts owner, ChainPhase phase = ChainPhase.Execution) =>
        new(ChainEntryKind.Function, $"{owner.Name}.f{random.Next(50)}()", owner, ++seq, 20000, Phase: phase);

    private ChainEntry Entry(ChainEntryKind kind, RoleFacts owner, ChainPhase phase, EntryTraits traits = EntryTraits.None) =>
        new(kind, $"{owner.Name}.object{random.Next(50)}", owner, ++seq, 30000, Phase: phase, Traits: traits);

    private Operation Make(string command, OperationKind kind, RoleFacts executor, RoleFacts session, List<ChainEntry> chain) =>
        new("1-1", "bench", ++seq, command, kind, executor, session, chain.ToArray(), catalog);

    private T Pick<T>(T[] items) => items[random.Next(items.Length)];
}
