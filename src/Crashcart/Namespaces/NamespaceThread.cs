// Runs work inside a target's namespaces on a fresh, dedicated thread: unshare(CLONE_FS) gives the
// thread its own root/cwd (all .NET threads share one fs_struct, so setns(CLONE_NEWNS) fails
// otherwise), then setns through the pidfd. The thread is never reused: it just ends.
// Work done there must not load code from disk (the thread's "/" is the container's): every
// P/Invoke is bound beforehand, and the work uses only interop calls and already-loaded types.
using System.Runtime.ExceptionServices;
using Crashcart.Interop;

namespace Crashcart.Namespaces;

public static class NamespaceThread
{
    public static T Run<T>(TargetNamespaces target, int nstypes, Func<T> work)
    {
        NativeBindings.BindAll();
        T? result = default;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                Interop.Namespaces.Unshare(Interop.Namespaces.CLONE_FS);
                Interop.Namespaces.Setns(target.Pidfd, nstypes, $"{target.Target.DisplayName} (pid {target.Target.Pid})");
                result = work();
            }
            catch (Exception e) { error = e; }
        }, maxStackSize: 512 * 1024)
        {
            IsBackground = true,
            Name = "crashcart-setns",
        };
        thread.Start();
        thread.Join();
        if (error != null) ExceptionDispatchInfo.Capture(error).Throw();
        return result!;
    }
}
