using Spectre.Console.Cli;

namespace TraceLab.Cli;

/// <summary>Remembers which command the parser chose, so that a report printed after it failed or was interrupted can
/// name it.</summary>
internal sealed class RunningCommand : ICommandInterceptor
{
    /// <summary>The command's name (<c>record</c>, <c>replay</c>; <c>list</c> for <c>policies list</c>), or null
    /// before the command line was parsed.</summary>
    public string? Name { get; private set; }

    public void Intercept(CommandContext context, CommandSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        Name = context.Name;
    }

    public void InterceptResult(CommandContext context, CommandSettings settings, ref int result)
    {
    }
}
