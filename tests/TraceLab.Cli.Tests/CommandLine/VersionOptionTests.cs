using System.Reflection;
using TraceLab.Cli.CommandLine;

namespace TraceLab.Cli.Tests.CommandLine;

public sealed class VersionOptionTests
{
    [Theory]
    [InlineData("--version")]
    [InlineData("-V")]
    public void Both_psql_spellings_ask_for_the_version(string option) =>
        VersionOption.IsRequested([option]).ShouldBeTrue();

    [Fact]
    public void A_version_option_after_a_verb_is_left_to_the_parser() =>
        VersionOption.IsRequested(["status", "--version"]).ShouldBeFalse();

    [Fact]
    public void The_line_is_the_name_and_the_informational_version() =>
        VersionOption.Line.ShouldBe("tracelab " + typeof(VersionOption).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion);
}
