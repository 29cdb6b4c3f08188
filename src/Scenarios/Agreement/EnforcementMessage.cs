namespace TraceLab.Scenarios.Agreement;

/// <summary>An error or warning as PostgreSQL reports it: message, DETAIL and HINT, in the header's role names.</summary>
/// <param name="Detail"><c>null</c> when there is none.</param>
/// <param name="Hint"><c>null</c> when there is none.</param>
public sealed record EnforcementMessage(string Message, string? Detail, string? Hint);
