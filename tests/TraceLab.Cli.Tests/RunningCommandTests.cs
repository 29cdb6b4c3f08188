using Spectre.Console.Cli;

namespace TraceLab.Cli.Tests;

/// <summary>The command an interruption or failure report names: the words the user typed for it, so that
/// <c>suite run</c> is not reported as <c>run</c>.</summary>
public sealed class RunningCommandTests
{
    [Theory]
    [InlineData(new[] { "replay", "--all", "-p", "permissive" }, "replay", "replay")]
    [InlineData(new[] { "suite", "run", "scenarios", "-j", "2" }, "run", "suite run")]
    [InlineData(new[] { "scenario", "from-session", "--all", "-o", "x.sql" }, "from-session", "scenario from-session")]
    [InlineData(new[] { "policies", "list" }, "list", "policies list")]
    public void Names_the_command_as_typed(string[] arguments, string leaf, string named)
    {
        var running = new RunningCommand();

        running.Intercept(new CommandContext(arguments, new NoRemainingArguments(), leaf, null), new EmptyCommandSettings());

        running.Name.ShouldBe(named);
    }

    private sealed class NoRemainingArguments : IRemainingArguments
    {
        public ILookup<string, string?> Parsed { get; } = Array.Empty<(string, string?)>().ToLookup(p => p.Item1, p => p.Item2);

        public IReadOnlyList<string> Raw { get; } = [];
    }
}
