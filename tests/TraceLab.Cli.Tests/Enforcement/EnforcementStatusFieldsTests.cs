using System.Text.Json;
using TraceLab.Cli.Commands;
using TraceLab.Cli.Enforcement;
using TraceLab.Policies.Catalog;
using TraceLab.Policies.Compiled;

namespace TraceLab.Cli.Tests.Enforcement;

/// <summary>What <c>tracelab status</c> writes of enforcement in JSON and env, and the checksum <c>enforce</c> waits
/// for.</summary>
public sealed class EnforcementStatusFieldsTests
{
    [Fact]
    public void The_json_object_uses_the_probe_s_column_names_and_utc()
    {
        var state = new EnforcementState(EnforcementMode.Warn, "mine", "tracelab/policy-0a1b2c3d.tlpolicy", 2, "0a1b2c3d",
            new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.FromHours(2)));

        var json = JsonSerializer.Serialize(EnforcementStatusFields.Json(state), JsonOutput.Options);

        json.ShouldBe("""
            {
              "mode": "warn",
              "policy_name": "mine",
              "policy_file": "tracelab/policy-0a1b2c3d.tlpolicy",
              "rules": 2,
              "checksum": "0a1b2c3d",
              "loaded_at": "2026-07-01T10:00:00+00:00"
            }
            """.ReplaceLineEndings("\n"), StringCompareShould.IgnoreLineEndings);
    }

    [Fact]
    public void Unknown_is_null_in_json_and_empty_in_env()
    {
        EnforcementStatusFields.Json(null).ShouldBeNull();
        EnforcementStatusFields.Environment(null).ShouldBe([("TRACELAB_ENFORCE_MODE", ""), ("TRACELAB_ENFORCE_POLICY", "")]);
    }

    [Fact]
    public void Env_names_the_mode_and_the_loaded_policy()
    {
        var off = new EnforcementState(EnforcementMode.Off, null, null, null, null, null);
        var block = new EnforcementState(EnforcementMode.Block, "mine", "f", 1, "0a1b2c3d", null);

        EnforcementStatusFields.Environment(off).ShouldBe([("TRACELAB_ENFORCE_MODE", "off"), ("TRACELAB_ENFORCE_POLICY", "")]);
        EnforcementStatusFields.Environment(block).ShouldBe([("TRACELAB_ENFORCE_MODE", "block"), ("TRACELAB_ENFORCE_POLICY", "mine")]);
    }

    [Fact]
    public void The_checksum_is_the_header_s_crc32c_of_the_compiled_policy_in_lower_case_hex()
    {
        var compiled = PolicyFormatWriter.Write(PolicyCatalog.Find("ddl-needs-trusted-chain")!.Definition);

        var checksum = LiveEnforcement.Checksum(compiled);

        checksum.ShouldMatch("^[0-9a-f]{8}$");
        var crc = Files.Crc32C.Compute(compiled.AsSpan(PolicyFormat.HeaderBytes));
        checksum.ShouldBe(crc.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
    }
}
