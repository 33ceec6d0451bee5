// realpath(3) in managed code: resolves every symlink in a host path (merged /usr, /etc/alternatives, soname links).
namespace Crashcart.ImageBuilder.Closure;

public static class HostPath
{
    private const int MaxSymlinks = 40; // ELOOP limit of the kernel

    /// <summary>Absolute path of <paramref name="path"/> with all symlinks and "."/".." resolved. Missing components stay as written.</summary>
    public static string Real(string path)
    {
        var pending = new LinkedList<string>(Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries));
        string result = "/";
        int links = 0;
        while (pending.First is { } node)
        {
            pending.RemoveFirst();
            string part = node.Value;
            if (part == ".") continue;
            if (part == "..") { result = Path.GetDirectoryName(result) ?? "/"; continue; }
            string next = result == "/" ? "/" + part : result + "/" + part;
            string? target = null;
            try { target = new FileInfo(next).LinkTarget; } catch (IOException) { }
            if (target is null) { result = next; continue; }
            if (++links > MaxSymlinks) throw new IOException($"{path}: too many levels of symbolic links");
            foreach (var t in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.AddFirst(t);
            if (target.StartsWith('/')) result = "/";
        }
        return result;
    }
}
