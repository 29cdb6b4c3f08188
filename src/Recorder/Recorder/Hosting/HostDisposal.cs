using Microsoft.Extensions.Hosting;

namespace TraceLab.Recorder.Hosting;

/// <summary>Disposes a generic host the way it supports: asynchronously when it can (its Wolverine and Marten services
/// release their connections in <c>DisposeAsync</c>), else synchronously.</summary>
public static class HostDisposal
{
    /// <summary>Disposes <paramref name="host"/>.</summary>
    public static async ValueTask DisposeAsync(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }
}
