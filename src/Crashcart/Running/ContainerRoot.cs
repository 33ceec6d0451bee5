// Reads files of a container through /proc/PID/root with openat2(RESOLVE_IN_ROOT): absolute
// symlinks inside the container (/bin -> /usr/bin) resolve against the container's root, never
// the host's. Used for /etc/passwd, /etc/group and the command lookup.
using Crashcart.Interop;

namespace Crashcart.Running;

public sealed class ContainerRoot : IDisposable
{
    private readonly SafeFd root;
    private readonly string name;

    private ContainerRoot(SafeFd root, string name)
    {
        this.root = root;
        this.name = name;
    }

    public static ContainerRoot Open(int pid)
    {
        string path = $"/proc/{pid}/root";
        try { return new ContainerRoot(Files.Open(path, Files.O_PATH | Files.O_DIRECTORY), path); }
        catch (SyscallException e) { throw new CrashcartException($"open the container's root: {e.Message}", e); }
    }

    /// <summary>The file's text, or null when it does not exist.</summary>
    public string? ReadText(string path)
    {
        try
        {
            using var fd = Files.OpenInRoot(root, path, Files.O_RDONLY);
            return System.Text.Encoding.UTF8.GetString(Files.ReadAll(fd, $"{name}{path}"));
        }
        catch (SyscallException e) when (e.IsNotFound || e.Errno is Errnos.ELOOP or Errnos.EISDIR) { return null; }
    }

    /// <summary>True for a regular file with an execute bit (symlinks followed inside the container).</summary>
    public bool IsExecutableFile(string path)
    {
        try
        {
            using var fd = Files.OpenInRoot(root, path, Files.O_PATH);
            uint mode = FileModes.Of(fd, $"{name}{path}");
            return (mode & FileModes.S_IFMT) == FileModes.S_IFREG && (mode & 0x49) != 0;
        }
        catch (SyscallException e) when (e.IsNotFound || e.IsPermission || e.Errno is Errnos.ELOOP) { return false; }
    }

    public void Dispose() => root.Dispose();
}
