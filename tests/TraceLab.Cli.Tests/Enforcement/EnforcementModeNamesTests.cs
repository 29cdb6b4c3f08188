using TraceLab.Policies.Compiled;
using TraceLab.Cli.Enforcement;

namespace TraceLab.Cli.Tests.Enforcement;

/// <summary>The modes are spelled as the probe's <c>tracelab.enforce_mode</c> spells them, and read back in any case.</summary>
public sealed class EnforcementModeNamesTests
{
    [Theory]
    [InlineData(nameof(EnforcementMode.Off), "off")]
    [InlineData(nameof(EnforcementMode.Warn), "warn")]
    [InlineData(nameof(EnforcementMode.Block), "block")]
    public void Each_mode_has_the_probe_s_spelling_and_reads_back(string member, string name)
    {
        var mode = Enum.Parse<EnforcementMode>(member);

        EnforcementModeNames.Of(mode).ShouldBe(name);
        EnforcementModeNames.Find(name).ShouldBe(mode);
        EnforcementModeNames.Find(name.ToUpperInvariant()).ShouldBe(mode);
    }

    [Theory]
    [InlineData("blocking")]
    [InlineData("")]
    [InlineData("1")]
    [InlineData(null)]
    public void Anything_else_is_no_mode(string? name) => EnforcementModeNames.Find(name).ShouldBeNull();
}
