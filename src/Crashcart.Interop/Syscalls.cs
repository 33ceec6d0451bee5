// syscall(2) for calls glibc either lacks (older hosts) or wraps unsuitably: the credential calls
// must change only the calling thread (glibc's setresuid broadcasts to every thread of the process).
using System.Runtime.InteropServices;

namespace Crashcart.Interop;

internal static partial class Syscalls
{
    // Numbers ≥ 424 are the same on every architecture ("unified" syscall table).
    public const long PidfdSendSignal = 424, PidfdOpen = 434, MoveMount = 429, Fsopen = 430, Fsconfig = 431,
        Fsmount = 432, Fspick = 433, Openat2 = 437, MountSetattr = 442;

    public static long Setresuid => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 147 : 117;
    public static long Setresgid => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 149 : 119;
    public static long Setgroups => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 159 : 116;

    /// <summary>Raw syscall; returns -1 with errno set on failure (read it with GetLastPInvokeError).</summary>
    public static long Invoke(long number, long a1 = 0, long a2 = 0, long a3 = 0, long a4 = 0, long a5 = 0) =>
        syscall(number, a1, a2, a3, a4, a5);

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, long a1, long a2, long a3, long a4, long a5);
}
