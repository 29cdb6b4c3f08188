using System.Text;
using System.Text.Json;
using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Results;

namespace TraceLab.Reports.Suites;

/// <summary>Writes a suite run as one JSON document; src/Reports/SUITE.md documents every field.</summary>
/// <remarks>Deterministic for the same results: operation lists are sorted, and nothing that changes between runs of the
/// same catalogue is written but the database name, role prefix and session ids, which name where a run was.</remarks>
public sealed class SuiteJsonWriter(TextWriter output) : ISuiteReportWriter
{
    public async Task WriteAsync(SuiteReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            Write(json, report);
        }

        await output.WriteAsync(Encoding.UTF8.GetString(buffer.ToArray()).AsMemory(), cancellationToken);
        await output.WriteAsync("\n".AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private static void Write(Utf8JsonWriter json, SuiteReport report)
    {
        json.WriteStartObject();
        json.WriteStartArray("policies");
        foreach (var policy in report.Policies)
        {
            json.WriteStringValue(policy);
        }

        json.WriteEndArray();
        json.WriteStartArray("scenarios");
        foreach (var scenario in report.Scenarios)
        {
            WriteScenario(json, report, scenario);
        }

        json.WriteEndArray();
        WriteSummary(json, report);
        json.WriteEndObject();
    }

    private static void WriteScenario(Utf8JsonWriter json, SuiteReport report, ScenarioResult result)
    {
        var scenario = result.Scenario;
        json.WriteStartObject();
        json.WriteString("id", scenario.Id);
        json.WriteString("kind", ScenarioKindNames.Of(scenario.Kind));
        json.WriteString("title", scenario.Title);
        json.WriteString("pattern", scenario.Pattern);
        json.WriteString("path", scenario.Path);
        json.WriteString("status", ScenarioStatusNames.Of(result.Status));
        if (result.Reality is { } reality)
        {
            json.WriteStartObject("reality");
            json.WriteString("query", reality.Query);
            json.WriteString("expected", reality.Expected);
            json.WriteString("actual", reality.Actual);
            json.WriteString("status", reality.Status);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("reality");
        }

        json.WriteStartObject("policies");
        foreach (var policy in result.Policies)
        {
            json.WriteStartObject(policy.Policy);
            json.WriteString("cell", MatrixCellNames.Of(policy.Cell));
            if (policy.Expected is { } expected)
            {
                json.WriteStartObject("expected");
                WriteOperations(json, "blocked", expected.Blocked);
                WriteOperations(json, "warned", expected.Warned);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("expected");
            }

            json.WriteStartObject("actual");
            WriteOperations(json, "blocked", policy.Actual.Blocked);
            WriteOperations(json, "warned", policy.Actual.Warned);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndObject();
        RunJson.Write(json, result.Database, result.RolePrefix, result.Kept, result.Sessions, result.Error);
        json.WriteString("protected_by", scenario.ProtectedBy);
        if (report.Enforced)
        {
            AgreementJson.WriteScenario(json, result);
        }

        json.WriteEndObject();
    }

    private static void WriteOperations(Utf8JsonWriter json, string name, IEnumerable<OperationKey> operations)
    {
        json.WriteStartArray(name);
        foreach (var operation in SuiteText.Sorted(operations))
        {
            json.WriteStartObject();
            json.WriteString("command", operation.Command);
            if (operation.Culprit is { } culprit)
            {
                json.WriteStartObject("culprit");
                json.WriteString("kind", culprit.Kind);
                json.WriteString("object", culprit.ObjectName);
                json.WriteString("owner", culprit.Owner);
                if (culprit.Phase is not null)
                {
                    json.WriteString("phase", culprit.Phase);
                }

                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("culprit");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteSummary(Utf8JsonWriter json, SuiteReport report)
    {
        json.WriteStartObject("summary");
        json.WriteNumber("scenarios", report.Scenarios.Count);
        foreach (var status in Enum.GetValues<ScenarioStatus>())
        {
            json.WriteNumber(ScenarioStatusNames.Of(status), report.Count(status));
        }

        json.WriteStartObject("policies");
        foreach (var tally in report.Tallies)
        {
            json.WriteStartObject(tally.Policy);
            foreach (var (cell, count) in tally.Cells.OrderBy(c => c.Key))
            {
                json.WriteNumber(MatrixCellNames.Of(cell), count);
            }

            json.WriteNumber("attacks_caught", tally.AttacksCaught);
            json.WriteNumber("attacks_missed", tally.AttacksMissed);
            json.WriteNumber("benign_flagged", tally.BenignFlagged);
            json.WriteNumber("benign_clean", tally.BenignClean);
            json.WriteNumber("attacks_protected", tally.AttacksProtected);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        if (report.Enforced)
        {
            AgreementJson.WriteSummary(json, report.Agreement);
        }

        json.WriteEndObject();
    }
}
