using TraceLab.Scenarios.Format;

namespace TraceLab.Scenarios.Writing;

/// <summary>A scenario to be written as a file: the header's fields and the SQL sections, before any text exists.</summary>
/// <param name="Title">The header's <c>title</c>.</param>
/// <param name="Pattern">The header's <c>pattern</c>.</param>
/// <param name="Description">The header's <c>description</c> (several lines allowed).</param>
/// <param name="Roles">The header's roles, in the order to write them.</param>
/// <param name="RoleNotes">Comment lines written under <c>roles:</c> (what could not be declared, and why).</param>
/// <param name="Expectations">One per policy, in the order to write them.</param>
/// <param name="Sections">The steps and disconnects, in file order.</param>
public sealed record ScenarioDraft(
    string Title,
    string Pattern,
    string Description,
    IReadOnlyList<RoleDeclaration> Roles,
    IReadOnlyList<string> RoleNotes,
    IReadOnlyList<PolicyExpectation> Expectations,
    IReadOnlyList<DraftSection> Sections);

/// <summary>A section of a <see cref="ScenarioDraft"/>.</summary>
public abstract record DraftSection(SessionKey Session);

/// <summary>A <c>-- @step</c>: statements run in one session, one after another.</summary>
public sealed record DraftStep(SessionKey Session, bool ErrorsAllowed, IReadOnlyList<DraftStatement> Statements) : DraftSection(Session);

/// <summary>A <c>-- @disconnect</c> of a session.</summary>
public sealed record DraftDisconnect(SessionKey Session) : DraftSection(Session);

/// <summary>One statement of a step: its text, or, when <paramref name="CommentedOut"/> names why it cannot run as
/// written, its text as an SQL comment under that note.</summary>
/// <param name="Note">A comment written above the statement (where it came from), or null.</param>
public sealed record DraftStatement(string Text, string? Note = null, string? CommentedOut = null);
