using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary>Issue 3's "Done when": replayed under ddl-needs-trusted-chain, a privileged command that a less privileged
/// role's code runs with a victim's rights is blocked on every path PostgreSQL offers, and the same command is allowed
/// when every owner in the chain is the victim itself or a superuser. Real sessions, real probe, real Marten.</summary>
public sealed class AttackPathTests(TestCluster cluster)
{
    private const string Ddl = "ddl-needs-trusted-chain";

    public static TheoryData<AttackPath> Paths() => [.. AttackPaths.All];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task The_attackers_path_is_blocked(AttackPath path)
    {
        var (lab, operations) = await RunAsync(path, owner: "mallory");
        await using var _ = lab;

        var payloads = operations.Where(o => o.Command() == path.PayloadCommand).ToList();
        payloads.ShouldNotBeEmpty($"the payload of path '{path.Name}' never ran");
        foreach (var payload in payloads)
        {
            var chain = payload.Chain();
            payload.Executor().ShouldBe(lab.Role(path.Victim));
            var entry = chain.FirstOrDefault(e => e.Kind == path.Kind);
            entry.ShouldNotBeNull($"no {path.Kind} entry in [{string.Join(" -> ", chain)}]");
            if (path.Phase is not null)
            {
                entry.Phase.ShouldBe(path.Phase, string.Join(" -> ", chain));
            }

            payload.Decision(Ddl).ShouldBe("blocked", string.Join(" -> ", chain));
            payload.Message(Ddl).ShouldBe(
                $"user \"{lab.Role("mallory")}\" may not induce user \"{lab.Role(path.Victim)}\" to execute \"{path.PayloadCommand}\"");
            payload.Decision("permissive").ShouldBe("allowed");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task The_same_path_is_allowed_when_every_owner_is_trusted(AttackPath path)
    {
        var (lab, operations) = await RunAsync(path, owner: path.Victim);
        await using var _ = lab;

        var payloads = operations.Where(o => o.Command() == path.PayloadCommand).ToList();
        payloads.ShouldNotBeEmpty($"the payload of path '{path.Name}' never ran");
        foreach (var payload in payloads)
        {
            var chain = payload.Chain();
            chain.ShouldContain(e => e.Kind == path.Kind, string.Join(" -> ", chain));
            chain.ShouldAllBe(e => e.Owner == lab.Role(path.Victim) || e.Owner == lab.Role("admin"));
            payload.Decision(Ddl).ShouldBe("allowed", string.Join(" -> ", chain));
        }
    }

    private async Task<(ScenarioLab Lab, List<System.Text.Json.JsonElement> Operations)> RunAsync(AttackPath path, string owner)
    {
        var lab = await ScenarioLab.CreateAsync(cluster);
        try
        {
            await lab.CreateRoleAsync("alice", superuser: true);
            await lab.CreateRoleAsync("mallory");
            await lab.CreateRoleAsync("bob");
            await lab.CreateRoleAsync("admin", superuser: true);
            var sql = (AttackPaths.Prelude + path.Setup)
                .Replace("{payload}", path.Payload, StringComparison.Ordinal)
                .Replace("{owner}", "{" + owner + "}", StringComparison.Ordinal);
            await lab.SetUpAsync($"SET ROLE {{{owner}}};\n{sql}\nRESET ROLE;");
            if (path.AdminSetup is not null)
            {
                // As the lab's own superuser, so the event trigger's owner is a role of the lab.
                var admin = path.AdminSetup.Replace("{owner}", "{" + owner + "}", StringComparison.Ordinal);
                await lab.SetUpAsync($"SET ROLE {{admin}};\n{admin};\nRESET ROLE;");
            }

            var statements = path.Statements.Select(s => s.Replace("{owner}", "{" + owner + "}", StringComparison.Ordinal)).ToArray();
            var session = await lab.RunSessionAsync(path.Victim, statements);
            return (lab, await lab.ReplayJsonAsync(session));
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }
}
