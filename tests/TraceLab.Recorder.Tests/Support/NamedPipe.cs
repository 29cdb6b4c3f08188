using System.Diagnostics;

namespace TraceLab.Recorder.Tests.Support;

/// <summary>Makes real named pipes (FIFOs) with mkfifo(1): the file type that made the Recorder hang.</summary>
internal static class NamedPipe
{
    public static string Create(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not start mkfifo.");
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"mkfifo {path}");
        return path;
    }
}
