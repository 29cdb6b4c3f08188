using System.Globalization;
using Npgsql;

namespace TraceLab.Cli.Commands;

/// <summary>Turns a connection string in either form users have, the key-value form Npgsql takes
/// (<c>Host=…;Port=…</c>) or libpq's URI form (<c>postgresql://user:pass@host:port/db?sslmode=require</c>, the form
/// <c>tracelab status</c> and psql print), into the key-value form.</summary>
/// <remarks>Every connection string a user gives (<c>--connection</c>, <c>TRACELAB_CONNECTION</c>) passes through here
/// before Npgsql or Marten sees it, so both forms work for every verb. The URI grammar is libpq's
/// ("Connection URIs"): percent-encoded parts, several <c>host:port</c> pairs separated by commas, IPv6 hosts in
/// brackets, and query parameters named as libpq names them, mapped to the Npgsql keyword that means the same.</remarks>
internal static class ConnectionStringForm
{
    private static readonly Dictionary<string, string> Parameters = new(StringComparer.Ordinal)
    {
        ["host"] = "Host",
        ["hostaddr"] = "Host",
        ["port"] = "Port",
        ["dbname"] = "Database",
        ["user"] = "Username",
        ["password"] = "Password",
        ["passfile"] = "Passfile",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["options"] = "Options",
        ["sslmode"] = "SSL Mode",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["sslrootcert"] = "Root Certificate",
        ["target_session_attrs"] = "Target Session Attributes",
        ["keepalives_idle"] = "Tcp Keepalive Time",
        ["keepalives_interval"] = "Tcp Keepalive Interval",
        ["krbsrvname"] = "Kerberos Service Name",
        ["client_encoding"] = "Client Encoding",
    };

    private static readonly Dictionary<string, string> SslModes = new(StringComparer.Ordinal)
    {
        ["disable"] = "Disable",
        ["allow"] = "Allow",
        ["prefer"] = "Prefer",
        ["require"] = "Require",
        ["verify-ca"] = "VerifyCA",
        ["verify-full"] = "VerifyFull",
    };

    /// <summary>Whether <paramref name="value"/> is in the URI form.</summary>
    public static bool IsUri(string value) =>
        value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary><paramref name="value"/> in Npgsql's key-value form; a key-value string is returned as it is.</summary>
    /// <exception cref="CliException">The URI cannot be parsed.</exception>
    public static string ToNpgsql(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsUri(value))
        {
            return value;
        }

        var builder = new NpgsqlConnectionStringBuilder();
        var rest = value[(value.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var query = Cut(ref rest, '?');
        var database = Cut(ref rest, '/');
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var credentials = rest[..at];
            rest = rest[(at + 1)..];
            var password = Cut(ref credentials, ':');
            Set(builder, "Username", Decode(credentials));
            Set(builder, "Password", password is null ? null : Decode(password));
        }

        SetHosts(builder, rest, value);
        Set(builder, "Database", database is null ? null : Decode(database));
        foreach (var pair in (query ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = pair.Split('=', 2)[0];
            var setting = pair.Contains('=', StringComparison.Ordinal) ? Decode(pair.Split('=', 2)[1]) : "";
            if (!Parameters.TryGetValue(Decode(name), out var key))
            {
                throw Invalid($"invalid URI query parameter: \"{name}\"",
                    "Use libpq's names: " + string.Join(", ", Parameters.Keys) + ".");
            }

            Set(builder, key, key == "SSL Mode" ? SslModes.GetValueOrDefault(setting, setting) : setting);
        }

        return builder.ConnectionString;
    }

    /// <summary>Sets Host (and Port when every host names one) from libpq's <c>host[:port][,host[:port]…]</c>.</summary>
    private static void SetHosts(NpgsqlConnectionStringBuilder builder, string hosts, string uri)
    {
        if (hosts.Length == 0)
        {
            return;
        }

        var parts = new List<string>();
        foreach (var spec in hosts.Split(','))
        {
            string host;
            string? port = null;
            if (spec.StartsWith('['))
            {
                var close = spec.IndexOf(']', StringComparison.Ordinal);
                if (close < 0)
                {
                    throw Invalid($"missing \"]\" in the IPv6 host address of URI \"{Redacted(uri)}\"", null);
                }

                host = spec[1..close];
                port = spec.Length > close + 1 && spec[close + 1] == ':' ? spec[(close + 2)..] : null;
            }
            else
            {
                var colon = spec.LastIndexOf(':');
                host = colon < 0 ? spec : spec[..colon];
                port = colon < 0 ? null : spec[(colon + 1)..];
            }

            if (port is not null && !ushort.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw Invalid($"invalid port number: \"{port}\"", null);
            }

            host = Decode(host);
            parts.Add(port is null ? host : $"{host}:{port}");
        }

        // One host with a port: the plain Host and Port keywords, as "tracelab status" prints them.
        if (parts.Count == 1 && parts[0].LastIndexOf(':') is var c and > 0 && !parts[0][..c].Contains(':', StringComparison.Ordinal))
        {
            Set(builder, "Host", parts[0][..c]);
            Set(builder, "Port", parts[0][(c + 1)..]);
        }
        else
        {
            Set(builder, "Host", string.Join(',', parts));
        }
    }

    private static string? Cut(ref string text, char separator)
    {
        var index = text.IndexOf(separator, StringComparison.Ordinal);
        if (index < 0)
        {
            return null;
        }

        var after = text[(index + 1)..];
        text = text[..index];
        return after;
    }

    private static void Set(NpgsqlConnectionStringBuilder builder, string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        try
        {
            builder[key] = value;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            throw Invalid($"invalid value for connection option \"{key}\": \"{(key.Contains("Password", StringComparison.Ordinal) ? "…" : value)}\"", null);
        }
    }

    /// <summary>Percent-decodes a part; as in libpq, "+" stays a plus sign.</summary>
    private static string Decode(string part) => Uri.UnescapeDataString(part);

    /// <summary>The URI with its password replaced, for messages.</summary>
    internal static string Redacted(string uri)
    {
        var start = uri.IndexOf("://", StringComparison.Ordinal) + 3;
        var at = uri.IndexOf('@', start);
        var colon = at < 0 ? -1 : uri.IndexOf(':', start, at - start);
        return colon < 0 ? uri : uri[..(colon + 1)] + "********" + uri[at..];
    }

    private static CliException Invalid(string detailMessage, string? hint) => CliException.Create(
        "invalid event store connection string",
        char.ToUpperInvariant(detailMessage[0]) + detailMessage[1..] + ".",
        hint ?? "Give a URI such as \"postgresql://postgres@localhost:5432/tracelab_events\" or an Npgsql connection string "
        + "such as \"Host=localhost;Port=5432;Username=postgres;Database=tracelab_events\".");
}
