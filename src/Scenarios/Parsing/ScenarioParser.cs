using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TraceLab.Scenarios.Format;

namespace TraceLab.Scenarios.Parsing;

/// <summary>Reads a scenario file: the YAML header between <c>/*---</c> and <c>---*/</c>, then the SQL sections each
/// introduced by a <c>-- @</c> directive line (scenarios/FORMAT.md).</summary>
/// <remarks>Everything but the directive lines is passed through untouched: the SQL of a section is exactly the lines
/// between its directive and the next, as a DBA would paste them into psql.</remarks>
public static partial class ScenarioParser
{
    private const string HeaderStart = "/*---";
    private const string HeaderEnd = "---*/";
    private const string DirectivePrefix = "-- @";

    /// <summary>Reads and parses the scenario file at <paramref name="path"/>.</summary>
    /// <exception cref="ScenarioFormatException">The file cannot be read or is not a valid scenario.</exception>
    public static Scenario ParseFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ScenarioFormatException.Unreadable(path, e);
        }

        return Parse(path, text);
    }

    /// <summary>Parses <paramref name="text"/>, the contents of the scenario file <paramref name="path"/> (whose stem is
    /// the id and whose directory, <c>attacks</c> or <c>benign</c>, the kind).</summary>
    /// <exception cref="ScenarioFormatException">The text is not a valid scenario.</exception>
    public static Scenario Parse(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var id = System.IO.Path.GetFileNameWithoutExtension(path);
        if (!IdShape().IsMatch(id))
        {
            throw ScenarioFormatException.At(path, 0, $"invalid scenario id \"{id}\"",
                "The id is the file name without \".sql\": lower-case letters and digits in words joined by \"-\".",
                "Rename the file, for example to \"trigger-on-insert.sql\".");
        }

        var directory = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)));
        if (!ScenarioKindNames.TryParseDirectory(directory, out var kind))
        {
            throw ScenarioFormatException.At(path, 0, "cannot tell whether the scenario is an attack or benign",
                $"The file is in directory \"{directory}\".",
                "Put attack scenarios in a directory named \"attacks\" and benign ones in one named \"benign\".");
        }

        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var (header, bodyStart) = ReadHeader(path, lines);
        var sections = ReadSections(path, lines, bodyStart, header.Roles);
        if (header.ProtectedBy is not null && kind != ScenarioKind.Attack)
        {
            throw ScenarioFormatException.At(path, 1, "only an attack scenario can be protected_by something",
                $"The file is in directory \"{directory}\".",
                "Remove protected_by, or move the file to a directory named \"attacks\".");
        }

        return new Scenario(id, path, kind, header.Title, header.Pattern, header.Description, header.Roles, header.Reality,
            header.Expectations, sections)
        {
            ProtectedBy = header.ProtectedBy,
        };
    }

    private static (ScenarioHeader Header, int BodyStart) ReadHeader(string path, string[] lines)
    {
        var start = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (start < 0 || lines[start].TrimEnd() != HeaderStart)
        {
            throw ScenarioFormatException.At(path, start < 0 ? 1 : start + 1, "the file does not start with a \"/*---\" header",
                null, "A scenario file opens with its YAML header inside \"/*---\" and \"---*/\" lines (scenarios/FORMAT.md).");
        }

        var end = Array.FindIndex(lines, start + 1, l => l.TrimEnd() == HeaderEnd);
        if (end < 0)
        {
            throw ScenarioFormatException.At(path, start + 1, "the header is not closed", null,
                "End the YAML header with a line \"---*/\".");
        }

        var yaml = string.Join('\n', lines[(start + 1)..end]);
        return (new HeaderReader(path, start + 2).Read(yaml), end + 1);
    }

    private static List<ScenarioSection> ReadSections(string path, string[] lines, int bodyStart, IReadOnlyList<RoleDeclaration> roles)
    {
        var roleNames = roles.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var sections = new List<ScenarioSection>();
        var open = new HashSet<SessionKey>();
        Directive? current = null;
        var sql = new StringBuilder();
        for (var i = bodyStart; i <= lines.Length; i++)
        {
            var atEnd = i == lines.Length;
            var line = atEnd ? "" : lines[i];
            if (!atEnd && !line.StartsWith(DirectivePrefix, StringComparison.Ordinal))
            {
                if (current is null && !IsBlankOrComment(line))
                {
                    throw ScenarioFormatException.At(path, i + 1, "SQL before the first directive", null,
                        "Start every section with a directive line: \"-- @setup\", \"-- @step ROLE\", \"-- @wait\" or \"-- @disconnect ROLE\".");
                }

                sql.Append(line).Append('\n');
                continue;
            }

            if (current is not null)
            {
                sections.Add(Finish(path, current, sql.ToString().TrimEnd('\n') + "\n", sections, open));
            }

            sql.Clear();
            current = atEnd ? null : ReadDirective(path, i + 1, line, roleNames);
        }

        if (!sections.OfType<StepSection>().Any())
        {
            throw ScenarioFormatException.At(path, 0, "the scenario has no \"-- @step\"", null,
                "A scenario records at least one step run by a role of the header.");
        }

        return sections;
    }

    private static ScenarioSection Finish(string path, Directive directive, string sql, List<ScenarioSection> done, HashSet<SessionKey> open)
    {
        var blank = sql.Split('\n').All(IsBlankOrComment);
        switch (directive.Name)
        {
            case "setup":
                if (done.Count > 0)
                {
                    throw ScenarioFormatException.At(path, directive.Line,
                        done.Any(s => s is SetupSection) ? "more than one \"-- @setup\"" : "\"-- @setup\" after another section",
                        null, "Put all setup SQL in one \"-- @setup\" section, before every step.");
                }

                return new SetupSection(directive.Line, sql);
            case "step":
                if (blank)
                {
                    throw ScenarioFormatException.At(path, directive.Line, "the step has no SQL", null,
                        "Write the SQL the role runs under the directive, or remove the directive.");
                }

                var step = new StepSection(directive.Line, directive.Role!, directive.Session, directive.ErrorsAllowed, sql);
                open.Add(step.Key);
                return step;
            case "wait":
                if (blank)
                {
                    throw ScenarioFormatException.At(path, directive.Line, "the wait has no query", null,
                        "Write a query that returns true once the background work is done.");
                }

                return new WaitSection(directive.Line, directive.Timeout, sql);
            default:
                var disconnect = new DisconnectSection(directive.Line, directive.Role!, directive.Session);
                if (!blank)
                {
                    throw ScenarioFormatException.At(path, directive.Line, "SQL after \"-- @disconnect\"", null,
                        "Put the SQL in a \"-- @step\" section.");
                }

                if (!open.Remove(disconnect.Key))
                {
                    throw ScenarioFormatException.At(path, directive.Line, $"no open session \"{disconnect.Key}\" to disconnect", null,
                        "A session opens at its first step and can be disconnected once.");
                }

                return disconnect;
        }
    }

    private static Directive ReadDirective(string path, int line, string text, HashSet<string> roles)
    {
        var words = text[DirectivePrefix.Length..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var name = words.Length > 0 ? words[0] : "";
        var arguments = words.Skip(1).ToList();
        var directive = new Directive(name, line);
        switch (name)
        {
            case "setup":
                break;
            case "step" or "disconnect":
                if (arguments.Count == 0 || arguments[0].Contains('=', StringComparison.Ordinal))
                {
                    throw ScenarioFormatException.At(path, line, $"\"-- @{name}\" needs a role", null,
                        $"Write \"-- @{name} ROLE\" with a role of the header.");
                }

                if (!roles.Contains(arguments[0]))
                {
                    throw ScenarioFormatException.At(path, line, $"role \"{arguments[0]}\" is not declared in the header", null,
                        $"The header declares: {string.Join(", ", roles)}.");
                }

                directive = directive with { Role = arguments[0] };
                arguments.RemoveAt(0);
                break;
            case "wait":
                break;
            default:
                throw ScenarioFormatException.At(path, line, $"unrecognized directive \"-- @{name}\"", null,
                    "The directives are \"-- @setup\", \"-- @step\", \"-- @wait\" and \"-- @disconnect\".");
        }

        foreach (var argument in arguments)
        {
            directive = Option(path, directive, argument);
        }

        return directive;
    }

    private static Directive Option(string path, Directive directive, string argument)
    {
        var (key, value) = argument.IndexOf('=', StringComparison.Ordinal) is var at and > 0
            ? (argument[..at], argument[(at + 1)..])
            : (argument, "");
        switch (directive.Name, key)
        {
            case ("step" or "disconnect", "session")
                when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var session) && session is > 0 and < 1000:
                return directive with { Session = session };
            case ("step", "errors") when value == "allowed":
                return directive with { ErrorsAllowed = true };
            case ("wait", "timeout")
                when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 3600:
                return directive with { Timeout = TimeSpan.FromSeconds(seconds) };
            default:
                throw ScenarioFormatException.At(path, directive.Line, $"invalid option \"{argument}\" for \"-- @{directive.Name}\"", null,
                    directive.Name switch
                    {
                        "step" => "\"-- @step\" takes \"session=N\" (a whole number from 1) and \"errors=allowed\".",
                        "disconnect" => "\"-- @disconnect\" takes \"session=N\" (a whole number from 1).",
                        "wait" => "\"-- @wait\" takes \"timeout=SECONDS\" (a whole number from 1 to 3600).",
                        _ => "\"-- @setup\" takes no options.",
                    });
        }
    }

    private static bool IsBlankOrComment(string line)
    {
        var trimmed = line.Trim();
        return trimmed.Length == 0 || trimmed.StartsWith("--", StringComparison.Ordinal);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdShape();

    private sealed record Directive(string Name, int Line)
    {
        public string? Role { get; init; }

        public int Session { get; init; } = 1;

        public bool ErrorsAllowed { get; init; }

        public TimeSpan Timeout { get; init; } = WaitSection.DefaultTimeout;
    }
}
