// A file descriptor owned by managed code: closed exactly once, by the SafeHandle machinery.
using System.Runtime.InteropServices;

namespace Crashcart.Interop;

public sealed partial class SafeFd : SafeHandle
{
    public SafeFd() : base(-1, ownsHandle: true) { }

    public SafeFd(int fd, bool ownsHandle = true) : base(-1, ownsHandle) => SetHandle(fd);

    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The raw descriptor number, for the interop wrappers only.</summary>
    public int Fd => (int)handle.ToInt64();

    protected override bool ReleaseHandle() => close((int)handle.ToInt64()) == 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
