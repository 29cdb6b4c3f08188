using System.Text;
using TraceLab.Scenarios.Format;

namespace TraceLab.Scenarios.Writing;

/// <summary>Writes a <see cref="ScenarioDraft"/> as a scenario file (scenarios/FORMAT.md) that the parser reads back
/// into the same roles, expectations and steps, and that psql runs as written.</summary>
/// <remarks>
/// <para>Two things in a statement's text could be misread. A line starting with <c>-- @</c> would be taken by the parser
/// for a directive: where the line starts in SQL code or a comment it is written with one space in front (the same SQL
/// to psql); where it starts inside a string, quoted identifier or dollar-quoted body a space would change the data,
/// so the statement is written as a comment with a note instead. Commented-out statements put <c>-- | </c> before
/// every line, so no line of theirs can be a directive either.</para>
/// <para>The header is a block comment to psql: its YAML scalars escape <c>*/</c> and <c>/*</c>
/// (<see cref="YamlScalar"/>).</para>
/// </remarks>
public static class ScenarioWriter
{
    private const string DirectivePrefix = "-- @";
    private const string CommentedLine = "-- | ";

    /// <summary>The file text of <paramref name="draft"/>.</summary>
    public static string Write(ScenarioDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var text = new StringBuilder();
        WriteHeader(text, draft);
        var opened = new HashSet<SessionKey>();
        foreach (var section in draft.Sections)
        {
            text.Append('\n');
            switch (section)
            {
                case DraftStep step when step.Statements.All(s => WhyCommentedOut(s) is not null):
                    // A step with nothing to run would be an empty step to the parser: its statements stay as comments
                    // under the step before, and its session opens at its first step with something to run.
                    text.Append("-- ").Append(step.Session.ToString()).Append(": nothing psql can run here\n");
                    WriteStatements(text, step.Statements);
                    break;
                case DraftStep step:
                    opened.Add(step.Session);
                    text.Append("-- @step ").Append(step.Session.Role).Append(" session=").Append(step.Session.Number);
                    text.Append(step.ErrorsAllowed ? " errors=allowed\n" : "\n");
                    WriteStatements(text, step.Statements);
                    break;
                case DraftDisconnect disconnect when opened.Remove(disconnect.Session):
                    text.Append("-- @disconnect ").Append(disconnect.Session.Role).Append(" session=")
                        .Append(disconnect.Session.Number).Append('\n');
                    break;
                case DraftDisconnect disconnect:
                    text.Append("-- ").Append(disconnect.Session.ToString()).Append(" ended (it never opened here)\n");
                    break;
            }
        }

        return text.ToString();
    }

    private static void WriteHeader(StringBuilder text, ScenarioDraft draft)
    {
        text.Append("/*---\n");
        text.Append("title: ").Append(YamlScalar.Of(draft.Title)).Append('\n');
        text.Append("pattern: ").Append(YamlScalar.Of(draft.Pattern)).Append('\n');
        text.Append("description: ").Append(YamlScalar.Quoted(draft.Description)).Append('\n');
        text.Append("roles:\n");
        foreach (var note in draft.RoleNotes)
        {
            text.Append("  # ").Append(OneLine(note)).Append('\n');
        }

        foreach (var role in draft.Roles)
        {
            text.Append("  ").Append(role.Name).Append(": ").Append(Attributes(role)).Append('\n');
        }

        text.Append("# No reality check can be inferred from a recording: say what the sessions did on stock PostgreSQL.\n");
        text.Append("# reality:\n");
        text.Append("#   query: SELECT rolsuper FROM pg_roles WHERE rolname = 'ROLE'\n");
        text.Append("#   expect: \"t\"\n");
        text.Append("expect:\n");
        foreach (var line in draft.Expectations.SelectMany(ExpectationLines))
        {
            text.Append(line).Append('\n');
        }

        text.Append("---*/\n");
    }

    private static string Attributes(RoleDeclaration role)
    {
        var defaults = new RoleDeclaration(role.Name);
        var parts = new List<string>();
        if (role.Login != defaults.Login)
        {
            parts.Add($"login: {Flag(role.Login)}");
        }

        if (role.Superuser)
        {
            parts.Add("superuser: true");
        }

        if (role.CreateDb)
        {
            parts.Add("createdb: true");
        }

        if (role.CreateRole)
        {
            parts.Add("createrole: true");
        }

        if (role.BypassRls)
        {
            parts.Add("bypassrls: true");
        }

        if (role.Inherit != defaults.Inherit)
        {
            parts.Add($"inherit: {Flag(role.Inherit)}");
        }

        if (role.MemberOf.Count > 0)
        {
            parts.Add($"member_of: [{string.Join(", ", role.MemberOf)}]");
        }

        return "{" + string.Join(", ", parts) + "}";
    }

    private static string Flag(bool value) => value ? "true" : "false";

    /// <summary>The lines of <c>POLICY: …</c> under a header's <c>expect:</c>, indented for it: <c>allowed</c>, or the
    /// <c>blocked:</c> and <c>warned:</c> lists, each operation once, in a stable order.</summary>
    /// <remarks>The one writer of the expectation form: <c>suite run</c> prints a mismatch's actual outcome with it, so
    /// what it prints can be pasted into a header as it stands.</remarks>
    public static IEnumerable<string> ExpectationLines(PolicyExpectation expectation)
    {
        ArgumentNullException.ThrowIfNull(expectation);
        if (expectation.IsAllowed)
        {
            yield return $"  {YamlScalar.Of(expectation.Policy)}: allowed";
            yield break;
        }

        yield return $"  {YamlScalar.Of(expectation.Policy)}:";
        foreach (var (key, operations) in new[] { ("blocked", expectation.Blocked), ("warned", expectation.Warned) })
        {
            if (operations.Count == 0)
            {
                continue;
            }

            yield return $"    {key}:";
            foreach (var operation in operations.OrderBy(o => o.ToString(), StringComparer.Ordinal))
            {
                yield return $"      - command: {YamlScalar.Of(operation.Command)}";
                if (operation.Culprit is { } culprit)
                {
                    yield return $"        culprit: {{kind: {YamlScalar.Of(culprit.Kind)}, object: {YamlScalar.Of(culprit.ObjectName)}, "
                                 + $"owner: {YamlScalar.Of(culprit.Owner)}"
                                 + (culprit.Phase is null ? "}" : $", phase: {YamlScalar.Of(culprit.Phase)}}}");
                }
            }
        }
    }

    private static void WriteStatements(StringBuilder text, IReadOnlyList<DraftStatement> statements)
    {
        foreach (var statement in statements)
        {
            WriteStatement(text, statement);
        }
    }

    /// <summary>Why <paramref name="statement"/> is written as a comment, or null when it is written to run.</summary>
    private static string? WhyCommentedOut(DraftStatement statement) =>
        statement.CommentedOut ?? DirectiveInsideLiteral(statement.Text.ReplaceLineEndings("\n").TrimEnd());

    private static void WriteStatement(StringBuilder text, DraftStatement statement)
    {
        if (statement.Note is { } note)
        {
            text.Append("-- ").Append(OneLine(note)).Append('\n');
        }

        var sql = statement.Text.ReplaceLineEndings("\n").TrimEnd();
        var reason = WhyCommentedOut(statement);
        if (reason is not null)
        {
            text.Append("-- not run: ").Append(OneLine(reason)).Append('\n');
            foreach (var line in sql.Split('\n'))
            {
                text.Append(CommentedLine).Append(line).Append('\n');
            }

            return;
        }

        foreach (var line in sql.Split('\n'))
        {
            text.Append(line.StartsWith(DirectivePrefix, StringComparison.Ordinal) ? " " : "").Append(line).Append('\n');
        }

        // psql runs what ends in a semicolon; one after a line comment would be part of the comment.
        if (!sql.EndsWith(';'))
        {
            var lastLine = sql[(sql.LastIndexOf('\n') + 1)..];
            if (!lastLine.Contains("--", StringComparison.Ordinal))
            {
                text.Length--;
            }

            text.Append(";\n");
        }
    }

    private static string? DirectiveInsideLiteral(string sql)
    {
        var lines = sql.Split('\n');
        var inside = SqlLineStarts.InsideLiteral(sql);
        for (var i = 0; i < lines.Length; i++)
        {
            if (inside[i] && lines[i].StartsWith(DirectivePrefix, StringComparison.Ordinal))
            {
                return "a line of a literal in it starts with \"-- @\", which a scenario file reads as a directive";
            }
        }

        return null;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
