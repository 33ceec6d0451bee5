// Asserts that a mounted image holds exactly the host tree it was packed from: type, permission bits,
// owner (per --owner), mtime (clamped to SOURCE_DATE_EPOCH), size, bytes, symlink target, device
// numbers, and hard-linked regular files sharing one inode. Sockets in the source are expected to be missing.
using Crashcart.Interop;

namespace Crashcart.ImageBuilder.Tests.Support;

public static class TreeComparer
{
    public static void AssertSame(string source, string mounted, bool keepOwner, long? sourceDateEpoch = null)
    {
        var sourcePaths = Walk(source).Where(p => FileStatus.Lstat(Path.Combine(source, p)).Type != FileStatus.S_IFSOCK).ToList();
        var mountedPaths = Walk(mounted).Where(p => p != "lost+found").ToList();
        Assert.Equal(sourcePaths.Order(StringComparer.Ordinal), mountedPaths.Order(StringComparer.Ordinal));

        var inodeOfGroup = new Dictionary<(ulong, ulong), ulong>();
        var groupSize = sourcePaths.Where(p => p.Length > 0)
            .Select(p => FileStatus.Lstat(Path.Combine(source, p)))
            .Where(s => s.IsRegularFile)
            .GroupBy(s => (s.Dev, s.Ino)).ToDictionary(g => g.Key, g => g.Count());

        foreach (var rel in sourcePaths)
        {
            string s = Path.Combine(source, rel), m = Path.Combine(mounted, rel);
            var ss = FileStatus.Lstat(s);
            var ms = FileStatus.Lstat(m);
            string what = $"/{rel}";
            Assert.True(ss.Type == ms.Type, $"{what}: type 0x{ms.Type:X} in the image, 0x{ss.Type:X} on the host");
            if (!ss.IsSymlink) // symlink permission bits are always 0777 on Linux and not meaningful
                Assert.True(ss.Permissions == ms.Permissions, $"{what}: mode {Convert.ToString(ms.Permissions, 8)} in the image, {Convert.ToString(ss.Permissions, 8)} on the host");
            Assert.Equal((keepOwner ? ss.Uid : 0u, keepOwner ? ss.Gid : 0u), (ms.Uid, ms.Gid));
            long expectedMtime = sourceDateEpoch is { } epoch ? Math.Min(ss.MtimeSeconds, epoch) : ss.MtimeSeconds;
            Assert.True(expectedMtime == ms.MtimeSeconds, $"{what}: mtime {ms.MtimeSeconds} in the image, expected {expectedMtime}");

            switch (ss.Type)
            {
                case FileStatus.S_IFREG:
                    Assert.True(ss.Size == ms.Size, $"{what}: size {ms.Size} in the image, {ss.Size} on the host");
                    Assert.True(E2fsck.FilesEqual(s, m), $"{what}: content differs");
                    break;
                case FileStatus.S_IFLNK:
                    Assert.Equal(new FileInfo(s).LinkTarget, new FileInfo(m).LinkTarget);
                    break;
                case FileStatus.S_IFCHR:
                case FileStatus.S_IFBLK:
                    Assert.Equal((ss.RdevMajor, ss.RdevMinor), (ms.RdevMajor, ms.RdevMinor));
                    break;
            }
            // Regular files keep their hard links; other hard-linked objects become separate inodes (writer rule).
            if (ss.IsRegularFile)
            {
                int links = groupSize[(ss.Dev, ss.Ino)];
                Assert.True((ulong)links == ms.Nlink, $"{what}: link count {ms.Nlink} in the image, {links} links inside the source tree");
                if (inodeOfGroup.TryGetValue((ss.Dev, ss.Ino), out ulong ino))
                    Assert.True(ino == ms.Ino, $"{what}: a hard link on the host but a separate inode ({ms.Ino} vs {ino}) in the image");
                else
                    inodeOfGroup[(ss.Dev, ss.Ino)] = ms.Ino;
            }
        }
    }

    /// <summary>Relative paths of everything below <paramref name="root"/>, "" for the root itself; symlinks are not followed.</summary>
    public static List<string> Walk(string root)
    {
        var result = new List<string> { "" };
        var pending = new Stack<string>();
        pending.Push("");
        while (pending.Count > 0)
        {
            string rel = pending.Pop();
            foreach (var child in Directory.EnumerateFileSystemEntries(Path.Combine(root, rel), "*", new EnumerationOptions { AttributesToSkip = 0 }))
            {
                string childRel = rel.Length == 0 ? Path.GetFileName(child) : rel + "/" + Path.GetFileName(child);
                result.Add(childRel);
                if (FileStatus.Lstat(child).IsDirectory) pending.Push(childRel);
            }
        }
        return result;
    }
}
