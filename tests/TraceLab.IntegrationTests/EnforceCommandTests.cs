using System.Buffers.Binary;
using System.Text.Json;
using Npgsql;
using TraceLab.Cli.Cluster;
using TraceLab.Files;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary><c>tracelab enforce</c> and the enforcement part of <c>tracelab status</c>, run as a user runs them, on an
/// embedded cluster of their own with the real probe: what each puts in force, what sessions then see, and the errors.
/// </summary>
public sealed class EnforceCommandTests(EnforcementCluster cluster) : IClassFixture<EnforcementCluster>, IDisposable
{
    private const string InsufficientPrivilege = "42501";

    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("tracelab-enforce-files-");

    public void Dispose() => scratch.Delete(recursive: true);

    [Fact]
    public async Task A_built_in_policy_is_enforced_in_warn_mode_by_default_and_status_shows_it()
    {
        // Given the policy's compiled form, as policies compile writes it
        var checksum = await ChecksumAsync("ddl-needs-trusted-chain");

        // When it is enforced without --mode
        var enforce = await Cli("enforce", "ddl-needs-trusted-chain");

        // Then it is in force in warn mode, and enforce says so in the words status uses
        enforce.ExitCode.ShouldBe(0, enforce.Error);
        enforce.Output.ShouldStartWith($"policy \"ddl-needs-trusted-chain\" enforced in warn mode (1 rule, checksum {checksum}, file \"");
        enforce.Output.ShouldContain($"policy-{checksum}.tlpolicy\", loaded at ");
        var json = await StatusJsonAsync();
        json.GetProperty("mode").GetString().ShouldBe("warn");
        json.GetProperty("policy_name").GetString().ShouldBe("ddl-needs-trusted-chain");
        json.GetProperty("rules").GetInt32().ShouldBe(1);
        json.GetProperty("checksum").GetString().ShouldBe(checksum);
        json.GetProperty("policy_file").GetString().ShouldEndWith($"tracelab/policy-{checksum}.tlpolicy");
        json.GetProperty("loaded_at").GetDateTimeOffset().ShouldBeInRange(
            TimeProvider.System.GetUtcNow().AddMinutes(-5), TimeProvider.System.GetUtcNow().AddMinutes(1));
        var env = await Cli("status", "--format", "env");
        env.Output.ShouldContain("export TRACELAB_ENFORCE_MODE='warn'\n");
        env.Output.ShouldContain("export TRACELAB_ENFORCE_POLICY='ddl-needs-trusted-chain'\n");
        var table = await Cli("status");
        table.Output.ShouldContain("enforcement       policy \"ddl-needs-trusted-chain\" enforced in warn mode (1 rule, ");

        // And the file the server reads is private to the cluster's OS user
        var installed = Path.Combine(cluster.DataDirectory, "tracelab", $"policy-{checksum}.tlpolicy");
        File.GetUnixFileMode(installed).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        (await OwnerAsync(installed)).ShouldBe(ClusterUser.ForThisProcess().RunAs ?? System.Environment.UserName);

        // And a superuser tricked into DDL through mallory's function is warned, and the DDL runs
        await cluster.ExecuteAsync("DROP TABLE IF EXISTS public.baited");
        var notices = await cluster.ExecuteAsync("SELECT public.bait()");
        notices.ShouldContain(n => n.Severity == "WARNING" && n.SqlState == InsufficientPrivilege);
        (await cluster.ShowAsync("tracelab.enforce_mode")).ShouldBe("warn");
        await cluster.ExecuteAsync("SELECT 'public.baited'::regclass");
    }

    [Fact]
    public async Task A_policy_file_in_block_mode_blocks_and_off_stops_enforcing_but_keeps_it_installed()
    {
        // Given a policy file of the user's own
        var file = await PolicyFileAsync("mine", "ddl, role, grant");
        var checksum = await ChecksumAsync(file);

        // When it is enforced in block mode
        var enforce = await Cli("enforce", file, "--mode", "block");

        // Then the superuser's DDL through mallory's function fails as the replayer would block it
        enforce.ExitCode.ShouldBe(0, enforce.Error);
        enforce.Output.ShouldStartWith($"policy \"mine\" enforced in block mode (1 rule, checksum {checksum}, ");
        var blocked = await Should.ThrowAsync<PostgresException>(() => cluster.ExecuteAsync("SELECT public.bait()"));
        blocked.SqlState.ShouldBe(InsufficientPrivilege);

        // When enforcement is turned off
        var off = await Cli("enforce", "--off");

        // Then the policy stays loaded, installed and named, but decides nothing
        off.ExitCode.ShouldBe(0, off.Error);
        off.Output.ShouldStartWith($"off; policy \"mine\" loaded, not enforced (1 rule, checksum {checksum}, ");
        var json = await StatusJsonAsync();
        json.GetProperty("mode").GetString().ShouldBe("off");
        json.GetProperty("policy_name").GetString().ShouldBe("mine");
        (await Cli("status", "--format", "env")).Output.ShouldContain("export TRACELAB_ENFORCE_MODE='off'\n");
        (await cluster.ShowAsync("tracelab.enforce_policy")).ShouldBe($"tracelab/policy-{checksum}.tlpolicy");
        File.Exists(Path.Combine(cluster.DataDirectory, "tracelab", $"policy-{checksum}.tlpolicy")).ShouldBeTrue();
        (await cluster.ExecuteAsync("SELECT public.bait()")).ShouldNotContain(n => n.Severity == "WARNING");
    }

    [Fact]
    public async Task Enforcing_another_policy_replaces_the_installed_one()
    {
        // Given one policy in force
        var first = await PolicyFileAsync("first", "ddl");
        (await Cli("enforce", first)).ExitCode.ShouldBe(0);

        // When another replaces it
        var second = await PolicyFileAsync("second", "role");
        var enforce = await Cli("enforce", second, "--mode", "block");

        // Then only the second is installed and in force
        enforce.ExitCode.ShouldBe(0, enforce.Error);
        var checksum = await ChecksumAsync(second);
        Directory.GetFiles(Path.Combine(cluster.DataDirectory, "tracelab"))
            .ShouldBe([Path.Combine(cluster.DataDirectory, "tracelab", $"policy-{checksum}.tlpolicy")]);
        var json = await StatusJsonAsync();
        json.GetProperty("policy_name").GetString().ShouldBe("second");
        json.GetProperty("mode").GetString().ShouldBe("block");
    }

    [Fact]
    public async Task Settings_new_sessions_do_not_show_in_time_are_set_back_and_reported()
    {
        // Given a policy in force, and the mode of the sessions tracelab opens pinned by a per-role value
        (await Cli("enforce", "permissive")).ExitCode.ShouldBe(0);
        var autoConf = Path.Combine(cluster.DataDirectory, "postgresql.auto.conf");
        var before = await File.ReadAllTextAsync(autoConf, TestContext.Current.CancellationToken);
        await cluster.ExecuteAsync("ALTER ROLE postgres SET tracelab.enforce_mode = off");
        try
        {
            // When another policy is to be enforced in block mode
            var result = await Cli("enforce", "ddl-needs-trusted-chain", "--mode", "block");

            // Then, after waiting, it fails saying what new sessions reported, and the settings are as they were
            result.ExitCode.ShouldBe(1);
            result.Error.ShouldStartWith(
                "error: the embedded cluster did not put policy \"ddl-needs-trusted-chain\" in block mode in force\n" + "detail: After the reload, new sessions still reported off; policy \"ddl-needs-trusted-chain\" loaded, not enforced (");
            result.Error.ShouldContain("ALTER ROLE postgres SET");
            (await File.ReadAllTextAsync(autoConf, TestContext.Current.CancellationToken)).ShouldBe(before);
        }
        finally
        {
            await cluster.ExecuteAsync("ALTER ROLE postgres RESET tracelab.enforce_mode");
        }

        // And the policy that was in force still is
        var json = await StatusJsonAsync();
        json.GetProperty("policy_name").GetString().ShouldBe("permissive");
        json.GetProperty("mode").GetString().ShouldBe("warn");
    }

    [Fact]
    public async Task A_policy_file_that_does_not_exist_changes_nothing()
    {
        // Given what is in force
        (await Cli("enforce", "permissive")).ExitCode.ShouldBe(0);
        var before = (await StatusJsonAsync()).ToString();

        // When a file that does not exist is to be enforced
        var missing = Path.Combine(scratch.FullName, "missing.yaml");
        var result = await Cli("enforce", missing, "--mode", "block");

        // Then it is an error naming the file, and what was in force still is
        result.ExitCode.ShouldBe(1);
        result.Output.ShouldBeEmpty();
        result.Error.ShouldStartWith($"error: could not read policy file \"{missing}\"\n");
        (await StatusJsonAsync()).ToString().ShouldBe(before);
    }

    [Fact]
    public async Task A_policy_file_with_an_error_is_reported_as_policies_check_reports_it_and_changes_nothing()
    {
        // Given what is in force, and a policy file with a misspelt key
        (await Cli("enforce", "permissive")).ExitCode.ShouldBe(0);
        var before = (await StatusJsonAsync()).ToString();
        var file = Path.Combine(scratch.FullName, "bad.yaml");
        await File.WriteAllTextAsync(file, "name: bad\ndescription: A policy.\nrules:\n  - {name: r, oprations: [ddl], action: block}\n",
            TestContext.Current.CancellationToken);

        // When it is to be enforced
        var result = await Cli("enforce", file);

        // Then the error is the one policies check prints, and what was in force still is
        result.ExitCode.ShouldBe(1);
        var check = await Cli("policies", "check", file);
        check.ExitCode.ShouldBe(1);
        result.Error.ShouldStartWith("error: ");
        check.Error.ShouldContain(result.Error.TrimEnd('\n'));
        (await StatusJsonAsync()).ToString().ShouldBe(before);
    }

    [Theory]
    [InlineData("enforce --off permissive", "error: --off cannot be used with a policy")]
    [InlineData("enforce --off --mode block", "error: --off cannot be used with --mode")]
    [InlineData("enforce permissive --mode off", "error: invalid value for --mode: \"off\"")]
    [InlineData("enforce", "error: a policy to enforce is required")]
    [InlineData("enforce permissive --mod block", "error: unrecognized option \"--mod\"")]
    public async Task A_command_line_that_does_not_fit_is_a_usage_error_and_changes_nothing(string commandLine, string error)
    {
        var before = (await StatusJsonAsync()).ToString();

        var result = await Cli(commandLine.Split(' '));

        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldStartWith(error + "\n");
        (await StatusJsonAsync()).ToString().ShouldBe(before);
    }

    [Fact]
    public async Task Without_a_running_cluster_enforce_says_to_run_up_and_status_still_works()
    {
        // Given a state directory with no cluster
        await using var home = new ScratchClusterHome("tracelab-enforce-down-");

        // When a policy is to be enforced, and status is asked
        var enforce = await CliProcess.RunAsync(home.Environment, "enforce", "ddl-needs-trusted-chain");
        var status = await CliProcess.RunAsync(home.Environment, "status", "--format", "json");

        // Then enforce fails with a hint to start the cluster, and status says nothing is known of enforcement
        enforce.ExitCode.ShouldBe(1);
        enforce.Error.ShouldStartWith("error: the embedded PostgreSQL cluster is not running\n");
        enforce.Error.ShouldContain("hint: Run \"tracelab up\" first.");
        status.ExitCode.ShouldBe(3);
        JsonDocument.Parse(status.Output).RootElement.GetProperty("enforcement").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    private Task<CliResult> Cli(params string[] arguments) => CliProcess.RunAsync(cluster.Environment, arguments);

    private async Task<JsonElement> StatusJsonAsync()
    {
        var status = await Cli("status", "--format", "json");
        status.ExitCode.ShouldBe(0, status.Error);
        return JsonDocument.Parse(status.Output).RootElement.GetProperty("enforcement").Clone();
    }

    /// <summary>The checksum in the header of the policy compiled by <c>policies compile</c>, checked against the bytes.
    /// </summary>
    private async Task<string> ChecksumAsync(string policy)
    {
        var output = Path.Combine(scratch.FullName, $"{Guid.NewGuid():N}.tlpolicy");
        var compile = await Cli("policies", "compile", policy, "-o", output);
        compile.ExitCode.ShouldBe(0, compile.Error);
        var bytes = await File.ReadAllBytesAsync(output, TestContext.Current.CancellationToken);
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16));
        stored.ShouldBe(Crc32C.Compute(bytes.AsSpan(20)));
        return stored.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A copy of <c>ddl-needs-trusted-chain</c> named <paramref name="name"/>, guarding
    /// <paramref name="operations"/>.</summary>
    private async Task<string> PolicyFileAsync(string name, string operations)
    {
        var file = Path.Combine(scratch.FullName, name + ".yaml");
        await File.WriteAllTextAsync(file, $"""
            name: {name}
            description: Refuse DDL unless every owner in the chain is trusted.
            default: allow
            rules:
              - name: untrusted-ddl
                operations: [{operations}]
                trust:
                  self: true
                  superusers: true
                scope: whole-chain
                action: block
            """, TestContext.Current.CancellationToken);
        return file;
    }

    private static async Task<string> OwnerAsync(string path)
    {
        var result = await ProcessRunner.RunAsync("stat", ["-c", "%U", path], ct: TestContext.Current.CancellationToken);
        return result.Output.Trim();
    }
}
