// Asserts that a mounted image holds exactly the host tree it was packed from: type, permission bits,
// owner (per --owner), mtime (clamped to SOURCE_DATE_EPOCH), size, bytes, symlink target, device
// numbers, and hard links of every non-directory kind sharing one inode with the link count the tree
// gives them. Sockets in the source are expected to be missing.
using Crashcart.Interop;
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests.Support;

public static class TreeComparer
{
    public static void AssertSame(string source, string mounted, bool keepOwner, long? sourceDateEpoch = null)
    {
        var sourceStats = TreeWalk.Stat(source);
        foreach (var socket in sourceStats.Where(kv => kv.Value.Type == FileStatus.S_IFSOCK).Select(kv => kv.Key).ToList())
            sourceStats.Remove(socket);
        var mountedStats = TreeWalk.Stat(mounted);
        mountedStats.Remove("lost+found");
        Assert.Equal(sourceStats.Keys.Order(StringComparer.Ordinal), mountedStats.Keys.Order(StringComparer.Ordinal));

        var inodeOfGroup = new Dictionary<(ulong, ulong), ulong>();
        // Names inside the tree per host inode: links from outside the tree are not packed.
        var groupSize = sourceStats.Where(kv => kv.Key.Length > 0 && !kv.Value.IsDirectory)
            .GroupBy(kv => (kv.Value.Dev, kv.Value.Ino)).ToDictionary(g => g.Key, g => g.Count());

        foreach (var (rel, ss) in sourceStats)
        {
            string s = Path.Combine(source, rel), m = Path.Combine(mounted, rel);
            var ms = mountedStats[rel];
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
                    Assert.True(FileCompare.Equal(s, m), $"{what}: content differs");
                    break;
                case FileStatus.S_IFLNK:
                    Assert.Equal(new FileInfo(s).LinkTarget, new FileInfo(m).LinkTarget);
                    break;
                case FileStatus.S_IFCHR:
                case FileStatus.S_IFBLK:
                    Assert.Equal((ss.RdevMajor, ss.RdevMinor), (ms.RdevMajor, ms.RdevMinor));
                    break;
            }
            if (ss.IsDirectory) continue;
            int links = groupSize[(ss.Dev, ss.Ino)];
            Assert.True((ulong)links == ms.Nlink, $"{what}: link count {ms.Nlink} in the image, {links} links inside the source tree");
            if (inodeOfGroup.TryGetValue((ss.Dev, ss.Ino), out ulong ino))
                Assert.True(ino == ms.Ino, $"{what}: a hard link on the host but a separate inode ({ms.Ino} vs {ino}) in the image");
            else
                inodeOfGroup[(ss.Dev, ss.Ino)] = ms.Ino;
        }
    }
}
