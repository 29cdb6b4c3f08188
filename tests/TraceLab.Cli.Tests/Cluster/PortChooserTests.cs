using System.Net;
using System.Net.Sockets;
using TraceLab.Cli.Cluster;

namespace TraceLab.Cli.Tests.Cluster;

public sealed class PortChooserTests
{
    [Fact]
    public void Chooses_the_same_port_for_the_same_state_directory_away_from_debians_clusters()
    {
        var port = PortChooser.Choose("/some/checkout/.tracelab");

        port.ShouldBeInRange(25432, 27431);
        PortChooser.Choose("/some/checkout/.tracelab").ShouldBe(port);
    }

    [Fact]
    public void A_port_something_listens_on_is_not_free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();

        PortChooser.IsFree(((IPEndPoint)listener.LocalEndpoint).Port).ShouldBeFalse();
    }
}
