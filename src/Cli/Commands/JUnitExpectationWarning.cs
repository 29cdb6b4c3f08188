using TraceLab.Errors;
using TraceLab.Replayer.Output;
using TraceLab.Reports;

namespace TraceLab.Cli.Commands;

/// <summary>The warning of <c>--format junit</c> without <c>--fail-on</c>: the report would have no test case, and a CI
/// job reading it would pass whatever the policies did.</summary>
internal static class JUnitExpectationWarning
{
    /// <summary>Prints the warning on standard error when <paramref name="format"/> is JUnit and no expectation is set;
    /// the report is still written.</summary>
    public static void PrintIfNone(string format, IReadOnlyList<Expectation> expectations)
    {
        if (format != ReportFormats.JUnit || expectations.Count > 0)
        {
            return;
        }

        ErrorPrinter.Write(
            Console.Error,
            ErrorSeverity.Warning,
            "the JUnit report has no test cases, since no --fail-on was given",
            "A test case is an operation under a policy for which --fail-on forbids an outcome; "
            + "without one nothing can fail, and the report is empty and passes.",
            "Add the outcome that should fail the build, for example --fail-on blocked.");
    }
}
