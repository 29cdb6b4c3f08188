namespace TraceLab.Scenarios.Format;

/// <summary>One <c>-- @</c> section of a scenario's SQL, in file order.</summary>
/// <param name="Line">The line of its directive (1-based), for error messages.</param>
public abstract record ScenarioSection(int Line);

/// <summary><c>-- @setup</c>: run once, first, unrecorded, as the bootstrap superuser, stopping at the first error.</summary>
public sealed record SetupSection(int Line, string Sql) : ScenarioSection(Line);

/// <summary><c>-- @step ROLE [session=N] [errors=allowed]</c>: recorded, in session <paramref name="Session"/> of
/// <paramref name="Role"/>.</summary>
public sealed record StepSection(int Line, string Role, int Session, bool ErrorsAllowed, string Sql) : ScenarioSection(Line)
{
    public SessionKey Key => new(Role, Session);
}

/// <summary><c>-- @wait [timeout=SECONDS]</c>: a query polled unrecorded every 200 ms until it returns <c>t</c>.</summary>
public sealed record WaitSection(int Line, TimeSpan Timeout, string Sql) : ScenarioSection(Line)
{
    /// <summary>The timeout when the directive gives none.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
}

/// <summary><c>-- @disconnect ROLE [session=N]</c>: closes that session and waits for its backend to exit.</summary>
public sealed record DisconnectSection(int Line, string Role, int Session) : ScenarioSection(Line)
{
    public SessionKey Key => new(Role, Session);
}

/// <summary>One login session of a scenario: session <paramref name="Number"/> of <paramref name="Role"/>.</summary>
public sealed record SessionKey(string Role, int Number)
{
    /// <summary><c>alice</c> for session 1, <c>alice session=2</c> otherwise, as the directive spells it.</summary>
    public override string ToString() => Number == 1 ? Role : $"{Role} session={Number}";
}
