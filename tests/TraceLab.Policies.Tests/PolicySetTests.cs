using TraceLab.Events;
using TraceLab.Policies.Language;
using TraceLab.Policies.Model;
using TraceLab.Policies.Tests.Support;
using TraceLab.Tests.Shared;

namespace TraceLab.Policies.Tests;

/// <summary>Several policies in one pass: exactly the verdicts each policy gives on its own, decisions remembered per
/// operation facts and never across a change of role facts.</summary>
public sealed class PolicySetTests
{
    private static IPolicy Compile(string trust) => PolicyFile.Compile(
        $"name: p\ndescription: d\nrules:\n  - {{name: r, operations: [any], trust: {trust}, action: block}}\n", "p.yaml");

    private static Verdict[] Evaluate(PolicySet set, Operation operation)
    {
        var verdicts = new Verdict[set.Policies.Count];
        set.Evaluate(operation, verdicts);
        return verdicts;
    }

    [Fact]
    public void Gives_every_policy_s_own_verdict_on_random_operations_with_their_facts_repeating()
    {
        // Given the built-ins and generated policies that use every key of the language, and operations drawn from a
        // small pool of facts, so that most repeat an earlier one's facts
        IPolicy[] policies =
        [
            .. BuiltInPolicies.All,
            .. Enumerable.Range(0, 40).Select(s => PolicyFile.Compile(GeneratedPolicies.Text(s), $"generated-{s}.yaml")),
        ];
        var set = new PolicySet(policies);
        var operations = new RandomOperations(20260528);

        // When each is evaluated by the set and by each policy alone
        for (var i = 0; i < 4000; i++)
        {
            var operation = operations.Next();
            var verdicts = Evaluate(set, operation);

            // Then decision, culprit, rule and the three texts are the policy's own
            for (var p = 0; p < policies.Length; p++)
            {
                verdicts[p].ShouldBe(policies[p].Evaluate(operation), $"operation {i}, policy {policies[p].Name}");
            }
        }

        set.RememberedOperations.ShouldBeGreaterThan(1000, "the facts repeat, so most operations are found");
    }

    [Fact]
    public void A_remembered_decision_gives_texts_from_the_operation_itself()
    {
        var set = new PolicySet([BuiltInPolicies.DdlNeedsTrustedChain]);
        var first = Chains.ViewAttack();
        var renamed = first with
        {
            Chain = [.. first.Chain.Select(e => e with { ObjectName = e.ObjectName.Replace("mallory.", "other.", StringComparison.Ordinal) })],
        };

        var a = Evaluate(set, first)[0];
        var b = Evaluate(set, renamed)[0];

        set.RememberedOperations.ShouldBe(1);
        b.Detail.ShouldNotBe(a.Detail);
        b.ShouldBe(BuiltInPolicies.DdlNeedsTrustedChain.Evaluate(renamed));
        b.Detail.ShouldNotBeNull().ShouldContain("other.f_evil(integer)");
    }

    [Fact]
    public void A_membership_granted_in_a_later_catalog_changes_the_decision_of_the_same_chain()
    {
        // Given a policy that trusts the roles the executor inherits from, and bob calling team's function: the chain's
        // role facts are the same objects before and after, only the catalog in force records the grant
        var set = new PolicySet([Compile("{membership: inherited}")]);
        var before = Chains.Catalog(Chains.Alice, Chains.Bob, Chains.Team);
        var after = before.With(Chains.BobInTeam);
        var call = Chains.Call(Chains.Bob, Chains.Statement("SELECT team.f()", Chains.Bob), Chains.Function("team.f()", Chains.Team));

        // When the same call is judged before the grant, after it, and after it again
        var blocked = Evaluate(set, call with { Roles = before })[0];
        var allowed = Evaluate(set, call with { Roles = after })[0];
        var again = Evaluate(set, call with { Roles = after })[0];

        // Then the grant is seen at once, and only the last is a remembered decision
        blocked.IsBlocked.ShouldBeTrue();
        allowed.ShouldBeSameAs(Verdict.Allow());
        again.ShouldBeSameAs(Verdict.Allow());
        set.RememberedOperations.ShouldBe(1);
    }

    [Fact]
    public void An_owner_described_again_as_a_superuser_changes_the_decision_within_a_stream()
    {
        var set = new PolicySet([BuiltInPolicies.DdlNeedsTrustedChain]);
        var superuser = Chains.Mallory with { Superuser = true };
        var attack = Chains.ViewAttack();
        var promoted = Chains.ViewAttack(superuser) with { Roles = attack.Roles.With(superuser) };

        Evaluate(set, attack)[0].IsBlocked.ShouldBeTrue();
        Evaluate(set, promoted)[0].ShouldBeSameAs(Verdict.Allow());
        Evaluate(set, attack)[0].IsBlocked.ShouldBeTrue("the stream's earlier facts are decided again, not mixed up");
        set.RememberedOperations.ShouldBe(0);
    }

    [Fact]
    public void Facts_other_than_the_chain_tell_operations_apart()
    {
        // Given a policy whose rule guards by command and object
        var policy = PolicyFile.Compile("""
            name: p
            description: d
            rules:
              - name: r
                operations: [any]
                commands: ["ALTER *"]
                objects: ["public.*"]
                trust: {}
                action: block
            """, "p.yaml");
        var set = new PolicySet([policy]);
        var alter = Chains.ViewAttack() with { Objects = ["public.t"] };

        // Then another command, other objects or another executor are not the remembered operation
        Evaluate(set, alter)[0].IsBlocked.ShouldBeTrue();
        Evaluate(set, alter with { Command = "DROP TABLE" })[0].ShouldBeSameAs(Verdict.Allow());
        Evaluate(set, alter with { Objects = ["private.t"] })[0].ShouldBeSameAs(Verdict.Allow());
        Evaluate(set, alter with { Executor = Chains.Mallory })[0].ShouldBe(policy.Evaluate(alter with { Executor = Chains.Mallory }));
        set.RememberedOperations.ShouldBe(0);
    }

    [Fact]
    public void Policies_not_written_in_the_language_are_asked_every_time()
    {
        var counting = new CountingPolicy();
        var set = new PolicySet([BuiltInPolicies.Permissive, counting, BuiltInPolicies.DdlNeedsTrustedChain]);

        var attack = Chains.ViewAttack();
        var first = Evaluate(set, attack);
        var second = Evaluate(set, attack with { Seq = 99 });

        counting.Calls.ShouldBe(2);
        second[1].IsWarned.ShouldBeTrue();
        second[2].IsBlocked.ShouldBeTrue();
        first[0].ShouldBeSameAs(Verdict.Allow());
        set.RememberedOperations.ShouldBe(1);
    }

    [Fact]
    public void A_policy_with_more_rules_than_a_shape_has_guard_bits_is_decided_every_time_and_the_same()
    {
        var rules = string.Concat(Enumerable.Range(0, 65).Select(i =>
        {
            var command = i == 64 ? "ALTER *" : $"NOTHING {i}";
            return $"  - {{name: r{i}, operations: [any], commands: [\"{command}\"], trust: {{}}, action: block}}\n";
        }));
        var policy = PolicyFile.Compile($"name: many\ndescription: d\nrules:\n{rules}", "many.yaml");
        var set = new PolicySet([policy]);

        Evaluate(set, Chains.ViewAttack())[0].ShouldBe(policy.Evaluate(Chains.ViewAttack()));
        Evaluate(set, Chains.ViewAttack())[0].Rule.ShouldBe("r64");
        set.RememberedOperations.ShouldBe(0);
    }

    [Fact]
    public void Verdicts_can_be_made_from_decisions_taken_earlier()
    {
        var set = new PolicySet(BuiltInPolicies.All);
        var attack = Chains.ViewAttack();
        var benign = Chains.BenignBob();

        var decided = set.Decide(attack);
        set.Decide(benign).AllAllowed.ShouldBeTrue();
        decided.AllAllowed.ShouldBeFalse();
        var verdicts = new Verdict[set.Policies.Count];
        set.Verdicts(attack, decided, verdicts);

        verdicts.ShouldBe([.. BuiltInPolicies.All.Select(p => p.Evaluate(attack))]);
    }

    [Fact]
    public void Refuses_too_little_room_and_decisions_of_another_set()
    {
        var set = new PolicySet(BuiltInPolicies.All);
        var other = new PolicySet([BuiltInPolicies.Permissive]);

        Should.Throw<ArgumentException>(() => set.Evaluate(Chains.ViewAttack(), new Verdict[1]));
        Should.Throw<ArgumentException>(() =>
            set.Verdicts(Chains.ViewAttack(), other.Decide(Chains.ViewAttack()), new Verdict[set.Policies.Count]));
    }

    /// <summary>A policy of its own, not written in the policy language: warns about everything and counts its calls.</summary>
    private sealed class CountingPolicy : IPolicy
    {
        public int Calls { get; private set; }

        public string Name => "counting";

        public string Description => "Warns about everything.";

        public Verdict Evaluate(Operation operation)
        {
            Calls++;
            return Verdict.Warn("counted");
        }
    }

    /// <summary>Operations from a seed: five roles (names the generated policies mention or not) in three catalogues
    /// (superusers and grants differ), commands of every category, COPY details, objects, and chains of up to five
    /// entries of every kind, phase and trait. As in a session, the catalogue in force changes now and then (every 200
    /// operations), and operations repeat the facts of earlier ones (a pool of 40 per catalogue) under other names and
    /// seqs.</summary>
    private sealed class RandomOperations(int seed)
    {
        private const int RunLength = 200;
        private const int PoolSize = 40;

        private static readonly string[] Names = ["alice", "bob", "mallory", "Müller", "carol"];

        private static readonly string[] Commands =
            ["ALTER ROLE", "CREATE TABLE", "SELECT", "INSERT", "GRANT", "VACUUM", "COPY", "COPY FROM", "DROP FUNCTION", "FROB"];

        private static readonly string[] Objects = ["public.t", "mallory.f_evil(integer)", "x.secret"];

        private readonly Random random = new(seed);
        private readonly RoleCatalog[] catalogs = [.. Enumerable.Range(0, 3).Select(v => Catalog(v))];
        private readonly Dictionary<RoleCatalog, Operation[]> pools = [];
        private int count;

        public Operation Next()
        {
            var roles = catalogs[count++ / RunLength % catalogs.Length];
            if (!pools.TryGetValue(roles, out var pool))
            {
                pools[roles] = pool = [.. Enumerable.Range(0, PoolSize).Select(_ => Fresh(roles))];
            }

            var model = pool[random.Next(pool.Length)];
            return model with
            {
                Seq = count,
                Chain = [.. model.Chain.Select(e => e with { ObjectName = $"object {random.Next(1000)}", Seq = random.Next(1000) })],
            };
        }

        private Operation Fresh(RoleCatalog roles)
        {
            var executor = roles.Find(Oid());
            var kind = (OperationKind)random.Next(4);
            var command = kind switch
            {
                OperationKind.FunctionCall => Operation.FunctionCallCommand,
                OperationKind.RoleSwitch => "SET ROLE",
                _ => Commands[random.Next(Commands.Length)],
            };
            var chain = Enumerable.Range(0, random.Next(1, 6)).Select(i => Entry(i, roles)).ToArray();
            return new Operation("s", "db", 1, command, kind, executor, chain[0].Owner, chain, roles)
            {
                Copy = random.Next(3) == 0 ? new CopyDetails(random.Next(2) == 0, random.Next(2) == 0, "public.t") : null,
                Objects = random.Next(2) == 0 ? [] : [Objects[random.Next(Objects.Length)]],
            };
        }

        private static RoleCatalog Catalog(int variant)
        {
            var catalog = RoleCatalog.Empty;
            for (var i = 0; i < Names.Length; i++)
            {
                var grants = (variant + i) % 2 == 0 ? new[] { new RoleMembership(10 + (uint)((i + 1) % Names.Length), false) } : [];
                var superuser = (variant + i) % 3 == 0;
                catalog = catalog.With(new RoleFacts(10 + (uint)i, Names[i], superuser, true, true, false) { MemberOf = grants });
            }

            return catalog;
        }

        private ChainEntry Entry(int index, RoleCatalog roles)
        {
            var kind = index == 0 ? ChainEntryKind.Statement : (ChainEntryKind)random.Next(1, 8);
            return new ChainEntry(
                kind,
                $"object {random.Next(1000)}",
                random.Next(8) == 0 ? RoleFacts.Unknown(99) : roles.Find(Oid()),
                random.Next(1000),
                Candidate: random.Next(8) == 0,
                Synthetic: random.Next(12) == 0,
                Phase: (ChainPhase)random.Next(3),
                PrivilegeSwitch: random.Next(6) == 0,
                Traits: random.Next(6) == 0 ? EntryTraits.TypeOutputFunction : EntryTraits.None);
        }

        private uint Oid() => 10 + (uint)random.Next(Names.Length);
    }
}
