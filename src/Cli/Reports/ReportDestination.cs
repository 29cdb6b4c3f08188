using Spectre.Console;
using TraceLab.Cli.Commands;
using TraceLab.Replayer.Output;
using TraceLab.Reports;

namespace TraceLab.Cli.Reports;

/// <summary>Where a report goes: standard output, or a file given with <c>--out</c>.</summary>
/// <remarks>A file is a <see cref="CompletedFile"/>: a replay that fails or is interrupted never leaves a truncated
/// report behind, nor destroys an earlier one.</remarks>
internal sealed class ReportDestination : IAsyncDisposable
{
    private readonly CompletedFile? file;
    private readonly Stream? stdout;
    private bool writerClosed;

    private ReportDestination(IReportWriter writer, CompletedFile? file, Stream? stdout)
    {
        Writer = writer;
        this.file = file;
        this.stdout = stdout;
    }

    /// <summary>The settings of every format: the table lists every operation while it has room (as it always has),
    /// preferring what some policy did not simply allow once it is full.</summary>
    private static ReportOptions Options { get; } = new() { Table = new ReplayTableOptions { ListAllowed = true } };

    /// <summary>The writer of the chosen format.</summary>
    public IReportWriter Writer { get; }

    /// <summary>Whether the report goes to standard output, interleaving with anything else written there.</summary>
    public bool IsStandardOutput => file is null;

    /// <summary>Opens the destination of <paramref name="format"/>: <paramref name="outPath"/>, or standard output when
    /// it is <c>null</c> or <c>-</c>.</summary>
    public static ReportDestination Open(string format, string? outPath)
    {
        if (outPath is null or "-")
        {
            if (format == ReportFormats.Table)
            {
                return new ReportDestination(ReportFormats.Create(format, AnsiConsole.Console, Options), null, null);
            }

            var stdout = Console.OpenStandardOutput();
            return new ReportDestination(ReportFormats.Create(format, stdout, Options), null, stdout);
        }

        var file = new CompletedFile(outPath);
        try
        {
            return new ReportDestination(ReportFormats.Create(format, file.Open(), Options), file, null);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The report is complete: flush it and, for a file, put it in place.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await CloseWriterAsync();
        if (stdout is not null)
        {
            await stdout.FlushAsync(cancellationToken);
        }

        file?.Commit();
    }

    /// <summary>Removes an uncommitted file; after <see cref="CommitAsync"/>, or for standard output, does nothing more.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseWriterAsync();
        }
        catch (IOException)
        {
            // Abandoning the report: what it could not flush is discarded with the temporary file.
        }
        finally
        {
            file?.Dispose();
        }
    }

    /// <summary>Closes the writer once: closing it twice wrote to a closed file.</summary>
    private async Task CloseWriterAsync()
    {
        if (writerClosed)
        {
            return;
        }

        writerClosed = true;
        await Writer.DisposeAsync();
    }
}
