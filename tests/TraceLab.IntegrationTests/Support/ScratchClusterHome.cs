namespace TraceLab.IntegrationTests.Support;

/// <summary>A brand-new <c>TRACELAB_HOME</c> in a temporary directory, for tests that run <c>tracelab up</c> on a
/// cluster of their own; disposing stops that cluster and removes its files.</summary>
/// <remarks>A temporary directory is mode 0700: the postgres OS user cannot enter it, so <c>up</c> puts the state under
/// <c>/var/tmp</c> and leaves a symbolic link (README, <c>TRACELAB_HOME</c>); both places are removed.</remarks>
internal sealed class ScratchClusterHome : IAsyncDisposable
{
    private readonly DirectoryInfo scratch;

    public ScratchClusterHome(string prefix)
    {
        scratch = Directory.CreateTempSubdirectory(prefix);
        Environment = new Dictionary<string, string> { ["TRACELAB_HOME"] = Path.Combine(scratch.FullName, "state") };
    }

    /// <summary>The environment that points the CLI at this state directory.</summary>
    public Dictionary<string, string> Environment { get; }

    /// <summary>Where the state really is (the link's target when <c>up</c> fell back), or null before <c>up</c>.</summary>
    public string? RealStateDirectory()
    {
        var state = new DirectoryInfo(Environment["TRACELAB_HOME"]);
        return state.Exists ? state.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? state.FullName : null;
    }

    public async ValueTask DisposeAsync()
    {
        await CliProcess.RunAsync(Environment, "down");
        if (RealStateDirectory() is { } real && Directory.Exists(real))
        {
            Directory.Delete(real, recursive: true);
        }

        scratch.Delete(recursive: true);
    }
}
