using TraceLab.Errors;
using TraceLab.Policies;
using TraceLab.Policies.Language;
using TraceLab.Recorder.Spool;
using TraceLab.Traces;

namespace TraceLab.Cli.Tests;

/// <summary>Every error, from whichever layer, is printed by one printer as error/detail/hint; a bug is one
/// <c>internal error</c> line and never a stack trace unless asked for.</summary>
public sealed class ErrorReporterTests
{
    [Fact]
    public void A_policy_error_is_printed_as_error_detail_and_hint_with_exit_code_1()
    {
        var (exit, output) = Report(PolicyNotFoundException.Unrecognized("strcit", ["strict", "permissive"]));

        exit.ShouldBe(ExitCodes.Failure);
        output.ShouldBe("error: unrecognized policy \"strcit\"\nhint: Available policies are \"strict\", \"permissive\".\n");
    }

    [Fact]
    public void The_policy_reader_s_error_for_an_unusable_file_is_a_TraceLab_error_not_an_internal_one()
    {
        // An unclosed flow sequence followed by more lines: the parser's own exception must not reach the user.
        const string unclosed = "name: x\nrules:\n  - operations: [ddl\n    action: block\n";
        var error = Should.Throw<PolicyFileException>(() => PolicyFile.Parse(unclosed, "broken.yaml"));

        var (exit, output) = Report(error);

        exit.ShouldBe(ExitCodes.Failure);
        output.ShouldStartWith("error: invalid policy file \"broken.yaml\"\ndetail: Line ");
        output.ShouldNotContain("internal error");
    }

    [Fact]
    public void Spool_trace_and_command_line_errors_print_every_part_they_have()
    {
        var errors = new TraceLabException[]
        {
            SpoolException.DirectoryNotFound("/nowhere"),
            new TraceFileException("trace file \"t\" is damaged", "At byte offset 3: a string.", null),
            CliException.Create("could not do it"),
        };

        foreach (var error in errors)
        {
            var (_, output) = Report(error);
            var expected = $"error: {error.Message}\n"
                + (error.Detail is null ? "" : $"detail: {error.Detail}\n")
                + (error.Hint is null ? "" : $"hint: {error.Hint}\n");
            output.ShouldBe(expected);
        }
    }

    [Fact]
    public void A_file_this_OS_user_may_not_read_is_a_permission_error_not_an_internal_one()
    {
        var denied = new UnauthorizedAccessException("Access to the path '/work/.tracelab/password' is denied.");

        var (exit, output) = Report(new IOException("could not start", denied));

        exit.ShouldBe(ExitCodes.Failure);
        output.ShouldStartWith("error: permission denied\ndetail: access to the path '/work/.tracelab/password' is denied.\nhint: Run tracelab as the OS user");
        output.ShouldNotContain("internal error");
    }

    [Fact]
    public void A_spool_directory_that_is_a_file_says_so()
    {
        var file = Path.GetTempFileName();
        try
        {
            var (_, output) = Report(SpoolException.DirectoryNotFound(file));

            output.ShouldContain("\ndetail: It is a file, not a directory.\n");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_usage_error_exits_with_2()
    {
        var (exit, output) = Report(CliException.Usage("invalid value for --out: \"\""));

        exit.ShouldBe(ExitCodes.Usage);
        output.ShouldBe("error: invalid value for --out: \"\"\n");
    }

    [Fact]
    public void A_TraceLab_error_wrapped_by_a_library_is_reported_as_itself()
    {
        var wrapped = new AggregateException(SpoolException.DirectoryNotFound("/nowhere"));

        var (exit, output) = Report(wrapped);

        exit.ShouldBe(ExitCodes.Failure);
        output.ShouldStartWith("error: could not open spool directory \"/nowhere\"\ndetail: The directory does not exist.\n");
    }

    [Fact]
    public void A_bug_is_one_internal_error_with_a_hint_and_no_stack_trace()
    {
        var bug = Thrown(() => throw new InvalidOperationException("Sequence contains no elements."));

        var (exit, output) = Report(bug);

        exit.ShouldBe(ExitCodes.Failure);
        var lines = output.TrimEnd('\n').Split('\n');
        lines.Length.ShouldBe(3);
        lines[0].ShouldBe("error: internal error: Sequence contains no elements");
        lines[1].ShouldStartWith($"detail: System.InvalidOperationException was thrown in {typeof(ErrorReporterTests).FullName}");
        lines[2].ShouldStartWith("hint: This is a bug in TraceLab");
        lines[2].ShouldContain("TRACELAB_DEBUG=1");
        output.ShouldNotContain("   at ");
    }

    [Fact]
    public void With_the_debug_setting_a_bug_is_followed_by_its_stack_trace()
    {
        var bug = Thrown(() => throw new InvalidOperationException("boom"));

        var error = new StringWriter { NewLine = "\n" };
        ErrorReporter.Report(bug, error, withStackTrace: true);

        error.ToString().ShouldStartWith("error: internal error: boom\n");
        error.ToString().ShouldContain($"   at {typeof(ErrorReporterTests).FullName}");
    }

    [Fact]
    public void The_debug_setting_is_TRACELAB_DEBUG_1()
    {
        var before = Environment.GetEnvironmentVariable(InternalError.DebugVariable);
        try
        {
            Environment.SetEnvironmentVariable(InternalError.DebugVariable, "1");
            InternalError.ShowsStackTrace.ShouldBeTrue();
            Environment.SetEnvironmentVariable(InternalError.DebugVariable, "0");
            InternalError.ShowsStackTrace.ShouldBeFalse();
            Environment.SetEnvironmentVariable(InternalError.DebugVariable, null);
            InternalError.ShowsStackTrace.ShouldBeFalse();
        }
        finally
        {
            Environment.SetEnvironmentVariable(InternalError.DebugVariable, before);
        }
    }

    [Fact]
    public void A_warning_is_printed_by_the_same_printer()
    {
        var output = new StringWriter { NewLine = "\n" };

        ErrorPrinter.Write(output, ErrorSeverity.Warning, "\"type-io\" is an old spelling", "Line 3: why.", "Write \"type_io\".");

        output.ToString().ShouldBe("warning: \"type-io\" is an old spelling\ndetail: Line 3: why.\nhint: Write \"type_io\".\n");
    }

    private static (int Exit, string Output) Report(Exception exception)
    {
        var error = new StringWriter { NewLine = "\n" };
        var exit = ErrorReporter.Report(exception, error);
        return (exit, error.ToString());
    }

    /// <summary>The exception <paramref name="action"/> throws, with a real stack trace.</summary>
    private static InvalidOperationException Thrown(Action action)
    {
        try
        {
            action();
        }
        catch (InvalidOperationException e)
        {
            return e;
        }

        throw new InvalidOperationException("The action did not throw.");
    }
}
