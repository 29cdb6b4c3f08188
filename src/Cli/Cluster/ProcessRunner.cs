using System.Diagnostics;
using System.Text;

namespace TraceLab.Cli.Cluster;

/// <summary>The result of an external command.</summary>
internal sealed record ProcessResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs external programs (initdb, pg_ctl, make) and collects their output.</summary>
internal static class ProcessRunner
{
    /// <summary>Runs <paramref name="program"/> and returns its exit code and combined output.</summary>
    public static async Task<ProcessResult> RunAsync(
        string program, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken ct = default)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        var gate = new object();
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // The command was cancelled (Ctrl+C, SIGTERM): what it started ends with it.
            await ProcessTree.StopAsync(process);
            throw;
        }

        lock (gate)
        {
            return new ProcessResult(process.ExitCode, output.ToString());
        }

        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                output.AppendLine(line);
            }
        }
    }

    /// <summary>Runs a program and throws a <see cref="CliException"/> when it fails.</summary>
    public static async Task<string> RunCheckedAsync(
        string program, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken ct = default)
    {
        var list = arguments.ToList();
        var result = await RunAsync(program, list, workingDirectory, environment, ct);
        if (!result.Succeeded)
        {
            throw CliException.CommandFailed(Describe(program, list), result.ExitCode, result.Output);
        }

        return result.Output;
    }

    private static string Describe(string program, List<string> arguments)
    {
        // runuser's own arguments say nothing useful; name the program that actually failed.
        var shown = program.EndsWith("runuser", StringComparison.Ordinal) && arguments.Count > 3 ? arguments.Skip(3) : arguments.Prepend(program);
        return string.Join(' ', shown.Select(a => Path.GetFileName(a) == a || !a.StartsWith('/') ? a : Path.GetFileName(a)).Take(3));
    }
}
