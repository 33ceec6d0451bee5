// fstat of an already opened descriptor (statx with AT_EMPTY_PATH): type and permission bits of a
// file found through openat2, without a second path lookup that could race or escape the root.
using System.Runtime.InteropServices;

namespace Crashcart.Interop;

public static partial class FileModes
{
    public const uint S_IFMT = 0xF000, S_IFREG = 0x8000, S_IFDIR = 0x4000;

    /// <summary>st_mode of the open file.</summary>
    public static unsafe uint Of(SafeFd fd, string nameForErrors)
    {
        byte* buf = stackalloc byte[256];
        byte empty = 0;
        if (statx(fd.Fd, &empty, AT_EMPTY_PATH, STATX_TYPE | STATX_MODE, buf) != 0)
            throw SyscallException.FromLastError("statx", nameForErrors);
        return *(ushort*)(buf + 28);
    }

    /// <summary>(device, inode) of the open file; device encoded major&lt;&lt;32|minor like FileStatus.Dev.</summary>
    public static unsafe (ulong Dev, ulong Ino) IdentityOf(SafeFd fd, string nameForErrors)
    {
        byte* buf = stackalloc byte[256];
        byte empty = 0;
        if (statx(fd.Fd, &empty, AT_EMPTY_PATH, STATX_INO, buf) != 0)
            throw SyscallException.FromLastError("statx", nameForErrors);
        ulong dev = ((ulong)*(uint*)(buf + 136) << 32) | *(uint*)(buf + 140);
        return (dev, *(ulong*)(buf + 32));
    }

    private const int AT_EMPTY_PATH = 0x1000;
    private const uint STATX_INO = 0x100;
    private const uint STATX_TYPE = 1, STATX_MODE = 2;

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int statx(int dirfd, byte* path, int flags, uint mask, byte* buf);
}
