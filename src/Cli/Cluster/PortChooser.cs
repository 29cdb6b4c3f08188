using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace TraceLab.Cli.Cluster;

/// <summary>Picks a loopback port for the embedded cluster that no system cluster uses.</summary>
/// <remarks>
/// The port is derived from the state directory, so two checkouts get different ports and one checkout keeps its
/// port; it lies far from the 5432–5439 range Debian's clusters use, skips every port configured in
/// /etc/postgresql/*/*/postgresql.conf, and must be free when it is chosen.
/// </remarks>
internal static partial class PortChooser
{
    private const int First = 25432;
    private const int Count = 2000;

    /// <summary>Chooses the port for the state directory <paramref name="stateDirectory"/>.</summary>
    public static int Choose(string stateDirectory)
    {
        var reserved = SystemClusterPorts();
        var start = (int)(Convert.ToUInt32(ClusterLayout.ShortHash(stateDirectory)[..6], 16) % Count);
        for (var i = 0; i < Count; i++)
        {
            var port = First + ((start + i) % Count);
            if (!reserved.Contains(port) && IsFree(port))
            {
                return port;
            }
        }

        throw CliException.Create(
            "could not find a free port for the embedded cluster",
            $"Every port from {First} to {First + Count - 1} is in use or configured for a system cluster.",
            "Free a port in that range and run \"tracelab up\" again.");
    }

    /// <summary>True when nothing listens on the loopback port.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static HashSet<int> SystemClusterPorts()
    {
        var ports = new HashSet<int>();
        if (!Directory.Exists("/etc/postgresql"))
        {
            return ports;
        }

        foreach (var file in Directory.EnumerateFiles("/etc/postgresql", "postgresql.conf", SearchOption.AllDirectories))
        {
            foreach (Match match in PortLine().Matches(File.ReadAllText(file)))
            {
                ports.Add(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return ports;
    }

    [GeneratedRegex(@"^\s*port\s*=\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex PortLine();
}
