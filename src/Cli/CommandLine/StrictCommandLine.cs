using Spectre.Console.Cli;

namespace TraceLab.Cli.CommandLine;

/// <summary>Rejects, for every verb, what the parser could not bind: an unknown option or an extra argument.</summary>
/// <remarks>Spectre.Console.Cli hands such tokens to the command in <see cref="CommandContext.Remaining"/> instead of
/// failing, so a CI gate with <c>--fail-onn blocked</c> would pass silently. Doing it here, before any command runs,
/// keeps the rule in one place; the hint names the nearest option the verb has, as git and kubectl do.</remarks>
internal sealed class StrictCommandLine : ICommandInterceptor
{
    public void Intercept(CommandContext context, CommandSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var verb = Verb(context);
        if (context.Remaining.Parsed.FirstOrDefault() is { } unknown)
        {
            var name = unknown.Key.StartsWith('-') ? unknown.Key : (unknown.Key.Length == 1 ? "-" : "--") + unknown.Key;
            throw UnrecognizedOption(verb, name, KnownOptions.Of(settings.GetType()));
        }

        if (context.Remaining.Raw is [var extra, ..])
        {
            throw CliException.Usage($"unexpected argument \"{extra}\"", null, $"Run \"tracelab {verb} --help\" for its arguments and options.");
        }

        if (settings is IFormatSettings formatted)
        {
            FormatOption.Check(formatted.Format, formatted.Formats);
        }
    }

    public void InterceptResult(CommandContext context, CommandSettings settings, ref int result)
    {
    }

    /// <summary>The usage error for <paramref name="option"/>, with the nearest of <paramref name="known"/> as the hint.</summary>
    internal static CliException UnrecognizedOption(string verb, string option, IReadOnlyList<string> known) =>
        NearestName.Find(option, known) is { } nearest
            ? CliException.Usage($"unrecognized option \"{option}\"", null, $"did you mean \"{nearest}\"?")
            : CliException.Usage($"unrecognized option \"{option}\"", null, $"Run \"tracelab {verb} --help\" for its options.");

    /// <summary>The verb as typed (<c>policies list</c>, not just <c>list</c>).</summary>
    private static string Verb(CommandContext context) =>
        context.Arguments.TakeWhile(a => !a.StartsWith('-')).Take(2) is var words
        && words.FirstOrDefault() is "policies" or "store" or "suite" or "scenario" ? string.Join(' ', words) : context.Name;
}
