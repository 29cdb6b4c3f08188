using TraceLab.Scenarios.Results;

namespace TraceLab.Reports.Suites;

/// <summary>Writes a whole suite run in one format.</summary>
/// <remarks>A suite's report is small (scenarios × policies) and complete only at the end, so it is written at once,
/// unlike a replay, which streams. Writers flush what they write to and never close it.</remarks>
public interface ISuiteReportWriter
{
    Task WriteAsync(SuiteReport report, CancellationToken cancellationToken);
}
