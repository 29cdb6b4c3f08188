namespace TraceLab.Scenarios.Results;

/// <summary>Why a scenario could not run, told as PostgreSQL tells an error, and where in the file it happened.</summary>
/// <param name="Where">The section: <c>step alice session=2 (line 30)</c>, <c>setup (line 14)</c>; <c>null</c> when
/// outside any section (creating the database, ingesting).</param>
/// <param name="Output">psql's error lines (<c>ERROR:</c>, <c>DETAIL:</c>, <c>HINT:</c>, …) as it printed them.</param>
public sealed record ScenarioError(string Message, string? Detail, string? Hint, string? Where, IReadOnlyList<string> Output);
