// The loop driver's ioctls: LOOP_CTL_GET_FREE on /dev/loop-control, LOOP_CONFIGURE on /dev/loopN.
using System.Runtime.InteropServices;

namespace Crashcart.Interop;

public static partial class LoopIoctls
{
    /// <summary>Number of a free loop device (allocating one if needed).</summary>
    public static int GetFree(SafeFd loopControl)
    {
        int n = ioctl(loopControl.Fd, LoopConstants.LOOP_CTL_GET_FREE, 0);
        if (n < 0) throw SyscallException.FromLastError("ioctl LOOP_CTL_GET_FREE", "/dev/loop-control");
        return n;
    }

    /// <summary>
    /// Binds <paramref name="backing"/> to the loop device. Returns the errno instead of throwing for
    /// EBUSY, which means another process took the device between GET_FREE and here (caller retries).
    /// </summary>
    public static unsafe int Configure(SafeFd loop, string loopPath, SafeFd backing, string backingPath, uint flags)
    {
        var cfg = new LoopConfig { Fd = (uint)backing.Fd };
        cfg.Info.Flags = flags;
        var name = System.Text.Encoding.UTF8.GetBytes(backingPath);
        int len = Math.Min(name.Length, LoopConstants.LO_NAME_SIZE - 1);
        for (int i = 0; i < len; i++) cfg.Info.FileName[i] = name[i];
        if (ioctl(loop.Fd, LoopConstants.LOOP_CONFIGURE, (nint)(&cfg)) == 0) return 0;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == Errnos.EBUSY) return errno;
        throw new SyscallException($"ioctl LOOP_CONFIGURE ({backingPath})", loopPath, errno);
    }

    /// <summary>LOOP_GET_STATUS64; null when the device is not bound (ENXIO).</summary>
    public static unsafe LoopInfo64? GetStatus(SafeFd loop, string loopPath)
    {
        LoopInfo64 info;
        if (ioctl(loop.Fd, LoopConstants.LOOP_GET_STATUS64, (nint)(&info)) == 0) return info;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == Errnos.ENXIO) return null;
        throw new SyscallException("ioctl LOOP_GET_STATUS64", loopPath, errno);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, nuint request, nint arg);
}
