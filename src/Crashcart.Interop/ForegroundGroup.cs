// Terminal process-group control for interactive sessions: which group owns the terminal, and
// taking it back once the command ends (blocking SIGTTOU on this thread, as a shell does).
using System.Runtime.InteropServices;

namespace Crashcart.Interop;

public static unsafe partial class ForegroundGroup
{
    /// <summary>True when <paramref name="fd"/> is a terminal whose foreground group is ours.</summary>
    public static bool OwnsTerminal(int fd) => isatty(fd) == 1 && tcgetpgrp(fd) == getpgrp();

    public static bool IsTerminal(int fd) => isatty(fd) == 1;

    /// <summary>Makes our own process group the terminal's foreground group again.</summary>
    public static void Reclaim(int fd)
    {
        byte* set = stackalloc byte[128];
        byte* old = stackalloc byte[128];
        sigemptyset(set);
        sigaddset(set, Processes.SIGTTOU);
        pthread_sigmask(SIG_BLOCK, set, old);
        try
        {
            if (tcsetpgrp(fd, getpgrp()) != 0) throw SyscallException.FromLastError("tcsetpgrp", $"fd {fd}");
        }
        finally { pthread_sigmask(SIG_SETMASK, old, null); }
    }

    private const int SIG_BLOCK = 0, SIG_SETMASK = 2;
    [LibraryImport("libc")] private static partial int isatty(int fd);
    [LibraryImport("libc", SetLastError = true)] private static partial int tcgetpgrp(int fd);
    [LibraryImport("libc", SetLastError = true)] private static partial int tcsetpgrp(int fd, int pgrp);
    [LibraryImport("libc")] private static partial int getpgrp();
    [LibraryImport("libc")] private static partial int sigemptyset(byte* set);
    [LibraryImport("libc")] private static partial int sigaddset(byte* set, int sig);
    [LibraryImport("libc")] private static partial int pthread_sigmask(int how, byte* set, byte* old);
}
