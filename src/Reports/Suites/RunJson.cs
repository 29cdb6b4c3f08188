using System.Text.Json;
using TraceLab.Scenarios.Results;

namespace TraceLab.Reports.Suites;

/// <summary>Where one run of a scenario was and why it could not be made: the <c>database</c>, <c>role_prefix</c>,
/// <c>kept</c>, <c>sessions</c> and <c>error</c> members that a scenario (its recording run) and each of its agreement
/// cells (an enforced run) carry (src/Reports/SUITE.md).</summary>
/// <remarks>One writer for both, so the recording run and the enforced runs cannot drift apart in shape.</remarks>
internal static class RunJson
{
    /// <summary>Writes the five members into the object open in <paramref name="json"/>.</summary>
    public static void Write(
        Utf8JsonWriter json,
        string database,
        string rolePrefix,
        bool kept,
        IReadOnlyList<RecordedSessionRef> sessions,
        ScenarioError? error)
    {
        json.WriteString("database", database);
        json.WriteString("role_prefix", rolePrefix);
        json.WriteBoolean("kept", kept);
        json.WriteStartArray("sessions");
        foreach (var session in sessions)
        {
            json.WriteStartObject();
            json.WriteString("session", session.SessionId);
            json.WriteString("user", session.User);
            json.WriteString("backend_type", session.BackendType);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (error is null)
        {
            json.WriteNull("error");
            return;
        }

        json.WriteStartObject("error");
        json.WriteString("message", error.Message);
        json.WriteString("detail", error.Detail);
        json.WriteString("hint", error.Hint);
        json.WriteString("where", error.Where);
        json.WriteStartArray("output");
        foreach (var line in error.Output)
        {
            json.WriteStringValue(line);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
