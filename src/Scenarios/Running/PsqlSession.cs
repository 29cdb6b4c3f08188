using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;

namespace TraceLab.Scenarios.Running;

/// <summary>One real psql process (<c>psql -X -q -f -</c>) fed SQL on standard input, exactly as a DBA's paste runs: the
/// simple-query protocol, psql's statement splitting and its meta-commands.</summary>
/// <remarks>
/// <para>The end of a batch is found with a sentinel: after the batch, <c>\warn SENTINEL</c> is written, and standard
/// error (unbuffered, unlike standard output to a pipe) is read up to that line. The <c>ERROR:</c> lines before it are
/// the batch's errors. Standard output is drained all along and kept for <c>--keep</c>.</para>
/// <para>The session stays open between batches, with any transaction a batch left open, until <see cref="CloseAsync"/>
/// ends psql's input.</para>
/// </remarks>
internal sealed class PsqlSession : IAsyncDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Process process;
    private readonly Channel<string> errorLines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder output = new();
    private readonly Task stdoutDrain;
    private readonly Task stderrDrain;
    private int batches;

    private PsqlSession(Process process)
    {
        this.process = process;
        stdoutDrain = DrainOutputAsync();
        stderrDrain = DrainErrorsAsync();
    }

    /// <summary>Whether psql has exited (a failed connection ends it at once).</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Everything psql wrote to standard output so far.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts psql with <paramref name="environment"/> (libpq's variables); it connects at once.</summary>
    /// <param name="stopOnError">Set ON_ERROR_STOP, so the first error ends psql (setup).</param>
    public static PsqlSession Start(string psqlPath, IReadOnlyDictionary<string, string?> environment, bool stopOnError)
    {
        var start = new ProcessStartInfo(psqlPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };
        start.ArgumentList.Add("-X");
        start.ArgumentList.Add("-q");
        // Input named "-" rather than plain standard input: psql then prefixes each error with its input line
        // (psql:<stdin>:3:), which points the report at the failing statement in the file.
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add("-");
        start.ArgumentList.Add("-v");
        start.ArgumentList.Add("VERBOSITY=default");
        if (stopOnError)
        {
            start.ArgumentList.Add("-v");
            start.ArgumentList.Add("ON_ERROR_STOP=1");
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {psqlPath}.");
        process.StandardInput.AutoFlush = false;
        process.StandardInput.NewLine = "\n";
        return new PsqlSession(process);
    }

    /// <summary>Runs <paramref name="sql"/> and returns what psql wrote to standard error for it; <c>null</c> stands
    /// for a psql that exited (its last lines are in <see cref="PsqlBatch.Lines"/>).</summary>
    /// <exception cref="TimeoutException">The batch did not finish within <paramref name="timeout"/>.</exception>
    public async Task<PsqlBatch> RunAsync(string sql, TimeSpan timeout, CancellationToken ct)
    {
        var sentinel = string.Create(CultureInfo.InvariantCulture, $"TRACELAB-SUITE-END-{Environment.ProcessId}-{process.Id}-{++batches}");
        var lines = new List<string>();
        try
        {
            await process.StandardInput.WriteAsync(sql.AsMemory(), ct);
            // A newline first: the SQL may end without one, and a meta-command must start its own line.
            await process.StandardInput.WriteAsync($"\n\\warn {sentinel}\n".AsMemory(), ct);
            await process.StandardInput.FlushAsync(ct);
        }
        catch (IOException)
        {
            // psql already exited (a connection failure, ON_ERROR_STOP): its stderr says why.
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            while (await errorLines.Reader.WaitToReadAsync(deadline.Token))
            {
                while (errorLines.Reader.TryRead(out var line))
                {
                    if (line == sentinel)
                    {
                        return new PsqlBatch(lines, Exited: false);
                    }

                    lines.Add(line);
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"psql did not finish the batch within {timeout.TotalSeconds:0} seconds.");
        }

        return new PsqlBatch(lines, Exited: true);
    }

    /// <summary>Ends psql's input and waits for it to exit (it ends its session first); kills it after
    /// <paramref name="timeout"/>.</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }

        await Task.WhenAll(stdoutDrain, stderrDrain);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }

        await Task.WhenAll(stdoutDrain, stderrDrain);
        process.Dispose();
    }

    private void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    private async Task DrainOutputAsync()
    {
        var buffer = new char[8192];
        int read;
        while ((read = await process.StandardOutput.ReadAsync(buffer.AsMemory())) > 0)
        {
            lock (output)
            {
                output.Append(buffer, 0, read);
            }
        }
    }

    private async Task DrainErrorsAsync()
    {
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            await errorLines.Writer.WriteAsync(line);
        }

        errorLines.Writer.Complete();
    }
}

/// <summary>What psql wrote to standard error while running one batch.</summary>
/// <param name="Exited">psql exited before finishing the batch.</param>
internal sealed record PsqlBatch(IReadOnlyList<string> Lines, bool Exited);
