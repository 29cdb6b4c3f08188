using System.Text;

namespace TraceLab.Reports;

/// <summary>Where a text format writes: a caller's <see cref="TextWriter"/>, or a UTF-8 writer (no byte order mark,
/// <c>\n</c> line ends) over a caller's <see cref="Stream"/>. Neither is closed.</summary>
internal sealed class TextOutput : IAsyncDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly bool owned;

    public TextOutput(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Writer = new StreamWriter(output, Utf8, bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\n" };
        owned = true;
    }

    public TextOutput(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Writer = output;
    }

    public TextWriter Writer { get; }

    public ValueTask DisposeAsync() => owned ? Writer.DisposeAsync() : ValueTask.CompletedTask;
}
