// fsync(2) on a directory: makes the names in it (a rename, a new file) durable. .NET cannot open a
// directory as a file, so this is open(O_RDONLY|O_DIRECTORY) + fsync + close.
using System.Runtime.InteropServices;

namespace Crashcart.Interop;

public static partial class DirectorySync
{
    /// <summary>
    /// Flushes <paramref name="directory"/>'s entries to disk. Throws <see cref="IOException"/> naming the
    /// directory and the errno (also in <see cref="Exception.HResult"/>). A filesystem that cannot sync
    /// directories (EINVAL, e.g. some FUSE and network filesystems) has nothing to flush: that is not an error.
    /// </summary>
    public static void Fsync(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        int fd;
        do fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        while (fd < 0 && Marshal.GetLastPInvokeError() == EINTR);
        if (fd < 0) throw Error("open", directory, Marshal.GetLastPInvokeError());
        try
        {
            if (fsync(fd) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != EINVAL) throw Error("fsync", directory, errno);
            }
        }
        finally
        {
            close(fd); // read-only descriptor: close cannot lose data, so its result carries nothing
        }
    }

    private static IOException Error(string op, string directory, int errno) =>
        new($"{op} {directory}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);

    private const int EINTR = 4, EINVAL = 22;
    private const int O_RDONLY = 0, O_CLOEXEC = 0x80000;
    // O_DIRECTORY is one of the few open flags whose value differs by architecture: arm and arm64 keep
    // 040000, everything else uses the generic 0200000.
    private static readonly int O_DIRECTORY =
        RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 ? 0x4000 : 0x10000;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int open(string pathname, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int close(int fd);
}
