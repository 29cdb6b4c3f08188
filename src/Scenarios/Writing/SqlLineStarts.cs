namespace TraceLab.Scenarios.Writing;

/// <summary>Tells, for each line of a SQL text, whether the line starts inside a literal (a string, a quoted identifier
/// or a dollar-quoted body), where a character added at the start of the line would change what the SQL means; and
/// whether the text has parameters (<c>$1</c>) outside literals.</summary>
/// <remarks>A small lexer of PostgreSQL's lexical rules, enough to follow literals and comments: <c>'…'</c> with
/// <c>''</c> (and backslash escapes in <c>E'…'</c>), <c>"…"</c>, <c>$tag$…$tag$</c>, nested <c>/* */</c> and
/// <c>--</c> comments. It never needs to be right about anything else.</remarks>
public static class SqlLineStarts
{
    /// <summary>One flag per line of <paramref name="sql"/> (split on <c>\n</c>): true when the line starts inside a
    /// literal.</summary>
    public static IReadOnlyList<bool> InsideLiteral(string sql) => Scan(sql).InsideLiteral;

    /// <summary>Whether <paramref name="sql"/> has a parameter (<c>$1</c>) outside literals and comments: text
    /// recorded with its parameters' values missing (the extended protocol, <c>tracelab.capture_text = normalized</c>).</summary>
    public static bool HasParameter(string sql) => Scan(sql).HasParameter;

    private static (List<bool> InsideLiteral, bool HasParameter) Scan(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var hasParameter = false;
        var flags = new List<bool> { false };
        var state = State.Code;
        var commentDepth = 0;
        var backslashEscapes = false;
        string? dollarTag = null;
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            if (c == '\n')
            {
                if (state == State.LineComment)
                {
                    state = State.Code;
                }

                flags.Add(state is State.String or State.Identifier or State.Dollar);
                continue;
            }

            switch (state)
            {
                case State.Code:
                    if (c == '-' && next == '-')
                    {
                        state = State.LineComment;
                        i++;
                    }
                    else if (c == '/' && next == '*')
                    {
                        state = State.BlockComment;
                        commentDepth = 1;
                        i++;
                    }
                    else if (c == '\'')
                    {
                        state = State.String;
                        backslashEscapes = i > 0 && sql[i - 1] is 'E' or 'e' && (i < 2 || !IsIdentifierChar(sql[i - 2]));
                    }
                    else if (c == '"')
                    {
                        state = State.Identifier;
                    }
                    else if (c == '$' && char.IsAsciiDigit(next) && (i == 0 || !IsIdentifierChar(sql[i - 1])))
                    {
                        hasParameter = true;
                    }
                    else if (c == '$' && (i == 0 || !IsIdentifierChar(sql[i - 1])) && DollarTag(sql, i) is { } tag)
                    {
                        state = State.Dollar;
                        dollarTag = tag;
                        i += tag.Length - 1;
                    }

                    break;
                case State.BlockComment:
                    if (c == '/' && next == '*')
                    {
                        commentDepth++;
                        i++;
                    }
                    else if (c == '*' && next == '/')
                    {
                        i++;
                        if (--commentDepth == 0)
                        {
                            state = State.Code;
                        }
                    }

                    break;
                case State.String:
                    if (backslashEscapes && c == '\\')
                    {
                        // The escaped character, a newline included, is part of the string.
                        if (next == '\n')
                        {
                            flags.Add(true);
                        }

                        i++;
                    }
                    else if (c == '\'' && next == '\'')
                    {
                        i++;
                    }
                    else if (c == '\'')
                    {
                        state = State.Code;
                    }

                    break;
                case State.Identifier:
                    if (c == '"' && next == '"')
                    {
                        i++;
                    }
                    else if (c == '"')
                    {
                        state = State.Code;
                    }

                    break;
                case State.Dollar:
                    if (c == '$' && string.CompareOrdinal(sql, i, dollarTag, 0, dollarTag!.Length) == 0)
                    {
                        state = State.Code;
                        i += dollarTag.Length - 1;
                    }

                    break;
                case State.LineComment:
                    break;
            }
        }

        return (flags, hasParameter);
    }

    // $$ or $tag$ where tag is an identifier without $; a $ followed by digits is a parameter ($1).
    private static string? DollarTag(string sql, int start)
    {
        var end = start + 1;
        if (end < sql.Length && char.IsDigit(sql[end]))
        {
            return null;
        }

        while (end < sql.Length && sql[end] != '$')
        {
            if (!IsIdentifierChar(sql[end]) || sql[end] == '$')
            {
                return null;
            }

            end++;
        }

        return end < sql.Length ? sql[start..(end + 1)] : null;
    }

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';

    private enum State
    {
        Code,
        LineComment,
        BlockComment,
        String,
        Identifier,
        Dollar,
    }
}
