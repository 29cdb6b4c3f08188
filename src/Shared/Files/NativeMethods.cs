using System.Runtime.InteropServices;

namespace TraceLab.Files;

/// <summary>The Linux libc calls TraceLab needs that .NET does not expose: opening without blocking, the type of
/// a file, and a rename that never replaces a file nor falls back to copying.</summary>
/// <remarks>Constants are Linux's generic ones (x86-64 and arm64 alike); callers check
/// <see cref="OperatingSystem.IsLinux"/> first. <c>struct statx</c> has the same layout on every Linux architecture,
/// which is why it is used rather than <c>struct stat</c>.</remarks>
internal static class NativeMethods
{
    public const int ENOENT = 2;
    public const int EPERM = 1;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENOTDIR = 20;
    public const int EINVAL = 22;
    public const int ENOSYS = 38;

    // O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC: a FIFO opens at once instead of waiting for a writer, a terminal
    // does not become the controlling one; reads of a regular file are unaffected.
    public const int OpenForReadingFlags = 0x0 | 0x800 | 0x100 | 0x80000;

    public const int AtFdCwd = -100;
    public const int AtEmptyPath = 0x1000;
    public const uint StatxType = 0x1;
    public const uint RenameNoReplace = 0x1;

    public const int StatxSize = 256;
    public const int StatxModeOffset = 28;

    public const int FileTypeMask = 0xF000;
    public const int RegularFileType = 0x8000;
    public const int DirectoryType = 0x4000;
    public const int FifoType = 0x1000;
    public const int SocketType = 0xC000;
    public const int CharacterDeviceType = 0x2000;
    public const int BlockDeviceType = 0x6000;
    public const int SymbolicLinkType = 0xA000;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Statx(
        int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int RenameAt2(
        int oldDirectoryFd,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath,
        int newDirectoryFd,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath,
        uint flags);

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Rename(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
}
