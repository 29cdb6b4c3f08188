using Npgsql;
using TraceLab.Cli.Commands;

namespace TraceLab.Cli.Tests.Commands;

public sealed class ConnectionStringFormTests
{
    [Fact]
    public void The_uri_tracelab_status_prints_becomes_the_same_npgsql_connection_string()
    {
        var converted = new NpgsqlConnectionStringBuilder(
            ConnectionStringForm.ToNpgsql("postgresql://postgres:s3cret@127.0.0.1:27095/tracelab_events"));

        converted.Host.ShouldBe("127.0.0.1");
        converted.Port.ShouldBe(27095);
        converted.Username.ShouldBe("postgres");
        converted.Password.ShouldBe("s3cret");
        converted.Database.ShouldBe("tracelab_events");
    }

    [Fact]
    public void Percent_encoded_parts_and_the_short_scheme_are_decoded()
    {
        var converted = new NpgsqlConnectionStringBuilder(
            ConnectionStringForm.ToNpgsql("postgres://re%40corder:p%3Ba%2Fss+@db.example/my%20events"));

        converted.Username.ShouldBe("re@corder");
        converted.Password.ShouldBe("p;a/ss+");
        converted.Database.ShouldBe("my events");
        converted.Host.ShouldBe("db.example");
    }

    [Fact]
    public void Query_parameters_are_mapped_to_the_npgsql_keywords_that_mean_the_same()
    {
        var converted = new NpgsqlConnectionStringBuilder(ConnectionStringForm.ToNpgsql(
            "postgresql://u@h:5433/d?sslmode=verify-full&application_name=trace%20lab&connect_timeout=7&target_session_attrs=read-write"));

        converted.SslMode.ShouldBe(SslMode.VerifyFull);
        converted.ApplicationName.ShouldBe("trace lab");
        converted.Timeout.ShouldBe(7);
        converted.TargetSessionAttributes.ShouldBe("read-write");
        converted.Port.ShouldBe(5433);
    }

    [Fact]
    public void Several_hosts_and_an_ipv6_address_keep_their_ports()
    {
        new NpgsqlConnectionStringBuilder(ConnectionStringForm.ToNpgsql("postgresql://u@a:5432,b:5433/d")).Host.ShouldBe("a:5432,b:5433");
        var ipv6 = new NpgsqlConnectionStringBuilder(ConnectionStringForm.ToNpgsql("postgresql://u@[::1]:6000/d"));
        ipv6.Host.ShouldBe("::1:6000");
    }

    [Fact]
    public void A_key_value_string_is_left_as_it_is() =>
        ConnectionStringForm.ToNpgsql("Host=h;Port=1;Username=u").ShouldBe("Host=h;Port=1;Username=u");

    [Theory]
    [InlineData("postgresql://u:s3cret@h:5432/d?nosuch=1", "Invalid URI query parameter: \"nosuch\".")]
    [InlineData("postgresql://u:s3cret@h:port/d", "Invalid port number: \"port\".")]
    [InlineData("postgresql://u:s3cret@[::1:5432/d", "Missing \"]\" in the IPv6 host address of URI \"postgresql://u:********@[::1:5432/d\".")]
    public void A_malformed_uri_is_one_error_that_never_shows_the_password(string uri, string detail)
    {
        var error = Should.Throw<CliException>(() => ConnectionStringForm.ToNpgsql(uri));

        error.Message.ShouldBe("invalid event store connection string");
        error.Detail.ShouldBe(detail);
        $"{error.Message}{error.Detail}{error.Hint}".ShouldNotContain("s3cret");
    }
}
