using Spectre.Console.Cli;

namespace TraceLab.Cli;

/// <summary>Remembers which command the parser chose, so that a report printed after it failed or was interrupted can
/// name it.</summary>
internal sealed class RunningCommand : ICommandInterceptor
{
    /// <summary>The command as the user typed it (<c>record</c>, <c>replay</c>, <c>policies list</c>, <c>suite run</c>), or
    /// null before the command line was parsed.</summary>
    public string? Name { get; private set; }

    public void Intercept(CommandContext context, CommandSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        Name = Verb(context.Arguments, context.Name);
    }

    /// <summary>The words of the command line up to the leaf command <paramref name="leaf"/> (a branch and its command),
    /// or the leaf alone when options come before it.</summary>
    private static string Verb(IReadOnlyList<string> arguments, string leaf)
    {
        var index = arguments.ToList().IndexOf(leaf);
        return index > 0 && arguments.Take(index).All(a => !a.StartsWith('-'))
            ? string.Join(' ', arguments.Take(index + 1))
            : leaf;
    }

    public void InterceptResult(CommandContext context, CommandSettings settings, ref int result)
    {
    }
}
