using TraceLab.Cli.CommandLine;

namespace TraceLab.Cli.Tests.CommandLine;

public sealed class NearestNameTests
{
    private static readonly string[] Replay = ["--all", "--policy", "--format", "--out", "--fail-on", "--trace", "--no-progress", "--connection"];

    [Theory]
    [InlineData("--fail-onn", "--fail-on")]
    [InlineData("--polcy", "--policy")]
    [InlineData("--fromat", "--format")]
    [InlineData("--FORMAT", "--format")]
    [InlineData("--conection", "--connection")]
    public void A_typo_finds_the_option_meant(string typed, string meant) =>
        NearestName.Find(typed, Replay).ShouldBe(meant);

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--verbose")]
    public void A_word_unlike_every_option_finds_none(string typed) =>
        NearestName.Find(typed, Replay).ShouldBeNull();

    [Fact]
    public void Swapping_two_neighbours_counts_as_one_edit() =>
        NearestName.Distance("--fromat", "--format").ShouldBe(1);
}
