using System.Runtime.InteropServices;

namespace TraceLab.Policies.Language;

/// <summary>The Linux libc calls reading a policy file needs that .NET does not expose: opening without blocking and the
/// type of a file.</summary>
/// <remarks>The same idea as the recorder's spool files (a path given by a user can name a FIFO or a device), kept as a
/// copy so the policy language does not depend on the recorder. Constants are Linux's generic ones (x86-64 and arm64
/// alike); callers check <see cref="OperatingSystem.IsLinux"/> first. <c>struct statx</c> has the same layout on every
/// Linux architecture, which is why it is used rather than <c>struct stat</c>.</remarks>
internal static class NativeMethods
{
    public const int ENOENT = 2;
    public const int EPERM = 1;
    public const int EACCES = 13;
    public const int ENOTDIR = 20;

    // O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC: a FIFO that replaced the file after the type check opens at once
    // instead of waiting for a writer; reads of a regular file are unaffected.
    public const int OpenForReadingFlags = 0x0 | 0x800 | 0x100 | 0x80000;

    public const int AtFdCwd = -100;
    public const int AtEmptyPath = 0x1000;
    public const uint StatxType = 0x1;

    public const int StatxSize = 256;
    public const int StatxModeOffset = 28;

    public const int FileTypeMask = 0xF000;
    public const int RegularFileType = 0x8000;
    public const int DirectoryType = 0x4000;
    public const int FifoType = 0x1000;
    public const int SocketType = 0xC000;
    public const int CharacterDeviceType = 0x2000;
    public const int BlockDeviceType = 0x6000;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Statx(
        int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
