using TraceLab.Cli.Tests.CommandLine;

namespace TraceLab.Cli.Tests.Commands;

/// <summary><c>worker</c> and <c>--distributed</c> command lines that fail before any server is reached.</summary>
public sealed class DistributedCommandLineTests
{
    [Theory]
    [InlineData("worker --concurrency 0", "error: invalid value for --concurrency: \"0\" (at least 1)\n")]
    [InlineData("worker --policy permissive", "error: --policy of a worker takes policy files, not \"permissive\"")]
    [InlineData("replay --all -p permissive --distributed --trace x.trace", "error: --trace and --distributed cannot be used together")]
    [InlineData("diff --all -p permissive -p ddl-needs-trusted-chain --distributed --trace x.trace", "error: --trace and --distributed")]
    public async Task A_command_line_that_cannot_work_is_a_usage_error(string commandLine, string start)
    {
        var (exit, error) = await ParsedCommandLine.RunAsync(commandLine.Split(' '));

        exit.ShouldBe(ExitCodes.Usage);
        error.ShouldStartWith(start);
    }

    [Fact]
    public async Task A_worker_policy_file_that_does_not_exist_is_an_error_naming_it_before_any_server_is_reached()
    {
        var (exit, error) = await ParsedCommandLine.RunAsync("worker", "--policy", "/no/such/policy.yaml", "-c", "Host=/no/such/socket");

        exit.ShouldBe(ExitCodes.Failure);
        error.ShouldStartWith("error: ");
        error.ShouldContain("/no/such/policy.yaml");
    }
}
