// mknod/unlink for the classic mount path: on kernels without the new mount API (< 5.2) the toolbox
// is mounted from a private block node created inside the container's /dev for the moment of mount(2).
using System.Runtime.InteropServices;

namespace Crashcart.Interop;

public static partial class DeviceNodes
{
    /// <summary>mknod(path, S_IFBLK|mode, makedev(major, minor)); EEXIST and the rest throw SyscallException.</summary>
    public static void MknodBlock(string path, uint mode, uint major, uint minor)
    {
        if (mknod(path, FileStatus.S_IFBLK | (mode & 0xFFF), MakeDev(major, minor)) != 0)
            throw SyscallException.FromLastError($"mknod (block {major}:{minor})", path);
    }

    /// <summary>unlink(path).</summary>
    public static void Unlink(string path)
    {
        if (unlink(path) != 0) throw SyscallException.FromLastError("unlink", path);
    }

    /// <summary>glibc's makedev: the 64-bit dev_t split of major and minor.</summary>
    public static ulong MakeDev(uint major, uint minor) =>
        ((ulong)(major & 0xFFFFF000) << 32) | ((ulong)(major & 0xFFF) << 8) |
        ((ulong)(minor & 0xFFFFFF00) << 12) | (minor & 0xFF);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int mknod(string pathname, uint mode, ulong dev);
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int unlink(string pathname);
}
