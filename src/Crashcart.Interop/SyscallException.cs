// The one exception type every wrapper in this assembly throws for a failed system call:
// it carries the operation, the object (path, device, pid) and errno, and its message is one line.
using System.Runtime.InteropServices;

namespace Crashcart.Interop;

public class SyscallException : IOException
{
    public string Op { get; }
    public string? Target { get; }
    public int Errno { get; }

    public SyscallException(string op, string? target, int errno)
        : base(Format(op, target, errno), errno)
    {
        Op = op;
        Target = target;
        Errno = errno;
    }

    /// <summary>ENOENT/ENOTDIR: the object named does not exist.</summary>
    public bool IsNotFound => Errno is Errnos.ENOENT or Errnos.ENOTDIR;
    /// <summary>EPERM/EACCES: not allowed (usually: not root).</summary>
    public bool IsPermission => Errno is Errnos.EPERM or Errnos.EACCES;

    /// <summary>Builds the exception from the errno the last P/Invoke left behind.</summary>
    public static SyscallException FromLastError(string op, string? target) =>
        new(op, target, Marshal.GetLastPInvokeError());

    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} ({Errnos.Name(errno)})";

    private static string Format(string op, string? target, int errno) =>
        target == null ? $"{op}: {Describe(errno)}" : $"{op} {target}: {Describe(errno)}";
}
