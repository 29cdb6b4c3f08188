using System.Text.Json;
using TraceLab.Scenarios.Agreement;
using TraceLab.Scenarios.Results;

namespace TraceLab.Reports.Suites;

/// <summary>The agreement matrix of <c>suite run --enforce</c> in the suite's JSON report: per scenario an
/// <c>agreement</c> object with one member per policy, and an <c>agreement</c> member in the summary
/// (src/Reports/SUITE.md).</summary>
internal static class AgreementJson
{
    /// <summary>The scenario's <c>agreement</c> member.</summary>
    public static void WriteScenario(Utf8JsonWriter json, ScenarioResult scenario)
    {
        json.WriteStartObject("agreement");
        foreach (var cell in scenario.Agreement)
        {
            json.WriteStartObject(cell.Policy);
            json.WriteString("status", AgreementStatusNames.Of(cell.Status));
            if (cell.Tally is { } tally)
            {
                json.WriteNumber("agreed", tally.Agreed);
                json.WriteNumber("total", tally.Total);
                json.WriteNumber("handler_would_run", tally.HandlerWouldRun);
                json.WriteNumber("handler_ran", tally.HandlerRan);
                json.WriteNumber("caught", tally.Caught);
                json.WriteNumber("messages_differ", tally.MessagesDiffer);
                json.WriteNumber("repeated_background_sessions", tally.RepeatedBackgroundSessions);
                json.WriteStartArray("errors");
                foreach (var raised in tally.Comparisons.Where(c => c.Actual == EnforcedOutcome.Blocked))
                {
                    WriteComparison(json, raised);
                }

                json.WriteEndArray();
                json.WriteStartArray("disagreements");
                foreach (var comparison in tally.Disagreements)
                {
                    WriteComparison(json, comparison);
                }

                json.WriteEndArray();
            }

            WriteReality(json, cell.Reality);
            json.WriteStartArray("notes");
            foreach (var note in cell.Notes)
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
            RunJson.Write(json, cell.Database, cell.RolePrefix, cell.Kept, cell.Sessions, cell.Error);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>The summary's <c>agreement</c> member.</summary>
    public static void WriteSummary(Utf8JsonWriter json, AgreementSummary summary)
    {
        json.WriteStartObject("agreement");
        WriteCount(json, summary.Overall);
        json.WriteStartObject("policies");
        foreach (var count in summary.Policies)
        {
            json.WriteStartObject(count.Policy ?? "");
            WriteCount(json, count);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteCount(Utf8JsonWriter json, AgreementCount count)
    {
        json.WriteNumber("agreed", count.Agreed);
        json.WriteNumber("total", count.Total);
        if (count.Shown is { } shown)
        {
            json.WriteNumber("percent", shown);
        }
        else
        {
            json.WriteNull("percent");
        }
        foreach (var (status, cells) in count.Cells.OrderBy(c => c.Key))
        {
            json.WriteNumber(AgreementStatusNames.Of(status), cells);
        }

        json.WriteNumber("handler_would_run", count.HandlerWouldRun);
        json.WriteNumber("handler_ran", count.HandlerRan);
        json.WriteNumber("caught", count.Caught);
        json.WriteNumber("messages_differ", count.MessagesDiffer);
    }

    private static void WriteComparison(Utf8JsonWriter json, OperationComparison comparison)
    {
        json.WriteStartObject();
        json.WriteString("session", comparison.Session);
        json.WriteString("command", comparison.Operation.Command);
        json.WriteStartArray("chain");
        foreach (var link in comparison.Operation.Chain)
        {
            json.WriteStartObject();
            json.WriteString("kind", link.Kind);
            json.WriteString("object", link.ObjectName);
            json.WriteString("owner", link.Owner);
            json.WriteString("phase", link.Phase);
            json.WriteBoolean("candidate", link.Candidate);
            json.WriteBoolean("inlined", link.Inlined);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("predicted", EnforcedOutcomeNames.OfPredicted(comparison.Predicted));
        json.WriteString("actual", EnforcedOutcomeNames.Of(comparison.Actual));
        json.WriteString("consequence", comparison.Consequence is { } consequence ? ErrorConsequenceNames.Of(consequence) : null);
        json.WriteString("sqlstate", comparison.FailedWith);
        if (comparison.Enclosing is { } enclosing)
        {
            json.WriteStartObject("enclosing_failure");
            json.WriteString("command", enclosing.Command);
            json.WriteString("sqlstate", enclosing.SqlState);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("enclosing_failure");
        }

        WriteMessage(json, "probe_message", comparison.ProbeMessage);
        WriteMessage(json, "predicted_message", comparison.PredictedMessage);
        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, string name, EnforcementMessage? message)
    {
        if (message is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("message", message.Message);
        json.WriteString("detail", message.Detail);
        json.WriteString("hint", message.Hint);
        json.WriteEndObject();
    }

    private static void WriteReality(Utf8JsonWriter json, EnforcedReality? reality)
    {
        if (reality is null)
        {
            json.WriteNull("reality");
            return;
        }

        json.WriteStartObject("reality");
        json.WriteString("query", reality.Query);
        json.WriteString("unenforced", reality.Unenforced);
        json.WriteString("enforced", reality.Enforced);
        json.WriteBoolean("changed", reality.Changed);
        if (reality.ExpectedChange is { } expected)
        {
            json.WriteBoolean("expected_change", expected);
        }
        else
        {
            json.WriteNull("expected_change");
        }

        json.WriteBoolean("agrees", reality.Agrees);
        json.WriteEndObject();
    }
}
