namespace TraceLab.Cli.Cluster;

/// <summary>Finds the TraceLab checkout: the probe's sources and the default state directory live there.</summary>
internal static class CheckoutRoot
{
    private const string Marker = "TraceLab.sln";

    /// <summary>The checkout root: <c>TRACELAB_ROOT</c>, else the nearest ancestor of the working or program directory
    /// that holds TraceLab.sln.</summary>
    public static string Find()
    {
        if (Environment.GetEnvironmentVariable("TRACELAB_ROOT") is { Length: > 0 } root)
        {
            return Path.GetFullPath(root);
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, Marker)))
                {
                    return dir.FullName;
                }
            }
        }

        throw CliException.Create(
            "could not find the TraceLab checkout",
            $"Neither the working directory nor the program's directory is inside a folder holding {Marker}.",
            "Run tracelab from its checkout (./tracelab …) or set TRACELAB_ROOT.");
    }
}
