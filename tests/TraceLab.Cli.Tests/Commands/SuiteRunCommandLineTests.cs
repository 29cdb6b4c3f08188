using TraceLab.Cli.CommandLine;
using TraceLab.Cli.Tests.CommandLine;

namespace TraceLab.Cli.Tests.Commands;

/// <summary><c>suite run</c> command lines that fail before any scenario runs or any server is reached.</summary>
public sealed class SuiteRunCommandLineTests
{
    [Theory]
    [InlineData("suite run --bogus", "error: unrecognized option \"--bogus\"")]
    [InlineData("suite run --jobs 0", "error: --jobs must be a whole number from 1 to 64")]
    [InlineData("suite run --format yaml", "error: invalid value for --format: \"yaml\"")]
    [InlineData("suite run --out ", "error:")]
    [InlineData("suite run --enforce --enforcing", "error: unrecognized option \"--enforcing\"")]
    [InlineData("suite run --enforce --jobs 65", "error: --jobs must be a whole number from 1 to 64")]
    public async Task A_wrong_option_is_a_usage_error(string commandLine, string start)
    {
        var (exit, error) = await Run(commandLine.Split(' '));

        exit.ShouldBe(ExitCodes.Usage);
        error.ShouldStartWith(start);
    }

    [Fact]
    public async Task A_path_that_does_not_exist_is_an_error_naming_it()
    {
        var (exit, error) = await Run("suite", "run", "/no/such/scenarios");

        exit.ShouldBe(ExitCodes.Failure);
        error.ShouldStartWith("error: invalid scenario file \"/no/such/scenarios\": no such file or directory\n");
    }

    [Fact]
    public async Task The_same_policy_twice_is_a_usage_error()
    {
        var directory = Directory.CreateTempSubdirectory("tracelab-suite-cli-");
        try
        {
            var attacks = Directory.CreateDirectory(Path.Combine(directory.FullName, "attacks"));
            await File.WriteAllTextAsync(Path.Combine(attacks.FullName, "one.sql"),
                "/*---\ntitle: T\npattern: P\nroles:\n  alice: {}\nexpect:\n  permissive: allowed\n---*/\n-- @step alice\nSELECT 1;\n",
                TestContext.Current.CancellationToken);

            var (exit, error) = await Run("suite", "run", directory.FullName, "-p", "permissive", "-p", "Permissive");

            exit.ShouldBe(ExitCodes.Usage);
            error.ShouldStartWith("error: policy \"permissive\" is given more than once");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static Task<(int Exit, string Error)> Run(params string[] args) => ParsedCommandLine.RunAsync(args);
}
