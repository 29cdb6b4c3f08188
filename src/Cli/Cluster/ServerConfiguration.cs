using System.Globalization;
using System.Text;

namespace TraceLab.Cli.Cluster;

/// <summary>The configuration files tracelab owns in the cluster's data directory.</summary>
internal static class ServerConfiguration
{
    private const string IncludeLine = "include_if_exists = 'tracelab.conf'";

    /// <summary>Writes tracelab.conf and pg_hba.conf; true when either changed.</summary>
    /// <remarks>
    /// Trust authentication is confined to the private socket directory (mode 0700, so only the cluster's OS user
    /// and root can enter it); TCP listens on loopback only and asks for the generated password.
    /// </remarks>
    public static bool Write(ClusterLayout layout, int port)
    {
        var settings = new StringBuilder()
            .AppendLine("# Written by \"tracelab up\" on every start; edits here are overwritten.")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"port = {port}")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{Quote(layout.SocketDirectory)}'")
            .AppendLine("unix_socket_permissions = 0700")
            .AppendLine(CultureInfo.InvariantCulture, $"shared_preload_libraries = '{ProbeBuilder.LibraryName}'")
            .AppendLine(CultureInfo.InvariantCulture, $"dynamic_library_path = '{Quote(layout.LibraryDirectory)}:$libdir'")
            .AppendLine(CultureInfo.InvariantCulture, $"tracelab.spool_directory = '{Quote(layout.SpoolDirectory)}'")
            .AppendLine("password_encryption = 'scram-sha-256'")
            .ToString();
        var hba = new StringBuilder()
            .AppendLine("# Written by \"tracelab up\"; edits here are overwritten.")
            .AppendLine("# TYPE  DATABASE  USER  ADDRESS       METHOD")
            .AppendLine("local   all       all                 trust")
            .AppendLine("host    all       all   127.0.0.1/32  scram-sha-256")
            .ToString();

        var changed = WriteIfChanged(Path.Combine(layout.DataDirectory, "tracelab.conf"), settings);
        changed |= WriteIfChanged(Path.Combine(layout.DataDirectory, "pg_hba.conf"), hba);
        var main = Path.Combine(layout.DataDirectory, "postgresql.conf");
        if (!File.ReadAllText(main).Contains(IncludeLine, StringComparison.Ordinal))
        {
            File.AppendAllText(main, Environment.NewLine + IncludeLine + Environment.NewLine);
            changed = true;
        }

        return changed;
    }

    private static bool WriteIfChanged(string path, string content)
    {
        if (File.Exists(path) && File.ReadAllText(path) == content)
        {
            return false;
        }

        File.WriteAllText(path, content);
        return true;
    }

    private static string Quote(string value) => value.Replace("'", "''", StringComparison.Ordinal);
}
