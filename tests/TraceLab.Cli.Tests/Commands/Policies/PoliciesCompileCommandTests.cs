using TraceLab.Cli.Commands.Policies;
using TraceLab.Cli.Tests.CommandLine;
using TraceLab.Policies.Catalog;
using TraceLab.Policies.Compiled;

namespace TraceLab.Cli.Tests.Commands.Policies;

/// <summary><c>policies compile NAME|FILE -o FILE</c>: validates as <c>policies check</c> does, writes the compiled form
/// only once complete, and requires <c>-o</c>.</summary>
[Collection(nameof(ConsoleCapture))]
public sealed class PoliciesCompileCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("tracelab-compile-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static (int Exit, string Output, string Errors) Compile(string policy, string output) =>
        ConsoleCapture.Run(() =>
        {
            try
            {
                return new PoliciesCompileCommand().Execute(
                    null!, new PoliciesCompileCommand.Settings { Policy = policy, Out = output }, CancellationToken.None);
            }
            catch (Exception e)
            {
                // what the tool's entry point does with an error a command throws
                return ErrorReporter.Report(e, Console.Error);
            }
        });

    [Fact]
    public void A_built_in_policy_is_written_in_the_compiled_form()
    {
        var output = Path.Combine(directory, "ddl.tlpolicy");

        var (exit, printed, errors) = Compile("ddl-needs-trusted-chain", output);

        exit.ShouldBe(0);
        errors.ShouldBeEmpty();
        var bytes = File.ReadAllBytes(output);
        printed.ShouldBe($"policy \"ddl-needs-trusted-chain\" compiled to \"{output}\" ({bytes.Length} bytes, format 1)\n");
        PolicyEquivalence.Equal(PolicyFormatReader.Read(bytes, output), PolicyCatalog.Find("ddl-needs-trusted-chain")!.Definition)
            .ShouldBeTrue();
        Directory.GetFiles(directory).ShouldBe([output]);
    }

    [Fact]
    public void An_invalid_file_is_reported_as_check_reports_it_and_nothing_is_written()
    {
        var file = Path.Combine(directory, "bad.yaml");
        File.WriteAllText(file, "name: mine\ndescription: A policy.\nrules:\n  - {name: r, oprations: [ddl], action: block}\n");
        var output = Path.Combine(directory, "bad.tlpolicy");
        File.WriteAllText(output, "previous");

        var (exit, printed, errors) = Compile(file, output);

        exit.ShouldBe(1);
        printed.ShouldBeEmpty();
        var check = ConsoleCapture.Run(() => new PoliciesCheckCommand().Execute(
            null!, new PoliciesCheckCommand.Settings { Files = [file] }, CancellationToken.None));
        errors.ShouldBe(check.Errors);
        errors.ShouldStartWith($"error: invalid policy file \"{file}\"\n");
        File.ReadAllText(output).ShouldBe("previous");
        Directory.GetFiles(directory).Length.ShouldBe(2);
    }

    [Fact]
    public void An_old_spelling_is_compiled_with_the_warning_check_prints()
    {
        var file = Path.Combine(directory, "old.yaml");
        File.WriteAllText(file, "name: mine\ndescription: A policy.\nrules:\n"
                                + "  - {name: r, operations: [any], when: {entry-kinds: [generated-column]}, action: block}\n");
        var output = Path.Combine(directory, "old.tlpolicy");

        var (exit, _, errors) = Compile(file, output);

        exit.ShouldBe(0);
        errors.ShouldStartWith("warning: \"generated-column\" is an old spelling\n");
        PolicyFormatReader.Read(File.ReadAllBytes(output), output).Name.ShouldBe("mine");
    }

    [Fact]
    public void An_unknown_built_in_name_is_an_error_naming_the_built_ins()
    {
        var (exit, _, errors) = Compile("ddl-needs-trusted", Path.Combine(directory, "x.tlpolicy"));

        exit.ShouldBe(1);
        errors.ShouldStartWith("error: ");
        errors.ShouldContain("ddl-needs-trusted-chain");
        Directory.GetFiles(directory).ShouldBeEmpty();
    }

    [Fact]
    public void An_output_in_a_missing_directory_is_an_error()
    {
        var (exit, _, errors) = Compile("permissive", Path.Combine(directory, "missing", "p.tlpolicy"));

        exit.ShouldBe(1);
        errors.ShouldStartWith("error: could not open file ");
        errors.ShouldNotContain("   at ");
    }

    [Theory]
    [InlineData("policies", "compile", "permissive")]
    [InlineData("policies", "compile", "permissive", "-o", "")]
    [InlineData("policies", "compile", "permissive", "-o", "x", "--level", "9")]
    [InlineData("policies", "compile", "-o", "x")]
    public async Task A_missing_output_or_an_unknown_option_is_a_usage_error(params string[] args)
    {
        var (exit, error) = await ParsedCommandLine.RunAsync(args);

        exit.ShouldBe(ExitCodes.Usage);
        error.ShouldStartWith("error: ");
    }
}
