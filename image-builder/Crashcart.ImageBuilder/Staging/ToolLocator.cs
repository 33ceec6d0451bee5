// Finds a tool on the build host the way a shell would, plus the sbin directories a non-root PATH lacks.
namespace Crashcart.ImageBuilder.Staging;

public static class ToolLocator
{
    private static readonly string[] ExtraDirs = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

    /// <summary>Directories searched, in order.</summary>
    public static IReadOnlyList<string> SearchDirectories(string? pathVariable) =>
        (pathVariable ?? "/usr/local/bin:/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(d => d.StartsWith('/'))
            .Concat(ExtraDirs)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>The first executable regular file named <paramref name="name"/>, or null.</summary>
    public static string? Find(string name, IReadOnlyList<string> directories)
    {
        foreach (var dir in directories)
        {
            string candidate = Path.Join(dir, name);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
                return candidate;
        }
        return null;
    }
}
