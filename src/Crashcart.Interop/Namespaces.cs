// pidfd_open, setns and unshare: opening a process's namespaces through a pidfd (so a recycled PID
// cannot redirect us) and entering them from one dedicated thread.
using System.Runtime.InteropServices;

namespace Crashcart.Interop;

public static partial class Namespaces
{
    public const int CLONE_FS = 0x200, CLONE_NEWNS = 0x20000, CLONE_NEWCGROUP = 0x02000000,
        CLONE_NEWUTS = 0x04000000, CLONE_NEWIPC = 0x08000000, CLONE_NEWUSER = 0x10000000,
        CLONE_NEWPID = 0x20000000, CLONE_NEWNET = 0x40000000;

    /// <summary>pidfd_open(pid, 0). ESRCH means the process is gone.</summary>
    public static SafeFd PidfdOpen(int pid)
    {
        long fd = Syscalls.Invoke(Syscalls.PidfdOpen, pid, 0);
        if (fd < 0) throw SyscallException.FromLastError("pidfd_open", $"pid {pid}");
        return new SafeFd((int)fd);
    }

    /// <summary>pidfd_send_signal(pidfd, 0): false once the process has exited (ESRCH).</summary>
    public static bool PidfdAlive(SafeFd pidfd)
    {
        if (Syscalls.Invoke(Syscalls.PidfdSendSignal, pidfd.Fd, 0, 0, 0) == 0) return true;
        int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        if (errno == Errnos.ESRCH) return false;
        throw new SyscallException("pidfd_send_signal 0", $"pidfd {pidfd.Fd}", errno);
    }

    /// <summary>setns(fd, nstype); with a pidfd several CLONE_NEW* flags enter all at once, atomically.</summary>
    public static void Setns(SafeFd fd, int nstype, string nameForErrors)
    {
        if (setns(fd.Fd, nstype) != 0)
            throw SyscallException.FromLastError($"setns {NamespaceFlagNames(nstype)}", nameForErrors);
    }

    /// <summary>unshare(flags) for the calling thread (CLONE_FS gives it a private root/cwd).</summary>
    public static void Unshare(int flags)
    {
        if (unshare(flags) != 0) throw SyscallException.FromLastError($"unshare {NamespaceFlagNames(flags)}", null);
    }

    /// <summary>"CLONE_NEWNS|CLONE_NEWPID" for messages.</summary>
    public static string NamespaceFlagNames(int flags) => FlagNames.Render((uint)flags,
        [((uint)CLONE_FS, "CLONE_FS"), ((uint)CLONE_NEWNS, "CLONE_NEWNS"), ((uint)CLONE_NEWCGROUP, "CLONE_NEWCGROUP"),
         ((uint)CLONE_NEWUTS, "CLONE_NEWUTS"), ((uint)CLONE_NEWIPC, "CLONE_NEWIPC"), ((uint)CLONE_NEWUSER, "CLONE_NEWUSER"),
         ((uint)CLONE_NEWPID, "CLONE_NEWPID"), ((uint)CLONE_NEWNET, "CLONE_NEWNET")]);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);
    [LibraryImport("libc", SetLastError = true)]
    private static partial int unshare(int flags);
}
