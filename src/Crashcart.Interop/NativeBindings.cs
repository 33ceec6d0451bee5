// Binds every P/Invoke of this assembly up front. The namespace thread runs with the container's
// root as "/": a P/Invoke bound lazily there would dlopen libc from the container (which may have none).
using System.Reflection;
using System.Runtime.InteropServices;

namespace Crashcart.Interop;

public static class NativeBindings
{
    private static int bound;

    /// <summary>Resolves all native entry points once per process (idempotent, thread-safe).</summary>
    public static void BindAll()
    {
        if (Interlocked.Exchange(ref bound, 1) == 1) return;
        const BindingFlags all = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        // The families the namespace thread calls (listing them beats scanning the whole assembly at startup).
        Type[] used = [typeof(SafeFd), typeof(Files), typeof(FileModes), typeof(FileStatus), typeof(Mounts), typeof(DeviceNodes),
            typeof(Namespaces), typeof(Spawn), typeof(Credentials), typeof(Syscalls), typeof(Processes)];
        foreach (var type in used)
            foreach (var m in type.GetMethods(all))
                if ((m.Attributes & MethodAttributes.PinvokeImpl) != 0)
                    Marshal.Prelink(m);
        // Formatting an error message touches strerror and errno naming: warm those too.
        _ = new SyscallException("warmup", "none", Errnos.ENOENT).Message;
    }
}
