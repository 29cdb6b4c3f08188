using TraceLab.Cli.Cluster;

namespace TraceLab.Cli.Tests.Cluster;

public sealed class ClusterLayoutTests
{
    [Fact]
    public void Keeps_everything_under_the_state_directory()
    {
        var layout = ClusterLayout.Existing("/srv/checkout/.tracelab");

        layout.DataDirectory.ShouldBe("/srv/checkout/.tracelab/data");
        layout.SpoolDirectory.ShouldBe("/srv/checkout/.tracelab/spool");
        layout.SocketDirectory.ShouldBe("/srv/checkout/.tracelab/sock");
        layout.PasswordFile.ShouldBe("/srv/checkout/.tracelab/password");
    }

    [Fact]
    public void Moves_the_socket_directory_when_the_socket_path_would_be_too_long()
    {
        var deep = "/" + string.Join('/', Enumerable.Repeat("a-rather-long-directory-name", 4)) + "/.tracelab";

        var layout = ClusterLayout.Existing(deep);

        layout.SocketDirectory.ShouldStartWith("/tmp/tracelab-");
        (layout.SocketDirectory.Length + "/.s.PGSQL.25432".Length).ShouldBeLessThan(108);
    }
}
