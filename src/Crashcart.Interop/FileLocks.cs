// flock(2): the session registry's locks. A lock dies with its holder (even on SIGKILL), which is
// what makes "is this session still alive?" a reliable question.
using System.Runtime.InteropServices;

namespace Crashcart.Interop;

public static partial class FileLocks
{
    private const int LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;

    /// <summary>Blocks until the exclusive lock is ours.</summary>
    public static void Exclusive(SafeFd fd, string path)
    {
        while (flock(fd.Fd, LOCK_EX) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != Errnos.EINTR) throw new SyscallException("flock LOCK_EX", path, errno);
        }
    }

    /// <summary>Takes the exclusive lock if free; false if someone holds it.</summary>
    public static bool TryExclusive(SafeFd fd, string path)
    {
        if (flock(fd.Fd, LOCK_EX | LOCK_NB) == 0) return true;
        int errno = Marshal.GetLastPInvokeError();
        if (errno is Errnos.EAGAIN) return false;
        throw new SyscallException("flock LOCK_EX|LOCK_NB", path, errno);
    }

    public static void Unlock(SafeFd fd) => flock(fd.Fd, LOCK_UN);

    [LibraryImport("libc", SetLastError = true)] private static partial int flock(int fd, int operation);
}
