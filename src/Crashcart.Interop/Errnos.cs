// errno values the wrappers and their callers branch on (Linux generic numbers, same on x86_64 and arm64).
namespace Crashcart.Interop;

public static class Errnos
{
    public const int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, EBADF = 9, ECHILD = 10,
        EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17, ENODEV = 19,
        ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ENOSPC = 28, EROFS = 30, ENOSYS = 38, ENOTEMPTY = 39,
        ELOOP = 40, ENOEXEC = 8, E2BIG = 7;

    /// <summary>Symbolic name for messages ("EBUSY"), or the number.</summary>
    public static string Name(int errno) => errno switch
    {
        EPERM => "EPERM", ENOENT => "ENOENT", ESRCH => "ESRCH", EINTR => "EINTR", EIO => "EIO", ENXIO => "ENXIO",
        EBADF => "EBADF", ECHILD => "ECHILD", EAGAIN => "EAGAIN", ENOMEM => "ENOMEM", EACCES => "EACCES",
        EFAULT => "EFAULT", EBUSY => "EBUSY", EEXIST => "EEXIST", ENODEV => "ENODEV", ENOTDIR => "ENOTDIR",
        EISDIR => "EISDIR", EINVAL => "EINVAL", ENOSPC => "ENOSPC", EROFS => "EROFS", ENOSYS => "ENOSYS",
        ENOTEMPTY => "ENOTEMPTY", ELOOP => "ELOOP", ENOEXEC => "ENOEXEC", E2BIG => "E2BIG",
        _ => $"errno {errno}",
    };
}
