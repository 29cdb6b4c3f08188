using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

using TraceLab.Files;

namespace TraceLab.Recorder.Spool;

/// <summary>Opens and moves the files of a spool directory without ever blocking on, or reading, anything that is not
/// a regular file.</summary>
/// <remarks>
/// <para>Anything can carry a spool file's name. Opening a named pipe (FIFO) for reading waits until some process opens
/// it for writing, which may be never; opening a device may have effects of its own. So the type is checked by name
/// before opening, and the open itself uses <c>O_NONBLOCK</c> (a FIFO that replaced the file in between then opens at
/// once) and the type is checked again on the descriptor. <c>O_NONBLOCK</c> changes nothing for a regular file.</para>
/// <para>Moves use <c>renameat2(RENAME_NOREPLACE)</c>: one atomic rename that never replaces a file and fails on
/// another file system instead of copying (.NET's <c>File.Move</c> copies there, which would hang on a FIFO and split a
/// file the probe is still appending to).</para>
/// <para>Linux only, like the probe; elsewhere files are opened and moved as .NET does.</para>
/// </remarks>
internal static class RegularFile
{
    /// <summary>Opens <paramref name="path"/> (following symbolic links) for reading while the probe may append to it.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="SpoolException">The file is not a regular file.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public static SafeFileHandle OpenForReading(string path) =>
        RegularFileOpener.Open(path, what => SpoolException.NotARegularFile(path, what));

    /// <summary>What <paramref name="path"/> is when it is not a regular file ("a named pipe (FIFO)"); null for a regular
    /// file, a file that does not exist, or when the type cannot be told.</summary>
    public static string? DescribeIfNotRegular(string path) => RegularFileOpener.DescribeIfNotRegular(path);

    /// <summary>Renames <paramref name="source"/> to <paramref name="destination"/> unless something already has that
    /// name; never copies.</summary>
    /// <returns>False when <paramref name="destination"/> exists.</returns>
    /// <exception cref="FileNotFoundException">The source no longer exists.</exception>
    /// <exception cref="IOException">The rename failed (for example across file systems).</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public static bool TryMove(string source, string destination)
    {
        if (!OperatingSystem.IsLinux())
        {
            if (File.Exists(destination))
            {
                return false;
            }

            File.Move(source, destination, overwrite: false);
            return true;
        }

        int errno;
        try
        {
            var at = NativeMethods.AtFdCwd;
            if (NativeMethods.RenameAt2(at, source, at, destination, NativeMethods.RenameNoReplace) == 0)
            {
                return true;
            }

            errno = Marshal.GetLastPInvokeError();
        }
        catch (EntryPointNotFoundException)
        {
            errno = NativeMethods.ENOSYS; // glibc before 2.28
        }

        if (errno is NativeMethods.EINVAL or NativeMethods.ENOSYS)
        {
            // The file system cannot promise "no replace"; check, then rename (only recorders quarantine, and they
            // pick names that no other file has).
            if (Path.Exists(destination))
            {
                return false;
            }

            if (NativeMethods.Rename(source, destination) == 0)
            {
                return true;
            }

            errno = Marshal.GetLastPInvokeError();
        }

        return errno switch
        {
            NativeMethods.EEXIST => false,
            NativeMethods.EXDEV => throw new IOException(
                $"\"{destination}\" is on another file system than \"{source}\", so the file cannot be renamed there."),
            NativeMethods.ENOENT or NativeMethods.ENOTDIR or NativeMethods.EACCES or NativeMethods.EPERM => throw RegularFileOpener.Failure(source, errno),
            _ => throw new IOException(
                $"Could not rename \"{source}\" to \"{destination}\": {Marshal.GetPInvokeErrorMessage(errno)}."),
        };
    }
}
