// Lists what a files entry copies from the host: a file or a whole directory tree, minus excludes.
// Symlinks that stay inside the copied tree are kept; others (absolute, or leaving the tree) point at
// host paths the container does not have, so what they point at is copied in their place.
using Crashcart.ImageBuilder.Closure;
using Crashcart.ImageBuilder.Manifest;

namespace Crashcart.ImageBuilder.Staging;

/// <param name="RelativePath">Below the entry's target ("" = the target itself).</param>
public sealed record CollectedItem(string RelativePath, PlannedKind Kind, string? HostPath, string? LinkTarget, uint Mode);

public static class TreeCollector
{
    private const int MaxDepth = 64;

    private static readonly EnumerationOptions OneLevel = new()
    {
        RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false, ReturnSpecialDirectories = false,
    };

    /// <summary>Items sorted by relative path. Skipped objects (dangling links, sockets) are reported in <paramref name="warnings"/>.</summary>
    public static List<CollectedItem> Collect(FileSpec spec, List<string> warnings)
    {
        var items = new List<CollectedItem>();
        var exclude = new ExcludeGlob(spec.Exclude);
        string source = HostPath.Real(spec.Source); // a symlinked source is followed
        if (Directory.Exists(source))
        {
            items.Add(new CollectedItem("", PlannedKind.Directory, source, null, 0x1ED));
            Walk(source, source, "", exclude, items, warnings, [source], 0);
        }
        else if (File.Exists(source))
            items.Add(new CollectedItem("", PlannedKind.CopiedFile, source, null, Mode(source)));
        items.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return items;
    }

    private static void Walk(string treeRoot, string hostDir, string relDir, ExcludeGlob exclude,
        List<CollectedItem> items, List<string> warnings, HashSet<string> activeDirs, int depth)
    {
        if (depth > MaxDepth) { warnings.Add($"{hostDir}: deeper than {MaxDepth} levels, not copied further"); return; }
        foreach (var info in new DirectoryInfo(hostDir).EnumerateFileSystemInfos("*", OneLevel).OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            string rel = relDir.Length == 0 ? info.Name : $"{relDir}/{info.Name}";
            if (exclude.IsExcluded(rel)) continue;
            if (info.LinkTarget is { } target)
            {
                string resolved = Path.GetFullPath(target, hostDir);
                if (!target.StartsWith('/') && IsInside(resolved, treeRoot) && Path.Exists(resolved))
                {
                    items.Add(new CollectedItem(rel, PlannedKind.Symlink, null, target, 0x1FF));
                    continue;
                }
                string real = HostPath.Real(info.FullName);
                if (Directory.Exists(real))
                {
                    if (!activeDirs.Add(real)) { warnings.Add($"{info.FullName}: symlink loop, skipped"); continue; }
                    items.Add(new CollectedItem(rel, PlannedKind.Directory, real, null, 0x1ED));
                    Walk(treeRoot, real, rel, exclude, items, warnings, activeDirs, depth + 1);
                    activeDirs.Remove(real);
                }
                else if (File.Exists(real)) items.Add(new CollectedItem(rel, PlannedKind.CopiedFile, real, null, Mode(real)));
                else warnings.Add($"{info.FullName}: dangling symlink to {target}, skipped");
                continue;
            }
            if (info is DirectoryInfo)
            {
                items.Add(new CollectedItem(rel, PlannedKind.Directory, info.FullName, null, 0x1ED));
                Walk(treeRoot, info.FullName, rel, exclude, items, warnings, activeDirs, depth + 1);
            }
            else if ((info.Attributes & (FileAttributes.Device | FileAttributes.ReparsePoint)) == 0 && File.Exists(info.FullName) && IsRegular(info.FullName))
                items.Add(new CollectedItem(rel, PlannedKind.CopiedFile, info.FullName, null, Mode(info.FullName)));
            else warnings.Add($"{info.FullName}: not a regular file, directory or symlink, skipped");
        }
    }

    private static bool IsRegular(string path)
    {
        try { return Crashcart.Interop.FileStatus.Lstat(path).IsRegularFile; }
        catch (IOException) { return false; }
    }

    private static bool IsInside(string path, string root) =>
        path == root || path.StartsWith(root + "/", StringComparison.Ordinal);

    /// <summary>Host permission bits without setuid/setgid/sticky (the toolbox is mounted nosuid anyway) and without write for others.</summary>
    public static uint Mode(string path) => (uint)File.GetUnixFileMode(path) & 0x1ED;
}
