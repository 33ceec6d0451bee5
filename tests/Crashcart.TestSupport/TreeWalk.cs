// Lists a directory tree (a mount point, a source tree) for comparisons: every path below the root,
// relative and '/'-separated, dot files included, symlinks described and never followed.
using Crashcart.Interop;

namespace Crashcart.TestSupport;

public static class TreeWalk
{
    private static readonly EnumerationOptions OneLevel = new() { AttributesToSkip = 0 };

    /// <summary>Relative paths of everything below <paramref name="root"/>, "" for the root itself.</summary>
    public static List<string> Paths(string root) => [.. Stat(root).Keys];

    /// <summary>lstat of every path below <paramref name="root"/> (and of the root, as ""), by relative path.</summary>
    public static Dictionary<string, FileStatus> Stat(string root)
    {
        var result = new Dictionary<string, FileStatus>(StringComparer.Ordinal) { [""] = FileStatus.Lstat(root) };
        var pending = new Stack<string>();
        pending.Push("");
        while (pending.Count > 0)
        {
            string rel = pending.Pop();
            foreach (var child in Directory.EnumerateFileSystemEntries(Path.Combine(root, rel), "*", OneLevel))
            {
                string childRel = rel.Length == 0 ? Path.GetFileName(child) : rel + "/" + Path.GetFileName(child);
                var st = FileStatus.Lstat(child);
                result[childRel] = st;
                if (st.IsDirectory) pending.Push(childRel);
            }
        }
        return result;
    }
}
