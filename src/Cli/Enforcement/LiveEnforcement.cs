using System.Buffers.Binary;
using System.Globalization;
using Npgsql;
using TraceLab.Cli.Cluster;
using TraceLab.Policies.Compiled;
using TraceLab.Policies.Language;

namespace TraceLab.Cli.Enforcement;

/// <summary>Changes what the running embedded cluster enforces: <c>ALTER SYSTEM</c> of the probe's settings, a reload,
/// then a bounded wait until new sessions report it through <c>tracelab_enforcement()</c>.</summary>
/// <remarks>A reload the probe refuses leaves the previous policy in force (and the server log says why), but
/// <c>postgresql.auto.conf</c> would keep naming the refused settings, which stop the next start of the server. So when
/// new sessions do not show what was asked for in time, that file is set back as it was before the error.
/// </remarks>
internal sealed class LiveEnforcement(ClusterConnection cluster, string logFile, ClusterUser user, TimeProvider time)
{
    /// <summary>How long new sessions may take to show a reload: a reload takes milliseconds; a loaded machine, more.
    /// </summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Installs <paramref name="definition"/> compiled, and enforces it in <paramref name="mode"/>.</summary>
    public async Task<EnforcementState> EnforceAsync(PolicyDefinition definition, EnforcementMode mode, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(definition);
        await using var admin = await EnforcementReader.OpenAsync(cluster, ct);
        // Reading first also proves that the probe can enforce, before anything is written.
        await EnforcementReader.ReadAsync(admin, ct);
        var compiled = PolicyFormatWriter.Write(definition);
        var checksum = Checksum(compiled);
        var file = await PolicyInstaller.InstallAsync(cluster.DataDirectory, compiled, checksum, user, ct);
        var state = await ApplyAsync(
            admin,
            [(EnforcementSettingNames.Policy, file), (EnforcementSettingNames.Mode, EnforcementModeNames.Of(mode))],
            $"policy \"{definition.Name}\" in {EnforcementModeNames.Of(mode)} mode",
            s => s.PolicyName == definition.Name && s.Checksum == checksum && s.Mode == mode,
            ct);
        PolicyInstaller.RemoveAllBut(cluster.DataDirectory, file);
        return state;
    }

    /// <summary>Sets the mode to <c>off</c>, keeping the policy file and the setting that names it, so that enforcing
    /// again is one step.</summary>
    public async Task<EnforcementState> TurnOffAsync(CancellationToken ct)
    {
        await using var admin = await EnforcementReader.OpenAsync(cluster, ct);
        await EnforcementReader.ReadAsync(admin, ct);
        var off = EnforcementModeNames.Of(EnforcementMode.Off);
        return await ApplyAsync(admin, [(EnforcementSettingNames.Mode, off)], $"enforcement mode {off}",
            s => s.Mode == EnforcementMode.Off, ct);
    }

    /// <summary>The checksum a compiled policy's header carries, as <c>tracelab_enforcement()</c> spells it.</summary>
    public static string Checksum(byte[] compiled) =>
        BinaryPrimitives.ReadUInt32LittleEndian(compiled.AsSpan(PolicyFormat.ChecksumOffset))
            .ToString("x8", CultureInfo.InvariantCulture);

    private async Task<EnforcementState> ApplyAsync(
        NpgsqlConnection admin, IReadOnlyList<(string Name, string? Value)> settings, string wanted,
        Func<EnforcementState, bool> arrived, CancellationToken ct)
    {
        var previous = new List<(string Name, string? Value)>();
        foreach (var (name, _) in settings)
        {
            previous.Add((name, await WrittenAsync(admin, name, ct)));
        }

        await ConfigureAsync(admin, settings, ct);
        var deadline = time.GetUtcNow() + Patience;
        while (true)
        {
            var seen = await EnforcementReader.ReadAsync(cluster, ct);
            if (arrived(seen))
            {
                return seen;
            }

            if (time.GetUtcNow() >= deadline)
            {
                await ConfigureAsync(admin, previous, ct);
                throw EnforcementErrors.NotInForce(wanted, seen, Patience, logFile);
            }

            await Task.Delay(PollInterval, time, ct);
        }
    }

    /// <summary>The value <c>ALTER SYSTEM</c> last wrote for a setting into <c>postgresql.auto.conf</c>, or null when it
    /// wrote none; what setting it back restores.</summary>
    /// <remarks>Not the value in force: this session's own, and any per-role or per-database value, differ from it.
    /// </remarks>
    private static async Task<string?> WrittenAsync(NpgsqlConnection admin, string name, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT setting FROM pg_file_settings WHERE name = $1 AND sourcefile LIKE '%/postgresql.auto.conf' "
            + "ORDER BY seqno DESC LIMIT 1", admin)
        {
            Parameters = { new() { Value = name } },
        };
        return await command.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>Writes each setting with <c>ALTER SYSTEM</c> (a null value removes it) and reloads.</summary>
    private static async Task ConfigureAsync(
        NpgsqlConnection admin, IEnumerable<(string Name, string? Value)> settings, CancellationToken ct)
    {
        foreach (var (name, value) in settings)
        {
            await EnforcementReader.ExecuteAsync(admin, value is null
                ? $"ALTER SYSTEM RESET {name}"
                : $"ALTER SYSTEM SET {name} = '{value.Replace("'", "''", StringComparison.Ordinal)}'", ct);
        }

        await EnforcementReader.ExecuteAsync(admin, "SELECT pg_reload_conf()", ct);
    }
}
