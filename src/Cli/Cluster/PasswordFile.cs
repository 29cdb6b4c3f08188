using System.Security.Cryptography;
using TraceLab.Errors;

namespace TraceLab.Cli.Cluster;

/// <summary>The generated password of the bootstrap superuser for loopback TCP, kept in a 0600 file.</summary>
internal static class PasswordFile
{
    /// <summary>Reads the password, creating it on first use.</summary>
    public static string ReadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        using (var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(password);
        }

        return password;
    }

    /// <summary>Reads the password of an existing cluster, or null.</summary>
    /// <exception cref="TraceLabException">The file exists but this OS user may not read it.</exception>
    public static string? Read(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new TraceLabException(
                $"could not read the embedded cluster's password file \"{path}\"",
                "Permission denied: it is readable only by the OS user that ran \"tracelab up\" (mode 0600).",
                "Run tracelab as that user, or connect with --connection and a role and password of your own.",
                e);
        }
    }
}
