using Spectre.Console;

namespace TraceLab.Replayer.Tests.Support;

/// <summary>A Spectre console that renders into a string, without colour, at a fixed width.</summary>
internal sealed class TestConsole : IDisposable
{
    private readonly StringWriter writer = new();

    public TestConsole(int width = 120)
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        Console.Profile.Width = width;
        Console.Profile.Capabilities.Unicode = true;
    }

    public IAnsiConsole Console { get; }

    public string Output => writer.ToString();

    public void Dispose() => writer.Dispose();
}
