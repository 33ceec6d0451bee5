// The new mount API (fsopen/fsconfig/fsmount/move_mount/fspick/mount_setattr), classic mount(2)
// and umount2. A toolbox mount is normally created detached on the host and then moved into the
// container's namespace; mount(2) is the fallback for kernels without the new API (< 5.2). Errors
// name op, source, target, fstype and flags by name, and include the filesystem's own messages
// from the fs context where there is one.
using System.Runtime.InteropServices;

namespace Crashcart.Interop;

public static partial class Mounts
{
    public const uint MOUNT_ATTR_RDONLY = 0x1, MOUNT_ATTR_NOSUID = 0x2, MOUNT_ATTR_NODEV = 0x4, MOUNT_ATTR_NOEXEC = 0x8;
    public const int MNT_DETACH = 0x2, UMOUNT_NOFOLLOW = 0x8;
    public const ulong MS_RDONLY = 0x1, MS_NOSUID = 0x2, MS_NODEV = 0x4, MS_NOEXEC = 0x8;
    private const uint FSOPEN_CLOEXEC = 1, FSMOUNT_CLOEXEC = 1, FSPICK_CLOEXEC = 1;
    private const uint FSCONFIG_SET_FLAG = 0, FSCONFIG_SET_STRING = 1, FSCONFIG_CMD_CREATE = 6, FSCONFIG_CMD_RECONFIGURE = 7;
    private const uint MOVE_MOUNT_F_EMPTY_PATH = 0x4;
    private const uint AT_EMPTY_PATH = 0x1000;

    /// <summary>
    /// fsopen(fstype) + source + flags + CMD_CREATE + fsmount(attrs): a detached mount of
    /// <paramref name="source"/>, not yet attached anywhere. Dispose the result to drop it.
    /// </summary>
    public static unsafe SafeFd CreateDetached(string fstype, string source, bool readOnly, uint attrs)
    {
        string what = $"{fstype} {source} ({AttrNames(attrs)})";
        long fs;
        fixed (byte* t = Files.Utf8(fstype)) fs = Syscalls.Invoke(Syscalls.Fsopen, (long)t, FSOPEN_CLOEXEC);
        if (fs < 0) throw SyscallException.FromLastError("fsopen", fstype);
        using var fsfd = new SafeFd((int)fs);
        Config(fsfd, FSCONFIG_SET_STRING, "source", source, what);
        if (readOnly) Config(fsfd, FSCONFIG_SET_FLAG, "ro", null, what);
        Config(fsfd, FSCONFIG_CMD_CREATE, null, null, what);
        long m = Syscalls.Invoke(Syscalls.Fsmount, fsfd.Fd, FSMOUNT_CLOEXEC, attrs);
        if (m < 0) throw SyscallException.FromLastError("fsmount", what);
        return new SafeFd((int)m);
    }

    /// <summary>move_mount(detached, "", AT_FDCWD, target, F_EMPTY_PATH): attaches at target in the caller's mount namespace.</summary>
    public static unsafe void Attach(SafeFd detached, string target)
    {
        long r;
        fixed (byte* empty = Files.Utf8(""))
        fixed (byte* t = Files.Utf8(target))
            r = Syscalls.Invoke(Syscalls.MoveMount, detached.Fd, (long)empty, Files.AT_FDCWD, (long)t, MOVE_MOUNT_F_EMPTY_PATH);
        if (r != 0) throw SyscallException.FromLastError("move_mount", target);
    }

    /// <summary>mount(2) of a filesystem: mount(source, target, fstype, flags, NULL).</summary>
    public static void MountClassic(string source, string target, string fstype, ulong flags)
    {
        if (mount(source, target, fstype, (nuint)flags, 0) == 0) return;
        throw SyscallException.FromLastError($"mount ({fstype}, {MsFlagNames(flags)}) from {source} on", target);
    }

    /// <summary>"MS_RDONLY|MS_NOSUID|MS_NODEV" for messages.</summary>
    public static string MsFlagNames(ulong flags) => FlagNames.Render(flags,
        [(MS_RDONLY, "MS_RDONLY"), (MS_NOSUID, "MS_NOSUID"), (MS_NODEV, "MS_NODEV"), (MS_NOEXEC, "MS_NOEXEC")]);

    /// <summary>umount2(target, flags); returns the errno for EBUSY/EINVAL (not mounted) instead of throwing.</summary>
    public static int Unmount(string target, int flags)
    {
        if (umount2(target, flags) == 0) return 0;
        int errno = Marshal.GetLastPInvokeError();
        if (errno is Errnos.EBUSY or Errnos.EINVAL or Errnos.ENOENT) return errno;
        throw new SyscallException($"umount2 ({UmountFlagNames(flags)})", target, errno);
    }

    /// <summary>mount_setattr(path): sets and clears per-mount attributes (MOUNT_ATTR_RDONLY...).</summary>
    public static unsafe void SetAttributes(string path, uint set, uint clear)
    {
        var attr = new MountAttr { AttrSet = set, AttrClr = clear };
        long r;
        fixed (byte* p = Files.Utf8(path))
            r = Syscalls.Invoke(Syscalls.MountSetattr, Files.AT_FDCWD, (long)p, 0, (long)&attr, sizeof(MountAttr));
        int errno = Marshal.GetLastPInvokeError();
        if (r != 0)
            throw new SyscallException($"mount_setattr (set {AttrNames(set)}, clear {AttrNames(clear)})", path, errno);
    }

    /// <summary>fspick + fsconfig(ro|rw) + RECONFIGURE: flips a superblock between read-only and read-write.</summary>
    public static unsafe void ReconfigureReadOnly(string path, bool readOnly)
    {
        long fs;
        fixed (byte* p = Files.Utf8(path)) fs = Syscalls.Invoke(Syscalls.Fspick, Files.AT_FDCWD, (long)p, FSPICK_CLOEXEC);
        if (fs < 0) throw SyscallException.FromLastError("fspick", path);
        using var fsfd = new SafeFd((int)fs);
        string what = $"{path} ({(readOnly ? "ro" : "rw")})";
        Config(fsfd, FSCONFIG_SET_FLAG, readOnly ? "ro" : "rw", null, what);
        Config(fsfd, FSCONFIG_CMD_RECONFIGURE, null, null, what);
    }

    /// <summary>"MOUNT_ATTR_RDONLY|MOUNT_ATTR_NOSUID" for messages.</summary>
    public static string AttrNames(uint attrs) => FlagNames.Render(attrs,
        [(MOUNT_ATTR_RDONLY, "MOUNT_ATTR_RDONLY"), (MOUNT_ATTR_NOSUID, "MOUNT_ATTR_NOSUID"),
         (MOUNT_ATTR_NODEV, "MOUNT_ATTR_NODEV"), (MOUNT_ATTR_NOEXEC, "MOUNT_ATTR_NOEXEC")]);

    public static string UmountFlagNames(int flags) => FlagNames.Render((uint)flags,
        [((uint)MNT_DETACH, "MNT_DETACH"), ((uint)UMOUNT_NOFOLLOW, "UMOUNT_NOFOLLOW")]);

    private static unsafe void Config(SafeFd fsfd, uint cmd, string? key, string? value, string what)
    {
        long r;
        fixed (byte* k = key == null ? null : Files.Utf8(key))
        fixed (byte* v = value == null ? null : Files.Utf8(value))
            r = Syscalls.Invoke(Syscalls.Fsconfig, fsfd.Fd, cmd, (long)k, (long)v, 0);
        int errno = Marshal.GetLastPInvokeError();
        if (r == 0) return;
        string op = cmd switch
        {
            FSCONFIG_CMD_CREATE => "fsconfig CMD_CREATE",
            FSCONFIG_CMD_RECONFIGURE => "fsconfig CMD_RECONFIGURE",
            _ => $"fsconfig {key}",
        };
        string log = ReadContextLog(fsfd);
        throw new SyscallException(log.Length == 0 ? op : $"{op} [{log}]", what, errno);
    }

    // The kernel queues human-readable messages ("e ext4: VFS: Can't find ext4 filesystem") on the fs context.
    private static unsafe string ReadContextLog(SafeFd fsfd)
    {
        var lines = new List<string>();
        var buf = new byte[1024];
        for (int i = 0; i < 8; i++)
        {
            long n;
            fixed (byte* b = buf) n = read(fsfd.Fd, b, (nuint)buf.Length);
            if (n <= 0) break;
            lines.Add(System.Text.Encoding.UTF8.GetString(buf, 0, (int)n).Trim());
        }
        return string.Join("; ", lines);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MountAttr { public ulong AttrSet; public ulong AttrClr; public ulong Propagation; public ulong UsernsFd; }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int mount(string source, string target, string fstype, nuint flags, nint data);
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int umount2(string target, int flags);
    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint read(int fd, byte* buf, nuint count);
}
