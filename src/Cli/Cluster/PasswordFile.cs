using System.Security.Cryptography;

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
    public static string? Read(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;
}
