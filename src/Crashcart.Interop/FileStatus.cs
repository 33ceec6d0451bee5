// lstat for managed code: the inode facts .NET does not expose (ino, dev, nlink, uid/gid, rdev, mtime).
// Implemented with statx(AT_SYMLINK_NOFOLLOW) rather than lstat because struct statx has one layout
// on every architecture (struct stat differs between x86_64 and arm64), and it hands out the device
// major/minor already split. Semantics are lstat's: a symlink is described, not followed.
using System.Runtime.InteropServices;

namespace Crashcart.Interop;

/// <summary>What lstat(2) says about one path. <see cref="Mode"/> includes the S_IFMT type bits.</summary>
public sealed partial record FileStatus(
    uint Mode, ulong Ino, ulong Dev, ulong Nlink, uint Uid, uint Gid, long Size,
    long MtimeSeconds, uint RdevMajor, uint RdevMinor)
{
    public const uint S_IFMT = 0xF000, S_IFSOCK = 0xC000, S_IFLNK = 0xA000, S_IFREG = 0x8000,
        S_IFBLK = 0x6000, S_IFDIR = 0x4000, S_IFCHR = 0x2000, S_IFIFO = 0x1000;

    /// <summary>Type bits only (S_IFREG, S_IFDIR, ...).</summary>
    public uint Type => Mode & S_IFMT;
    /// <summary>Permission bits incl. setuid/setgid/sticky.</summary>
    public uint Permissions => Mode & 0xFFF;

    public bool IsDirectory => Type == S_IFDIR;
    public bool IsRegularFile => Type == S_IFREG;
    public bool IsSymlink => Type == S_IFLNK;

    /// <summary>lstat(path). Throws FileNotFoundException, UnauthorizedAccessException or IOException naming the path.</summary>
    public static unsafe FileStatus Lstat(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        StatxBuffer buf;
        if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &buf) != 0)
            throw ErrnoException(Marshal.GetLastPInvokeError(), "lstat", path);
        ulong dev = ((ulong)buf.DevMajor << 32) | buf.DevMinor;
        return new FileStatus(buf.Mode, buf.Ino, dev, buf.Nlink, buf.Uid, buf.Gid, (long)buf.Size,
            buf.MtimeSec, buf.RdevMajor, buf.RdevMinor);
    }

    private static Exception ErrnoException(int errno, string op, string path)
    {
        string text = $"{op} {path}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
        return errno switch
        {
            ENOENT or ENOTDIR => new FileNotFoundException(text, path),
            EACCES or EPERM => new UnauthorizedAccessException(text),
            _ => new IOException(text, errno),
        };
    }

    private const int EPERM = 1, ENOENT = 2, EACCES = 13, ENOTDIR = 20;
    private const int AT_FDCWD = -100;
    private const int AT_SYMLINK_NOFOLLOW = 0x100;
    private const uint STATX_BASIC_STATS = 0x7FF;

    // struct statx from <linux/stat.h>; 256 bytes, identical on all architectures.
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(0)] public uint Mask;
        [FieldOffset(16)] public uint Nlink;
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(24)] public uint Gid;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Ino;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(112)] public long MtimeSec;
        [FieldOffset(128)] public uint RdevMajor;
        [FieldOffset(132)] public uint RdevMinor;
        [FieldOffset(136)] public uint DevMajor;
        [FieldOffset(140)] public uint DevMinor;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int statx(int dirfd, string pathname, int flags, uint mask, StatxBuffer* statxbuf);
}
