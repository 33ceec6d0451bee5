// setgroups/setresgid/setresuid as raw syscalls: they change only the calling thread's credentials
// (glibc's wrappers would broadcast to every thread of the runtime). A child spawned from that
// thread runs with them; the thread is never reused afterwards.
using System.Runtime.InteropServices;

namespace Crashcart.Interop;

public static partial class Credentials
{
    /// <summary>Groups, then gid, then uid (after setresuid we could no longer change the others).</summary>
    public static unsafe void SetForThread(uint uid, uint gid, IReadOnlyList<uint> groups)
    {
        uint[] g = [.. groups];
        long r;
        fixed (uint* pg = g) r = Syscalls.Invoke(Syscalls.Setgroups, g.Length, (long)pg);
        if (r != 0) throw SyscallException.FromLastError("setgroups", $"[{string.Join(',', groups)}]");
        if (Syscalls.Invoke(Syscalls.Setresgid, gid, gid, gid) != 0) throw SyscallException.FromLastError("setresgid", $"gid {gid}");
        if (Syscalls.Invoke(Syscalls.Setresuid, uid, uid, uid) != 0) throw SyscallException.FromLastError("setresuid", $"uid {uid}");
    }

    /// <summary>Effective uid of the process (0 = root).</summary>
    public static uint EffectiveUid() => geteuid();

    [LibraryImport("libc")] private static partial uint geteuid();
}
