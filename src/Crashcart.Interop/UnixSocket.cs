// A connected AF_UNIX stream socket on raw syscalls (socket, connect, send, recv, poll, shutdown).
// Why not System.Net.Sockets: its first use costs several milliseconds of start-up (static tables,
// its event loop), which a short-lived crashcart run spends on every Docker request.
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Crashcart.Interop;

public sealed partial class UnixSocket : IDisposable
{
    private readonly SafeFileHandle handle;
    public string Path { get; }

    private UnixSocket(SafeFileHandle handle, string path)
    {
        this.handle = handle;
        Path = path;
    }

    /// <summary>Connects to the stream socket at <paramref name="path"/> (blocking, close-on-exec).</summary>
    /// <exception cref="UnixSocketException">socket/connect failed, e.g. ENOENT, ECONNREFUSED, EACCES.</exception>
    public static unsafe UnixSocket Connect(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path);
        if (bytes.Length >= SunPathSize) throw new UnixSocketException($"connect {path}: path longer than {SunPathSize - 1} bytes", 36 /* ENAMETOOLONG */);
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) throw Error("socket", path);
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        SockaddrUn addr = default;
        addr.Family = AF_UNIX;
        bytes.CopyTo(new Span<byte>(addr.Path, SunPathSize));
        int rc;
        do rc = connect(fd, &addr, (uint)(sizeof(ushort) + bytes.Length + 1));
        while (rc != 0 && Marshal.GetLastPInvokeError() == EINTR);
        if (rc != 0)
        {
            var e = Error("connect", path);
            handle.Dispose();
            throw e;
        }
        return new UnixSocket(handle, path);
    }

    /// <summary>Sends all of <paramref name="data"/>.</summary>
    public unsafe void Write(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                nint n = send(Fd, p + done, (nuint)(data.Length - done), MSG_NOSIGNAL);
                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == EINTR) continue;
                    throw Error("send", Path);
                }
                done += (int)n;
            }
        }
    }

    /// <summary>Reads what is available (blocking until something is); 0 = the peer closed.</summary>
    public unsafe int Read(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = recv(Fd, p, (nuint)buffer.Length, 0);
                if (n >= 0) return (int)n;
                if (Marshal.GetLastPInvokeError() != EINTR) throw Error("recv", Path);
            }
        }
    }

    /// <summary>Waits until a Read would not block (data, end of stream or error); false on timeout.</summary>
    public unsafe bool WaitReadable(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            PollFd pfd = new() { Fd = Fd, Events = POLLIN };
            int left = (int)Math.Max(0, deadline - Environment.TickCount64);
            int rc = poll(&pfd, 1, left);
            if (rc > 0) return true;
            if (rc == 0) return false;
            if (Marshal.GetLastPInvokeError() != EINTR) throw Error("poll", Path);
        }
    }

    /// <summary>Half-close: the peer reads end of stream; reading here goes on.</summary>
    public void ShutdownWrite()
    {
        if (shutdown(Fd, SHUT_WR) != 0 && Marshal.GetLastPInvokeError() != ENOTCONN) throw Error("shutdown", Path);
    }

    /// <summary>Shuts both directions: a Read blocked in another thread returns 0 (close alone would not wake it).</summary>
    public void Abort()
    {
        if (!handle.IsClosed) shutdown(Fd, SHUT_RDWR);
    }

    public void Dispose() => handle.Dispose();

    private int Fd => (int)handle.DangerousGetHandle();

    private static UnixSocketException Error(string op, string path)
    {
        int errno = Marshal.GetLastPInvokeError();
        return new UnixSocketException($"{op} {path}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
    }

    private const int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_CLOEXEC = 0x80000, MSG_NOSIGNAL = 0x4000, SHUT_WR = 1, SHUT_RDWR = 2;
    private const int EINTR = 4, ENOTCONN = 107;
    private const short POLLIN = 1;
    private const int SunPathSize = 108;

    // struct sockaddr_un from <sys/un.h>: sa_family_t (u16) + char sun_path[108].
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct SockaddrUn
    {
        public ushort Family;
        public fixed byte Path[SunPathSize];
    }

    // struct pollfd from <poll.h>.
    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int connect(int fd, SockaddrUn* addr, uint addrlen);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint send(int fd, byte* buf, nuint len, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint recv(int fd, byte* buf, nuint len, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int poll(PollFd* fds, nuint nfds, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int shutdown(int fd, int how);
}
