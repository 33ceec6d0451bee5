// The local terminal: isatty, window size (TIOCGWINSZ) and raw mode (tcgetattr/cfmakeraw/tcsetattr)
// for interactive sessions. struct termios is treated as an opaque buffer filled and edited by libc,
// so its per-architecture layout does not matter here.
using System.Runtime.InteropServices;

namespace Crashcart.Interop;

public static partial class Terminal
{
    public const int StdinFd = 0, StdoutFd = 1, StderrFd = 2;

    /// <summary>Whether <paramref name="fd"/> is a terminal.</summary>
    public static bool IsTerminal(int fd) => isatty(fd) == 1;

    /// <summary>Rows and columns of the terminal on <paramref name="fd"/>; null when it is not a terminal.</summary>
    public static unsafe (int Rows, int Columns)? GetWindowSize(int fd)
    {
        WinSize ws;
        if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return null;
        return (ws.Rows, ws.Columns);
    }

    /// <summary>Puts <paramref name="fd"/> in raw mode until the returned object is disposed.</summary>
    /// <exception cref="IOException">tcgetattr/tcsetattr failed (e.g. fd is not a terminal).</exception>
    public static RawTerminalMode EnterRawMode(int fd = StdinFd) => RawTerminalMode.Enter(fd);

    internal static unsafe TermiosBuffer GetAttributes(int fd)
    {
        TermiosBuffer t;
        if (tcgetattr(fd, &t) != 0) throw Error("tcgetattr", fd);
        return t;
    }

    internal static unsafe void SetAttributes(int fd, in TermiosBuffer t)
    {
        fixed (TermiosBuffer* p = &t)
        {
            // TCSADRAIN on restore: let pending output reach the screen in the old mode first.
            if (tcsetattr(fd, TCSADRAIN, p) != 0) throw Error("tcsetattr", fd);
        }
    }

    internal static unsafe TermiosBuffer MakeRaw(TermiosBuffer t)
    {
        cfmakeraw(&t);
        return t;
    }

    private static IOException Error(string op, int fd)
    {
        int errno = Marshal.GetLastPInvokeError();
        return new IOException($"{op} on fd {fd}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
    }

    // glibc's struct termios is 60 bytes on x86_64 and arm64; 128 leaves room on any ABI.
    [StructLayout(LayoutKind.Sequential, Size = 128)]
    internal struct TermiosBuffer { private byte first; }

    [StructLayout(LayoutKind.Sequential)]
    private struct WinSize
    {
        public ushort Rows, Columns, XPixels, YPixels;
    }

    private const int TCSADRAIN = 1;
    private const nuint TIOCGWINSZ = 0x5413; // asm-generic/ioctls.h (x86_64, arm64)

    [LibraryImport("libc", SetLastError = true)]
    private static partial int isatty(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int ioctl(int fd, nuint request, WinSize* ws);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int tcgetattr(int fd, TermiosBuffer* termios);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int tcsetattr(int fd, int optionalActions, TermiosBuffer* termios);

    [LibraryImport("libc")]
    private static unsafe partial void cfmakeraw(TermiosBuffer* termios);
}
