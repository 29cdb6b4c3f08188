using Spectre.Console;
using TraceLab.Replayer.Output;
using TraceLab.Replayer.Rendering;

namespace TraceLab.Cli.Reports;

/// <summary>Where a report goes: standard output, or a file given with <c>--out</c>.</summary>
/// <remarks>
/// A file is written under a temporary name beside it and renamed over <c>FILE</c> only once the report is complete, so
/// a replay that fails or is interrupted never leaves a truncated report behind, nor destroys an earlier one.
/// </remarks>
internal sealed class ReportDestination : IAsyncDisposable
{
    private readonly FileStream? file;
    private readonly Stream? stdout;
    private readonly string? path;
    private bool committed;

    private ReportDestination(IReportWriter writer, FileStream? file, Stream? stdout, string? path)
    {
        Writer = writer;
        this.file = file;
        this.stdout = stdout;
        this.path = path;
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
                return new ReportDestination(ReportFormats.Create(format, AnsiConsole.Console, Options), null, null, null);
            }

            var stdout = Console.OpenStandardOutput();
            return new ReportDestination(ReportFormats.Create(format, stdout, Options), null, stdout, null);
        }

        var full = Path.GetFullPath(outPath);
        if (Directory.Exists(full))
        {
            throw CliException.Create(
                $"could not write report to \"{outPath}\": it is a directory",
                null,
                "Give --out a file name, for example --out report." + Extension(format) + ".");
        }

        var directory = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(directory))
        {
            throw CliException.Create(
                $"could not open file \"{outPath}\" for writing",
                $"Directory \"{directory}\" does not exist.",
                "Create the directory first, or give --out a path in an existing one.");
        }

        var temporary = Path.Combine(
            Path.GetDirectoryName(full) ?? ".",
            FormattableString.Invariant($".{Path.GetFileName(full)}.{Environment.ProcessId}.partial"));
        FileStream stream;
        try
        {
            stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Create(
                $"could not open file \"{outPath}\" for writing",
                e.Message,
                "Check that the directory exists and that you may write to it.");
        }

        return new ReportDestination(ReportFormats.Create(format, stream, Options), stream, null, full);
    }

    /// <summary>The report is complete: flush it and, for a file, put it in place.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await Writer.DisposeAsync();
        if (stdout is not null)
        {
            await stdout.FlushAsync(cancellationToken);
        }

        if (file is not null && path is not null)
        {
            await file.FlushAsync(cancellationToken);
            var temporary = file.Name;
            await file.DisposeAsync();
            File.Move(temporary, path, overwrite: true);
        }

        committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (committed)
        {
            return;
        }

        await Writer.DisposeAsync();
        if (file is not null)
        {
            var temporary = file.Name;
            await file.DisposeAsync();
            File.Delete(temporary);
        }
    }

    private static string Extension(string format) => format switch
    {
        ReportFormats.Markdown => "md",
        ReportFormats.JUnit => "xml",
        ReportFormats.Table => "txt",
        _ => format,
    };
}
