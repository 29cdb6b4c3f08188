using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TraceLab.Files;

/// <summary>Opens a file a user named for reading, only when it is a regular file.</summary>
/// <remarks>
/// Anything can carry a file's name. Opening a named pipe (FIFO) for reading waits until some process opens it for
/// writing, which may be never; opening a device may have effects of its own. So the type is checked by name before
/// opening, the open itself uses <c>O_NONBLOCK</c> (a FIFO that replaced the file in between then opens at once), and
/// the type is checked again on the descriptor. <c>O_NONBLOCK</c> changes nothing for a regular file. Linux only, like
/// the probe; elsewhere a file is opened as .NET does (a directory refused first).
/// </remarks>
public static class RegularFileOpener
{
    /// <summary>Opens <paramref name="path"/> (following symbolic links) for reading, shared with writers.</summary>
    /// <param name="path">The file.</param>
    /// <param name="notRegular">Makes the exception to throw when the file is not a regular file, from what it is
    /// instead ("a named pipe (FIFO)").</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public static SafeFileHandle Open(string path, Func<string, Exception> notRegular)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(notRegular);
        if (!OperatingSystem.IsLinux())
        {
            if (Directory.Exists(path))
            {
                throw notRegular("a directory");
            }

            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }

        Check(StatType(NativeMethods.AtFdCwd, path, 0, path), notRegular);
        var fd = NativeMethods.Open(path, NativeMethods.OpenForReadingFlags);
        if (fd < 0)
        {
            throw Failure(path, Marshal.GetLastPInvokeError());
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            Check(StatType(fd, "", NativeMethods.AtEmptyPath, path), notRegular);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>What <paramref name="path"/> is when it is not a regular file ("a named pipe (FIFO)"); null for a regular
    /// file, a file that does not exist, or when the type cannot be told.</summary>
    public static string? DescribeIfNotRegular(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            var type = StatType(NativeMethods.AtFdCwd, path, 0, path);
            return type == NativeMethods.RegularFileType ? null : Describe(type);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The exception for a failed call on <paramref name="path"/> with <paramref name="errno"/>.</summary>
    internal static Exception Failure(string path, int errno) => errno switch
    {
        NativeMethods.ENOENT or NativeMethods.ENOTDIR => new FileNotFoundException($"\"{path}\" does not exist.", path),
        NativeMethods.EACCES or NativeMethods.EPERM => new UnauthorizedAccessException($"Access to \"{path}\" is denied."),
        _ => new IOException($"Could not open \"{path}\": {Marshal.GetPInvokeErrorMessage(errno)}."),
    };

    private static void Check(int type, Func<string, Exception> notRegular)
    {
        if (type != NativeMethods.RegularFileType)
        {
            throw notRegular(Describe(type));
        }
    }

    private static int StatType(int directoryFd, string name, int flags, string path)
    {
        var buffer = new byte[NativeMethods.StatxSize];
        try
        {
            if (NativeMethods.Statx(directoryFd, name, flags, NativeMethods.StatxType, buffer) != 0)
            {
                throw Failure(path, Marshal.GetLastPInvokeError());
            }
        }
        catch (EntryPointNotFoundException)
        {
            // glibc before 2.28 has no statx: the type cannot be told, but O_NONBLOCK still keeps the open from
            // waiting, and a named pipe then reads as an empty file.
            return NativeMethods.RegularFileType;
        }

        // struct statx is in the machine's byte order.
        return MemoryMarshal.Read<ushort>(buffer.AsSpan(NativeMethods.StatxModeOffset)) & NativeMethods.FileTypeMask;
    }

    private static string Describe(int type) => type switch
    {
        NativeMethods.FifoType => "a named pipe (FIFO)",
        NativeMethods.DirectoryType => "a directory",
        NativeMethods.SocketType => "a socket",
        NativeMethods.CharacterDeviceType => "a character device",
        NativeMethods.BlockDeviceType => "a block device",
        NativeMethods.SymbolicLinkType => "a symbolic link",
        _ => "a file of type 0" + Convert.ToString(type, 8).ToString(CultureInfo.InvariantCulture),
    };
}
