using System.Buffers.Binary;
using Npgsql;
using TraceLab.Files;
using TraceLab.IntegrationTests.Support;
using TraceLab.Policies.Catalog;
using TraceLab.Policies.Compiled;
using TraceLab.Policies.Language;
using TraceLab.Recorder.Spool;
using TraceLab.Tests.Shared;

namespace TraceLab.IntegrationTests;

/// <summary>The probe reads the compiled policy form exactly as C# writes it (POLICY_FORMAT.md): the same canonical dump
/// for every built-in and generated policy, the same refusal with the same reason for damaged bytes, and never a crash.
/// The probe's reader is reached through <c>tracelab_policy_describe(bytea)</c>, the extension's test function,
/// declared here in <c>pg_temp</c> from the library the server preloads (so the test needs no installed script).</summary>
public sealed class CompiledPolicyProbeTests(TestCluster cluster) : IAsyncLifetime
{
    private const string InvalidBinaryRepresentation = "22P03";

    private NpgsqlConnection connection = null!;

    public async ValueTask InitializeAsync()
    {
        connection = await OpenAsync();
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    public static TheoryData<string> BuiltIns => [.. PolicyCatalog.Names];

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public async Task Every_built_in_policy_compiled_by_the_cli_reads_the_same_in_the_probe(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tracelab-{Guid.NewGuid():N}.tlpolicy");
        try
        {
            var result = await CliProcess.RunAsync(null, "policies", "compile", name, "-o", path);

            result.ExitCode.ShouldBe(0, result.Error);
            result.Output.ShouldStartWith($"policy \"{name}\" compiled to \"{path}\"");
            (await DescribeAsync(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken)))
                .ShouldBe(PolicyDump.Describe(PolicyCatalog.Find(name)!.Definition));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Generated_policies_read_the_same_in_the_probe()
    {
        for (var seed = 0; seed < 150; seed++)
        {
            var definition = PolicyFile.Parse(GeneratedPolicies.Text(seed), $"generated-{seed}.yaml");

            (await DescribeAsync(PolicyFormatWriter.Write(definition))).ShouldBe(PolicyDump.Describe(definition), $"seed {seed}");
        }
    }

    [Fact]
    public async Task Every_truncation_is_a_clean_error_with_the_reason_csharp_gives()
    {
        var bytes = Generated(0);

        for (var length = 0; length < bytes.Length; length++)
        {
            (await ShouldAgreeAsync(bytes[..length])).ShouldBeNull();
        }

        await ShouldStillServeAsync();
    }

    [Fact]
    public async Task Every_single_byte_change_is_a_clean_error_with_the_reason_csharp_gives()
    {
        var bytes = Generated(0);

        for (var i = 0; i < bytes.Length; i++)
        {
            foreach (var flip in new byte[] { 0x01, 0xFF })
            {
                var damaged = (byte[])bytes.Clone();
                damaged[i] ^= flip;
                (await ShouldAgreeAsync(damaged)).ShouldBeNull($"byte {i} ^ 0x{flip:x2} was accepted");
            }
        }

        await ShouldStillServeAsync();
    }

    [Fact]
    public async Task Changes_behind_a_valid_checksum_are_judged_alike_by_both_readers()
    {
        // A changed byte with length and checksum made right again reaches the structural checks: both readers must
        // refuse it for the same reason, or both accept it and describe the same policy.
        var bytes = Generated(0);
        var accepted = 0;
        for (var i = PolicyFormat.HeaderBytes; i < bytes.Length; i++)
        {
            foreach (var value in new[] { (byte)(bytes[i] ^ 0x01), (byte)(bytes[i] ^ 0x80), (byte)0x00, (byte)0xFF })
            {
                var changed = (byte[])bytes.Clone();
                changed[i] = value;
                if (await ShouldAgreeAsync(Sealed(changed)) is not null)
                {
                    accepted++;
                }
            }
        }

        // Changing a flag or a mask bit often gives another valid policy; most changes do not.
        accepted.ShouldBeGreaterThan(0);
        accepted.ShouldBeLessThan((bytes.Length - PolicyFormat.HeaderBytes) * 4);
        await ShouldStillServeAsync();
    }

    [Fact]
    public async Task Random_bytes_are_a_clean_error()
    {
        var random = new Random(14);
        for (var n = 0; n < 300; n++)
        {
            var bytes = new byte[random.Next(0, 600)];
            random.NextBytes(bytes);
            if (n % 2 == 1 && bytes.Length >= PolicyFormat.HeaderBytes)
            {
                // half of them with a valid header, so the body's checks are what refuses them
                PolicyFormat.Magic.CopyTo(bytes);
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), PolicyFormat.Version);
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(10), 0);
                bytes = Sealed(bytes);
            }

            (await ShouldAgreeAsync(bytes)).ShouldBeNull();
        }

        await ShouldStillServeAsync();
    }

    [Fact]
    public async Task An_unprivileged_role_may_not_describe_a_policy()
    {
        var role = $"tl_compiled_{Guid.NewGuid():N}"[..24];
        await cluster.AdminAsync($"CREATE ROLE {role}", TestContext.Current.CancellationToken);
        try
        {
            await using (var command = new NpgsqlCommand($"SET ROLE {role}", connection))
            {
                await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            var error = await Should.ThrowAsync<PostgresException>(() => DescribeAsync(Generated(0)));
            error.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
            error.MessageText.ShouldBe("must be superuser to describe a compiled policy");
        }
        finally
        {
            await using (var reset = new NpgsqlCommand("RESET ROLE", connection))
            {
                await reset.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            await cluster.AdminAsync($"DROP ROLE {role}", TestContext.Current.CancellationToken);
        }
    }

    private static byte[] Generated(int seed) =>
        PolicyFormatWriter.Write(PolicyFile.Parse(GeneratedPolicies.Text(seed), $"generated-{seed}.yaml"));

    /// <summary>The bytes with their declared length and checksum made right.</summary>
    private static byte[] Sealed(byte[] bytes)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), (uint)bytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(PolicyFormat.ChecksumOffset), Crc32C.Compute(bytes.AsSpan(PolicyFormat.HeaderBytes)));
        return bytes;
    }

    /// <summary>Asserts that the probe and the C# reader both refuse <paramref name="bytes"/> with the same DETAIL, or both
    /// accept it with the same dump; returns the dump when accepted.</summary>
    private async Task<string?> ShouldAgreeAsync(byte[] bytes)
    {
        string? expectedDump = null;
        string? expectedDetail = null;
        try
        {
            expectedDump = PolicyDump.Describe(PolicyFormatReader.Read(bytes, "probe"));
        }
        catch (PolicyFormatException e)
        {
            expectedDetail = e.Detail;
        }

        try
        {
            var dump = await DescribeAsync(bytes);
            dump.ShouldBe(expectedDump, $"C# refused {Convert.ToHexString(bytes)}: {expectedDetail}");
            return dump;
        }
        catch (PostgresException e)
        {
            e.SqlState.ShouldBe(InvalidBinaryRepresentation);
            e.MessageText.ShouldBe("invalid compiled policy");
            e.Hint.ShouldBe("Compile the policy again with \"tracelab policies compile\".");
            e.Detail.ShouldBe(expectedDetail, $"bytes {Convert.ToHexString(bytes)}");
            return null;
        }
    }

    private async Task<string> DescribeAsync(byte[] bytes)
    {
        await using var command = new NpgsqlCommand("SELECT pg_temp.tracelab_policy_describe($1)", connection);
        command.Parameters.AddWithValue(bytes);
        return (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>The server still answers, on this connection and on a new one: no backend crashed.</summary>
    private async Task ShouldStillServeAsync()
    {
        await using var fresh = await OpenAsync();
        foreach (var open in new[] { connection, fresh })
        {
            await using var command = new NpgsqlCommand("SELECT 1", open);
            (await command.ExecuteScalarAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
        }
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var opened = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(cluster.Superuser("postgres"))
            {
                Options = "-c tracelab.enabled=off",
                IncludeErrorDetail = true,
            }.ConnectionString);
        await opened.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            "CREATE FUNCTION pg_temp.tracelab_policy_describe(bytea) RETURNS text " +
            "AS 'tracelab_probe', 'tracelab_policy_describe' LANGUAGE C STRICT", opened);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return opened;
    }
}
