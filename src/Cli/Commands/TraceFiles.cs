using TraceLab.Traces;

namespace TraceLab.Cli.Commands;

/// <summary>Opens trace files for commands, with their errors in the CLI's voice.</summary>
internal static class TraceFiles
{
    public static async Task<TraceFileReader> OpenAsync(string path, CancellationToken cancellation)
    {
        try
        {
            return await TraceFileReader.OpenAsync(path, cancellation);
        }
        catch (TraceFileException e)
        {
            throw CliException.Create(e.Message, e.Detail, e.Hint, e);
        }
    }
}
