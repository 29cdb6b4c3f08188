using System.Runtime.InteropServices;

namespace TraceLab.Cli.Cluster;

/// <summary>The two libc calls the cluster code needs that .NET does not expose.</summary>
internal static partial class NativeMethods
{
    [DllImport("libc", EntryPoint = "geteuid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint GetEffectiveUserId();

    /// <summary>True when the process runs as root, where PostgreSQL must be run as another OS user.</summary>
    public static bool IsRoot => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;
}
