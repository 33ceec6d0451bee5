// A failed socket syscall on a unix socket, with its errno so callers can explain it.
namespace Crashcart.Interop;

/// <summary>A socket call failed; <see cref="Errno"/> says why (ENOENT, ECONNREFUSED, EACCES, ...).</summary>
public sealed class UnixSocketException(string message, int errno) : IOException(message, errno)
{
    public const int ENOENT = 2, EACCES = 13, ECONNREFUSED = 111, ECONNRESET = 104, EPIPE = 32;
    public int Errno { get; } = errno;
}
