// Finds the program for a bare command name the way the issue asks: the toolbox first
// (/dev/crashcart/bin, /dev/crashcart/sbin), then the container's own PATH. Names with a slash
// are taken as they are.
namespace Crashcart.Running;

public static class CommandLookup
{
    public static readonly string[] ToolboxDirs = ["/dev/crashcart/bin", "/dev/crashcart/sbin"];
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>Directories searched for a bare name, in order.</summary>
    public static IReadOnlyList<string> SearchDirs(string? containerPath)
    {
        var dirs = new List<string>(ToolboxDirs);
        foreach (var d in (containerPath ?? DefaultPath).Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (d.StartsWith('/') && !dirs.Contains(d)) dirs.Add(d);
        return dirs;
    }

    /// <summary>Absolute (or as-given) program path, or null when no directory has it.</summary>
    public static string? Resolve(string command, string? containerPath, Func<string, bool> isExecutable)
    {
        if (command.Length == 0) return null;
        if (command.Contains('/')) return command;
        foreach (var dir in SearchDirs(containerPath))
        {
            var candidate = dir.TrimEnd('/') + "/" + command;
            if (isExecutable(candidate)) return candidate;
        }
        return null;
    }
}
