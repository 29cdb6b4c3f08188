using TraceLab.Errors;

namespace TraceLab.Scenarios.FromSessions;

/// <summary>Recorded sessions that cannot be turned into a scenario file.</summary>
public sealed class SessionScenarioException : TraceLabException
{
    private SessionScenarioException(string message, string? detail, string? hint)
        : base(message, detail, hint)
    {
    }

    /// <summary>A role whose name the scenario format cannot declare.</summary>
    public static SessionScenarioException InvalidRoleName(string name, string problem) =>
        new($"cannot declare role \"{name}\" in a scenario", problem + ".",
            "Scenario files rename role names as whole words in all their SQL (scenarios/FORMAT.md); record the sessions "
            + "with roles named like \"alice\" or \"app_owner\".");

    /// <summary>No selected session has a statement to repeat.</summary>
    public static SessionScenarioException NoStatements(int sessions) =>
        new("the selected sessions ran no statements", $"None of the {sessions} selected sessions has a top-level statement of a client.",
            "Select client sessions (see \"tracelab sessions\"); background workers have no statements of their own.");

    /// <summary>The sessions are of several databases, and a scenario runs in one.</summary>
    public static SessionScenarioException SeveralDatabases(IEnumerable<string> databases) =>
        new("the selected sessions are of several databases",
            $"They connected to {string.Join(", ", databases.Select(d => $"\"{d}\""))}; a scenario runs all its sessions in one database.",
            "Select the sessions of one database, for example with --database NAME.");
}
