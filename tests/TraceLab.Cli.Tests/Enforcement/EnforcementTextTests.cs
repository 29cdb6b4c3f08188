using TraceLab.Policies.Compiled;
using TraceLab.Cli.Enforcement;

namespace TraceLab.Cli.Tests.Enforcement;

/// <summary>The one sentence <c>tracelab enforce</c> prints and <c>tracelab status</c> shows for what is in force.</summary>
public sealed class EnforcementTextTests
{
    private static readonly DateTimeOffset Loaded = new(2026, 7, 1, 12, 30, 5, TimeSpan.FromHours(2));

    [Fact]
    public void A_policy_in_force_is_named_with_its_mode_rules_checksum_file_and_load_time_in_utc()
    {
        var state = new EnforcementState(EnforcementMode.Block, "mine", "tracelab/policy-0a1b2c3d.tlpolicy", 3, "0a1b2c3d", Loaded);

        EnforcementText.Describe(state).ShouldBe(
            "policy \"mine\" enforced in block mode (3 rules, checksum 0a1b2c3d, file \"tracelab/policy-0a1b2c3d.tlpolicy\", "
            + "loaded at 2026-07-01 10:30:05Z)");
    }

    [Fact]
    public void A_loaded_policy_in_mode_off_is_said_not_to_be_enforced()
    {
        var state = new EnforcementState(EnforcementMode.Off, "mine", "f.tlpolicy", 1, "0a1b2c3d", null);

        EnforcementText.Describe(state).ShouldBe(
            "off; policy \"mine\" loaded, not enforced (1 rule, checksum 0a1b2c3d, file \"f.tlpolicy\")");
        state.IsEnforcing.ShouldBeFalse();
    }

    [Theory]
    [InlineData(nameof(EnforcementMode.Off), "none")]
    [InlineData(nameof(EnforcementMode.Warn), "none (mode warn, but no policy is loaded)")]
    public void No_policy_is_none(string mode, string expected)
    {
        var state = new EnforcementState(Enum.Parse<EnforcementMode>(mode), null, null, null, null, null);

        EnforcementText.Describe(state).ShouldBe(expected);
        state.IsEnforcing.ShouldBeFalse();
    }
}
