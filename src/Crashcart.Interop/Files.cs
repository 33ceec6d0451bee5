// open/openat2/mkdir/rmdir/fchdir/chdir/fstatfs: the plain file calls the session needs on the
// namespace thread, where managed file APIs must not be used (they may lazily load code from the host).
using System.Runtime.InteropServices;

namespace Crashcart.Interop;

public static partial class Files
{
    public const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_NOFOLLOW = 0x20000,
        O_DIRECTORY = 0x10000, O_CLOEXEC = 0x80000, O_PATH = 0x200000, O_NOCTTY = 0x100;
    public const int AT_FDCWD = -100;
    public const ulong RESOLVE_NO_MAGICLINKS = 0x02, RESOLVE_IN_ROOT = 0x10;

    /// <summary>open(2) with O_CLOEXEC always added.</summary>
    public static SafeFd Open(string path, int flags, uint mode = 0)
    {
        int fd = open(path, flags | O_CLOEXEC, mode);
        if (fd < 0) throw SyscallException.FromLastError("open", path);
        return new SafeFd(fd);
    }

    /// <summary>
    /// openat2(RESOLVE_IN_ROOT): opens <paramref name="path"/> as if <paramref name="root"/> were "/",
    /// absolute symlinks included. Used to read a container's files through /proc/PID/root safely.
    /// </summary>
    public static unsafe SafeFd OpenInRoot(SafeFd root, string path, int flags)
    {
        var how = new OpenHow { Flags = (ulong)(flags | O_CLOEXEC), Resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
        byte[] p = Utf8(path);
        long fd;
        fixed (byte* pp = p)
            fd = Syscalls.Invoke(Syscalls.Openat2, root.Fd, (long)pp, (long)&how, sizeof(OpenHow));
        if (fd < 0) throw SyscallException.FromLastError("openat2", path);
        return new SafeFd((int)fd);
    }

    /// <summary>mkdir(2); returns false when the path already exists.</summary>
    public static bool Mkdir(string path, uint mode)
    {
        if (mkdir(path, mode) == 0) return true;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == Errnos.EEXIST) return false;
        throw new SyscallException("mkdir", path, errno);
    }

    public static void Rmdir(string path)
    {
        if (rmdir(path) != 0) throw SyscallException.FromLastError("rmdir", path);
    }

    public static void Chdir(string path)
    {
        if (chdir(path) != 0) throw SyscallException.FromLastError("chdir", path);
    }

    public static void Fchdir(SafeFd dir, string nameForErrors)
    {
        if (fchdir(dir.Fd) != 0) throw SyscallException.FromLastError("fchdir", nameForErrors);
    }

    /// <summary>f_type of the filesystem holding <paramref name="path"/> (statfs(2)).</summary>
    public static unsafe long FilesystemType(string path)
    {
        StatfsBuffer buf;
        if (statfs(path, &buf) != 0) throw SyscallException.FromLastError("statfs", path);
        return buf.Type;
    }

    /// <summary>Reads a whole (small) file from a descriptor.</summary>
    public static byte[] ReadAll(SafeFd fd, string nameForErrors, int limit = 16 << 20)
    {
        var ms = new MemoryStream();
        var buf = new byte[65536];
        while (true)
        {
            long n = Read(fd, buf, nameForErrors);
            if (n == 0) return ms.ToArray();
            ms.Write(buf, 0, (int)n);
            if (ms.Length > limit) throw new IOException($"read {nameForErrors}: larger than {limit} bytes");
        }
    }

    public static unsafe long Read(SafeFd fd, byte[] buffer, string nameForErrors)
    {
        while (true)
        {
            long n;
            fixed (byte* b = buffer) n = read(fd.Fd, b, (nuint)buffer.Length);
            if (n >= 0) return n;
            int errno = Marshal.GetLastPInvokeError();
            if (errno != Errnos.EINTR) throw new SyscallException("read", nameForErrors, errno);
        }
    }

    /// <summary>Writes all of <paramref name="data"/>.</summary>
    public static unsafe void WriteAll(SafeFd fd, ReadOnlySpan<byte> data, string nameForErrors)
    {
        fixed (byte* b = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                long n = write(fd.Fd, b + done, (nuint)(data.Length - done));
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Errnos.EINTR) continue;
                    throw new SyscallException("write", nameForErrors, errno);
                }
                done += (int)n;
            }
        }
    }

    /// <summary>Replaces the whole content of the open file (ftruncate + pwrite at 0), keeping the descriptor and its locks.</summary>
    public static unsafe void Rewrite(SafeFd fd, ReadOnlySpan<byte> data, string nameForErrors)
    {
        if (ftruncate(fd.Fd, 0) != 0) throw SyscallException.FromLastError("ftruncate", nameForErrors);
        fixed (byte* b = data)
        {
            long n = pwrite(fd.Fd, b, (nuint)data.Length, 0);
            if (n != data.Length) throw SyscallException.FromLastError("pwrite", nameForErrors);
        }
    }

    internal static byte[] Utf8(string s)
    {
        var b = new byte[System.Text.Encoding.UTF8.GetByteCount(s) + 1];
        System.Text.Encoding.UTF8.GetBytes(s, b);
        return b;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow { public ulong Flags; public ulong Mode; public ulong Resolve; }

    // struct statfs (x86_64/arm64 LP64 glibc): f_type first, 120 bytes total.
    [StructLayout(LayoutKind.Explicit, Size = 120)]
    private struct StatfsBuffer { [FieldOffset(0)] public long Type; }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int open(string pathname, int flags, uint mode);
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int mkdir(string pathname, uint mode);
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int rmdir(string pathname);
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int chdir(string path);
    [LibraryImport("libc", SetLastError = true)]
    private static partial int fchdir(int fd);
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int statfs(string path, StatfsBuffer* buf);
    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint read(int fd, byte* buf, nuint count);
    [LibraryImport("libc", SetLastError = true)]
    private static partial int ftruncate(int fd, long length);
    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint pwrite(int fd, byte* buf, nuint count, long offset);
    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint write(int fd, byte* buf, nuint count);
}
