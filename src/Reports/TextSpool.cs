using System.Text;

namespace TraceLab.Reports;

/// <summary>Text a streaming writer must hold back until the end (Markdown's messages, JUnit's test cases of one
/// suite): kept in memory while small, moved to a temporary file once it grows past <see cref="MemoryLimit"/>
/// characters, so memory stays bounded whatever the length of the replay.</summary>
/// <remarks>The file is created with <see cref="FileOptions.DeleteOnClose"/>: it disappears when the spool is
/// disposed, or with the process.</remarks>
internal sealed class TextSpool : IAsyncDisposable
{
    internal const int MemoryLimit = 64 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private StringBuilder? memory = new();
    private FileStream? file;
    private StreamWriter? fileWriter;

    /// <summary>Whether nothing was appended.</summary>
    public bool IsEmpty { get; private set; } = true;

    /// <summary>Whether the text moved to a temporary file.</summary>
    public bool IsSpilled => file is not null;

    /// <summary>Characters held in memory.</summary>
    public int BufferedCharacters => memory?.Length ?? 0;

    public async Task AppendAsync(string text, CancellationToken cancellationToken)
    {
        if (text.Length == 0)
        {
            return;
        }

        IsEmpty = false;
        if (memory is not null)
        {
            memory.Append(text);
            if (memory.Length > MemoryLimit)
            {
                file = new FileStream(
                    Path.Combine(Path.GetTempPath(), $"tracelab-{Path.GetRandomFileName()}.spool"),
                    FileMode.CreateNew,
                    FileAccess.ReadWrite,
                    FileShare.None,
                    bufferSize: 16 * 1024,
                    FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                fileWriter = new StreamWriter(file, Utf8, bufferSize: 16 * 1024, leaveOpen: true);
                await fileWriter.WriteAsync(memory, cancellationToken);
                memory = null;
            }
        }
        else if (fileWriter is not null)
        {
            await fileWriter.WriteAsync(text.AsMemory(), cancellationToken);
        }
    }

    /// <summary>Writes everything appended to <paramref name="output"/>, in order.</summary>
    public Task CopyToAsync(TextWriter output, CancellationToken cancellationToken) =>
        CopyToAsync((chunk, count) => output.WriteAsync(chunk.AsMemory(0, count), cancellationToken), cancellationToken);

    /// <summary>Hands everything appended to <paramref name="write"/>, in order, a chunk at a time (the chunk's array
    /// is reused for the next one).</summary>
    /// <remarks>A chunk never ends between the two halves of a surrogate pair: an XML writer given the chunk as raw
    /// text would reject the lone high surrogate.</remarks>
    public async Task CopyToAsync(Func<char[], int, Task> write, CancellationToken cancellationToken)
    {
        var chunk = new char[16 * 1024];
        if (memory is not null)
        {
            var start = 0;
            while (start < memory.Length)
            {
                var count = Math.Min(chunk.Length, memory.Length - start);
                memory.CopyTo(start, chunk, 0, count);
                if (start + count < memory.Length && char.IsHighSurrogate(chunk[count - 1]))
                {
                    count--;
                }

                await write(chunk, count);
                start += count;
            }

            return;
        }

        if (file is null || fileWriter is null)
        {
            return;
        }

        await fileWriter.FlushAsync(cancellationToken);
        file.Position = 0;
        using (var reader = new StreamReader(file, Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024, leaveOpen: true))
        {
            var carried = 0;
            int read;
            while ((read = await reader.ReadAsync(chunk.AsMemory(carried), cancellationToken)) > 0)
            {
                var count = carried + read;
                carried = char.IsHighSurrogate(chunk[count - 1]) ? 1 : 0;
                await write(chunk, count - carried);
                if (carried > 0)
                {
                    chunk[0] = chunk[count - 1];
                }
            }

            if (carried > 0)
            {
                await write(chunk, carried);
            }
        }

        file.Position = file.Length;
    }

    public async ValueTask DisposeAsync()
    {
        if (fileWriter is not null)
        {
            await fileWriter.DisposeAsync();
        }

        if (file is not null)
        {
            await file.DisposeAsync();
        }

        memory = null;
    }
}
