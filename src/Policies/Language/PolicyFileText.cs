using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

using TraceLab.Files;

namespace TraceLab.Policies.Language;

/// <summary>Reads the text of a policy file without ever blocking on, or reading without end from, something that is
/// not a regular file.</summary>
/// <remarks>
/// <para>A path given to <c>--policy</c> can name anything. Opening a named pipe (FIFO) waits until some process opens
/// it for writing, which may be never, and <c>/dev/zero</c> never ends. So the type is checked by name before opening,
/// the open uses <c>O_NONBLOCK</c> (a FIFO that replaced the file in between opens at once) and the type is checked
/// again on the descriptor; then at most <see cref="PolicyLimits.MaxBytes"/> and one more byte are read, so a file
/// over the limit costs no more memory than one at it.</para>
/// <para>The text must be UTF-8 (YAML 1.2 text, as every built-in policy is); invalid bytes are reported with their
/// line rather than silently replaced.</para>
/// </remarks>
internal static class PolicyFileText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of the policy file at <paramref name="path"/>.</summary>
    /// <exception cref="PolicyFileException">The file cannot be read, is not a regular file, is too large or is not
    /// UTF-8.</exception>
    public static string Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            using var handle = Open(path);
            bytes = ReadAtMost(handle, PolicyLimits.MaxBytes + 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw PolicyFileException.Unreadable(path, e);
        }

        if (bytes.Length > PolicyLimits.MaxBytes)
        {
            throw PolicyFileException.Unusable(
                path,
                $"policy file \"{path}\" is too large",
                string.Create(CultureInfo.InvariantCulture,
                    $"A policy file may have at most {PolicyLimits.MaxBytes:N0} bytes (1 MiB); this one has more."),
                "Check that the path names a policy file: a policy is a few kilobytes of YAML.");
        }

        return Decode(path, bytes);
    }

    private static string Decode(string path, byte[] bytes)
    {
        try
        {
            var text = Strict.GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException e)
        {
            var offset = Math.Clamp(e.Index, 0, bytes.Length);
            var line = 1 + bytes.AsSpan(0, offset).Count((byte)'\n');
            throw PolicyFileException.Unusable(
                path,
                $"policy file \"{path}\" is not valid UTF-8",
                string.Create(CultureInfo.InvariantCulture,
                    $"Line {line}: byte {offset + 1} of the file (0x{bytes[offset]:x2}) does not start or continue a UTF-8 character."),
                "A policy file is YAML text in UTF-8; check that the path names a policy file, or convert it (iconv -t UTF-8).");
        }
    }

    private static byte[] ReadAtMost(SafeFileHandle handle, int limit)
    {
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        var buffer = new byte[Math.Min(limit, 64 * 1024)];
        var length = 0;
        while (length < limit)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(limit, buffer.Length * 2));
            }

            var read = stream.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return buffer[..length];
    }

    private static SafeFileHandle Open(string path) => RegularFileOpener.Open(path, what => NotRegular(path, what));

    private static PolicyFileException NotRegular(string path, string what) => PolicyFileException.Unusable(
        path,
        $"policy file \"{path}\" is not a regular file",
        $"It is {what}; a policy file is read from a regular file only.",
        "Give the path of a policy file (a .yaml file), or the name of a built-in policy (\"tracelab policies list\").");
}
