// Compares what the real kernel shows at a mount point with the writer's input entries:
// the set of paths, type, permission bits (incl. setuid/setgid/sticky), owner, mtime, size,
// content hash, symlink target, device numbers, and hard links (to any kind) sharing one inode
// whose link count is the number of names it has.
using Crashcart.Interop;
using Crashcart.TestSupport;

namespace Crashcart.Ext3.Tests.Support;

public static class TreeComparer
{
    public static void AssertMatches(string mountPoint, IReadOnlyList<FsEntry> entries, long? sourceDateEpoch = null)
    {
        var seen = TreeWalk.Stat(mountPoint);
        seen.Remove("");
        var expected = Expected(entries);
        var missing = expected.Keys.Except(seen.Keys).ToList();
        var extra = seen.Keys.Except(expected.Keys).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"paths differ: missing [{string.Join(", ", missing.Take(10))}] extra [{string.Join(", ", extra.Take(10))}]");

        var byPath = entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        // A hard link may name another hard link: what counts is the entry owning the inode.
        FsEntry Owner(FsEntry e)
        {
            for (int hops = 0; e.Kind == EntryKind.HardLink; hops++)
            {
                Assert.True(hops <= entries.Count, $"/{e.Path}: hard links form a cycle");
                e = byPath[e.LinkTarget!.TrimStart('/')];
            }
            return e;
        }
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in entries) if (e.Kind != EntryKind.Directory) names[Owner(e).Path] = names.GetValueOrDefault(Owner(e).Path) + 1;

        foreach (var (path, e) in expected)
        {
            var s = seen[path];
            string where = $"/{path}";
            if (e == null)
            {
                Assert.True(s.IsDirectory, $"{where}: implicit parent should be a directory, is {TypeLetter(s.Type)}");
                if (path != "lost+found") Assert.True(s.Permissions == 0x1ED && s.Uid == 0 && s.Gid == 0, $"{where}: implicit directory should be 0755 root:root, is {Convert.ToString(s.Permissions, 8)} {s.Uid}:{s.Gid}");
                continue;
            }
            var src = Owner(e);
            Assert.True(TypeLetter(s.Type) == TypeLetter(src.Kind), $"{where}: type {TypeLetter(s.Type)}, expected {TypeLetter(src.Kind)}");
            if (src.Kind != EntryKind.Symlink) // symlink permissions are always 0777 on Linux
                Assert.True(s.Permissions == (src.Mode & 0xFFF), $"{where}: mode {Convert.ToString(s.Permissions, 8)}, expected {Convert.ToString(src.Mode & 0xFFF, 8)}");
            Assert.True(s.Uid == src.Uid && s.Gid == src.Gid, $"{where}: owner {s.Uid}:{s.Gid}, expected {src.Uid}:{src.Gid}");
            // The writer's documented clamp: SOURCE_DATE_EPOCH, then 1970 .. 2310-04-04.
            long mtime = Math.Clamp(sourceDateEpoch is long sde ? Math.Min(src.MtimeSeconds, sde) : src.MtimeSeconds, 0, (1L << 33) + (1L << 31) - 1);
            Assert.True(s.MtimeSeconds == mtime, $"{where}: mtime {s.MtimeSeconds}, expected {mtime}");
            if (src.Kind != EntryKind.Directory)
                Assert.True(s.Nlink == (ulong)names[src.Path], $"{where}: link count {s.Nlink}, expected {names[src.Path]}");
            switch (src.Kind)
            {
                case EntryKind.RegularFile:
                    Assert.True(s.Size == src.Size, $"{where}: size {s.Size}, expected {src.Size}");
                    string actual;
                    using (var f = File.OpenRead(Path.Combine(mountPoint, path))) actual = TestEntries.HashOf(f);
                    Assert.True(actual == TestEntries.ContentHash(src), $"{where}: content differs");
                    break;
                case EntryKind.Symlink:
                    string? target = new FileInfo(Path.Combine(mountPoint, path)).LinkTarget;
                    Assert.True(target == src.LinkTarget, $"{where}: symlink target '{target}', expected '{src.LinkTarget}'");
                    break;
                case EntryKind.CharDevice or EntryKind.BlockDevice:
                    Assert.True(s.RdevMajor == src.DeviceMajor && s.RdevMinor == src.DeviceMinor,
                        $"{where}: device {s.RdevMajor}:{s.RdevMinor}, expected {src.DeviceMajor}:{src.DeviceMinor}");
                    break;
            }
            if (e.Kind == EntryKind.HardLink)
            {
                ulong targetIno = seen[src.Path].Ino;
                Assert.True(s.Ino == targetIno, $"{where}: hard link has inode {s.Ino}, target {src.Path} has {targetIno}");
            }
        }
    }

    /// <summary>Explicit entries plus implicit parents and lost+found (null value = implicit directory).</summary>
    private static Dictionary<string, FsEntry?> Expected(IReadOnlyList<FsEntry> entries)
    {
        var d = new Dictionary<string, FsEntry?>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (e.Path.Length == 0) continue;
            d[e.Path] = e;
            for (int i = e.Path.LastIndexOf('/'); i > 0; i = e.Path.LastIndexOf('/', i - 1))
                d.TryAdd(e.Path[..i], null);
        }
        d.TryAdd("lost+found", null);
        return d;
    }

    private static string TypeLetter(uint type) => type switch
    {
        FileStatus.S_IFDIR => "d", FileStatus.S_IFREG => "f", FileStatus.S_IFLNK => "l",
        FileStatus.S_IFCHR => "c", FileStatus.S_IFBLK => "b", FileStatus.S_IFIFO => "p", _ => "?",
    };

    private static string TypeLetter(EntryKind k) => k switch
    {
        EntryKind.Directory => "d", EntryKind.RegularFile => "f", EntryKind.Symlink => "l",
        EntryKind.CharDevice => "c", EntryKind.BlockDevice => "b", EntryKind.Fifo => "p", _ => "?",
    };
}
