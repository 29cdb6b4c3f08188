using Microsoft.Win32.SafeHandles;

namespace TraceLab.Recorder.Spool;

/// <summary>A read-only view of a spool file through one reusable buffer, sized to the largest block seen.</summary>
/// <remarks>The file's length is taken once, at open: bytes the probe appends afterwards wait for the next read.
/// Memory returned by <see cref="Get"/> stays valid only until the next call.</remarks>
internal sealed class Window : IDisposable
{
    private const int MinimumRead = 256 * 1024;

    private readonly SafeFileHandle handle;
    private readonly string path;
    private byte[] buffer = [];
    private long start;
    private int length;

    private Window(SafeFileHandle handle, string path, long fileLength)
    {
        this.handle = handle;
        this.path = path;
        FileLength = fileLength;
    }

    /// <summary>The file's length when it was opened.</summary>
    public long FileLength { get; }

    /// <summary>Opens <paramref name="path"/> for reading while the probe may still append to it.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="SpoolException">The file exists but is not a regular file or cannot be read.</exception>
    public static Window Open(string path)
    {
        SafeFileHandle? handle = null;
        try
        {
            handle = RegularFile.OpenForReading(path);
            return new Window(handle, path, RandomAccess.GetLength(handle));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            handle?.Dispose();
            throw new FileNotFoundException($"Spool file \"{path}\" does not exist.", path, e);
        }
        catch (IOException e)
        {
            handle?.Dispose();
            throw SpoolException.CouldNotRead(path, e);
        }
        catch (UnauthorizedAccessException e)
        {
            handle?.Dispose();
            throw SpoolException.CouldNotRead(path, e);
        }
    }

    /// <summary>Returns the bytes at [<paramref name="offset"/>, +<paramref name="count"/>), fewer if the file
    /// shrank since it was opened.</summary>
    public ReadOnlyMemory<byte> Get(long offset, int count)
    {
        if (offset >= start && offset + count <= start + length)
        {
            return buffer.AsMemory((int)(offset - start), count);
        }

        var want = (int)Math.Min(Math.Max(MinimumRead, (long)count), Math.Max(FileLength - offset, count));
        if (buffer.Length < want)
        {
            buffer = new byte[want];
        }

        start = offset;
        length = 0;
        try
        {
            while (length < want)
            {
                var read = RandomAccess.Read(handle, buffer.AsSpan(length, want - length), offset + length);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch (IOException e)
        {
            length = 0;
            throw SpoolException.CouldNotRead(path, e);
        }

        return buffer.AsMemory(0, Math.Min(count, length));
    }

    public void Dispose() => handle.Dispose();
}
