using TraceLab.Cli.CommandLine;

namespace TraceLab.Cli.Tests.CommandLine;

/// <summary>Command lines parsed exactly as <c>tracelab</c> parses them; every case here fails before a verb runs.</summary>
public sealed class StrictCommandLineTests
{
    [Theory]
    [InlineData("status --bogus")]
    [InlineData("record --once --bogus")]
    [InlineData("sessions --bogus")]
    [InlineData("shapes --bogus")]
    [InlineData("replay --all --policy permissive --bogus")]
    [InlineData("diff --all -p permissive -p ddl-needs-trusted-chain --bogus")]
    [InlineData("export --all -o x.trace --bogus")]
    [InlineData("import x.trace --bogus")]
    [InlineData("worker --concurrency 2 --bogus")]
    [InlineData("policies list --bogus")]
    [InlineData("policies show permissive --bogus")]
    [InlineData("policies check x.yaml --bogus")]
    [InlineData("enforce permissive --mode block --bogus")]
    [InlineData("enforce --off --bogus")]
    [InlineData("scenario from-session --all -o scenarios/attacks/x.sql --bogus")]
    public async Task An_unknown_option_is_a_usage_error_on_every_verb(string commandLine)
    {
        var args = commandLine.Split(' ');

        var (exit, error) = await Run(args);

        exit.ShouldBe(ExitCodes.Usage);
        error.ShouldStartWith("error: unrecognized option \"--bogus\"\n");
        error.ShouldContain("hint: Run \"tracelab " + (args[0] is "policies" or "scenario" ? $"{args[0]} {args[1]}" : args[0]) + " --help\" for its options.");
    }

    [Fact]
    public async Task An_option_without_its_value_is_named_with_its_dashes_in_postgresql_style()
    {
        var (exit, error) = await Run("replay", "--all", "-p");

        exit.ShouldBe(2);
        error.ShouldStartWith("error: option \"--policy\" needs a value\n");
    }

    [Fact]
    public async Task A_misspelled_fail_on_is_refused_with_the_nearest_option_as_the_hint()
    {
        var (exit, error) = await Run("replay", "--all", "--policy", "permissive", "--fail-onn", "blocked");

        exit.ShouldBe(ExitCodes.Usage);
        error.ShouldBe("error: unrecognized option \"--fail-onn\"\nhint: did you mean \"--fail-on\"?\n");
    }

    [Fact]
    public async Task An_argument_after_a_double_dash_is_a_usage_error()
    {
        var (exit, error) = await Run("sessions", "--", "extra");

        exit.ShouldBe(ExitCodes.Usage);
        error.ShouldStartWith("error: unexpected argument \"extra\"\n");
    }

    [Fact]
    public async Task An_extra_positional_argument_is_a_usage_error()
    {
        var (exit, _) = await Run("sessions", "extra");

        exit.ShouldBe(ExitCodes.Usage);
    }

    [Theory]
    [InlineData("sessions", "env", "Use table or json.")]
    [InlineData("shapes", "env", "Use table or json.")]
    [InlineData("status", "yaml", "Use table, json or env.")]
    [InlineData("replay", "env", "Use table, json, markdown, html or junit.")]
    public async Task A_format_the_verb_does_not_write_is_a_usage_error_listing_those_it_does(string verb, string format, string hint)
    {
        string[] args = verb == "replay" ? [verb, "--all", "-p", "permissive", "-f", format] : [verb, "--format", format];

        var (exit, error) = await Run(args);

        exit.ShouldBe(ExitCodes.Usage);
        error.ShouldBe($"error: invalid value for --format: \"{format}\"\nhint: {hint}\n");
    }

    [Theory]
    [InlineData("replay", "--all", "-p", "permissive", "--out", "")]
    [InlineData("diff", "--all", "-p", "permissive", "-p", "ddl-needs-trusted-chain", "-o", " ")]
    public async Task An_empty_out_is_a_usage_error(params string[] args)
    {
        var (exit, error) = await Run(args);

        exit.ShouldBe(ExitCodes.Usage);
        error.ShouldStartWith("error: invalid value for --out:");
    }

    private static Task<(int Exit, string Error)> Run(params string[] args) => ParsedCommandLine.RunAsync(args);
}
