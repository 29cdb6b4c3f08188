namespace TraceLab.Scenarios.Results;

/// <summary>A session recorded in a scenario's database: its id (for <c>tracelab replay --session</c>), session user (in
/// the header's names) and backend type.</summary>
public sealed record RecordedSessionRef(string SessionId, string User, string BackendType);
