using Spectre.Console;

namespace TraceLab.Reports;

/// <summary>A Spectre console that writes plain text, without colour or cursor control, at a fixed width, to a
/// <see cref="TextWriter"/>: what the table writers draw on when their output is a file or a test's buffer.</summary>
internal static class PlainConsole
{
    /// <summary>A plain console <paramref name="width"/> columns wide over <paramref name="output"/>.</summary>
    public static IAnsiConsole Over(TextWriter output, int width)
    {
        ArgumentNullException.ThrowIfNull(output);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = width;
        console.Profile.Capabilities.Unicode = true;
        return console;
    }
}
