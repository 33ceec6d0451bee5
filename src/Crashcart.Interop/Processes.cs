// kill, waitpid and getpid for the spawned command: signal forwarding and collecting its exit status.
using System.Runtime.InteropServices;

namespace Crashcart.Interop;

public static partial class Processes
{
    public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGTERM = 15, SIGCONT = 18, SIGTTOU = 22, SIGWINCH = 28;

    /// <summary>kill(pid, sig); false when the process is already gone (ESRCH).</summary>
    public static bool Kill(int pid, int signal)
    {
        if (kill(pid, signal) == 0) return true;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == Errnos.ESRCH) return false;
        throw new SyscallException($"kill (signal {signal})", $"pid {pid}", errno);
    }

    /// <summary>Blocks until child <paramref name="pid"/> ends; returns its raw wait status.</summary>
    public static unsafe int WaitForExit(int pid)
    {
        while (true)
        {
            int status;
            int r = waitpid(pid, &status, 0);
            if (r == pid) return status;
            int errno = Marshal.GetLastPInvokeError();
            if (errno != Errnos.EINTR) throw new SyscallException("waitpid", $"pid {pid}", errno);
        }
    }

    /// <summary>Shell convention: exit status, or 128+N when killed by signal N.</summary>
    public static int ExitCodeFromStatus(int status)
    {
        int sig = status & 0x7F;
        return sig == 0 ? (status >> 8) & 0xFF : 128 + sig;
    }

    [LibraryImport("libc", SetLastError = true)] private static partial int kill(int pid, int sig);
    [LibraryImport("libc", SetLastError = true)] private static unsafe partial int waitpid(int pid, int* status, int options);
}
