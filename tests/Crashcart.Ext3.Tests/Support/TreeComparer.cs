// Compares what the real kernel shows at a mount point with the writer's input entries:
// the set of paths, type, permission bits (incl. setuid/setgid/sticky), owner, mtime, size,
// content hash, symlink target, device numbers, and hard links sharing one inode.
using System.Globalization;
using System.Text;
using Crashcart.TestSupport;

namespace Crashcart.Ext3.Tests.Support;

public static class TreeComparer
{
    private sealed record Seen(string Type, uint Mode, uint Uid, uint Gid, long Mtime, long Size, long Ino, int Links, string Target);

    public static void AssertMatches(string mountPoint, IReadOnlyList<FsEntry> entries, long? sourceDateEpoch = null)
    {
        var seen = ListMount(mountPoint);
        var expected = Expected(entries);
        var missing = expected.Keys.Except(seen.Keys).ToList();
        var extra = seen.Keys.Except(expected.Keys).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"paths differ: missing [{string.Join(", ", missing.Take(10))}] extra [{string.Join(", ", extra.Take(10))}]");

        var byPath = entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        var linkNames = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in entries) if (e.Kind == EntryKind.HardLink) linkNames[e.LinkTarget!] = linkNames.GetValueOrDefault(e.LinkTarget!) + 1;

        foreach (var (path, e) in expected)
        {
            var s = seen[path];
            string where = $"/{path}";
            if (e == null)
            {
                Assert.True(s.Type == "d", $"{where}: implicit parent should be a directory, is {s.Type}");
                if (path != "lost+found") Assert.True(s.Mode == 0x1ED && s.Uid == 0 && s.Gid == 0, $"{where}: implicit directory should be 0755 root:root, is {Convert.ToString(s.Mode, 8)} {s.Uid}:{s.Gid}");
                continue;
            }
            var src = e.Kind == EntryKind.HardLink ? byPath[e.LinkTarget!] : e;
            Assert.True(s.Type == TypeLetter(src.Kind), $"{where}: type {s.Type}, expected {TypeLetter(src.Kind)}");
            if (src.Kind != EntryKind.Symlink) // symlink permissions are always 0777 on Linux
                Assert.True(s.Mode == (src.Mode & 0xFFF), $"{where}: mode {Convert.ToString(s.Mode, 8)}, expected {Convert.ToString(src.Mode & 0xFFF, 8)}");
            Assert.True(s.Uid == src.Uid && s.Gid == src.Gid, $"{where}: owner {s.Uid}:{s.Gid}, expected {src.Uid}:{src.Gid}");
            // The writer's documented clamp: SOURCE_DATE_EPOCH, then 1970 .. 2310-04-04.
            long mtime = Math.Clamp(sourceDateEpoch is long sde ? Math.Min(src.MtimeSeconds, sde) : src.MtimeSeconds, 0, (1L << 33) + (1L << 31) - 1);
            Assert.True(s.Mtime == mtime, $"{where}: mtime {s.Mtime}, expected {mtime}");
            switch (src.Kind)
            {
                case EntryKind.RegularFile:
                    Assert.True(s.Size == src.Size, $"{where}: size {s.Size}, expected {src.Size}");
                    int names = 1 + linkNames.GetValueOrDefault(src.Path);
                    Assert.True(s.Links == names, $"{where}: link count {s.Links}, expected {names}");
                    string actual;
                    using (var f = File.OpenRead(Path.Combine(mountPoint, path))) actual = TestEntries.HashOf(f);
                    Assert.True(actual == TestEntries.ContentHash(src), $"{where}: content differs");
                    break;
                case EntryKind.Symlink:
                    Assert.True(s.Target == src.LinkTarget, $"{where}: symlink target '{s.Target}', expected '{src.LinkTarget}'");
                    break;
                case EntryKind.CharDevice or EntryKind.BlockDevice:
                    var dev = Exec.Check("stat", "-c", "%t:%T", Path.Combine(mountPoint, path)).Stdout.Trim().Split(':');
                    uint major = uint.Parse(dev[0], NumberStyles.HexNumber), minor = uint.Parse(dev[1], NumberStyles.HexNumber);
                    Assert.True(major == src.DeviceMajor && minor == src.DeviceMinor, $"{where}: device {major}:{minor}, expected {src.DeviceMajor}:{src.DeviceMinor}");
                    break;
            }
            if (e.Kind == EntryKind.HardLink)
                Assert.True(s.Ino == seen[e.LinkTarget!].Ino, $"{where}: hard link has inode {s.Ino}, target {e.LinkTarget} has {seen[e.LinkTarget!].Ino}");
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

    private static Dictionary<string, Seen> ListMount(string mountPoint)
    {
        // NUL-separated fields: names may contain newlines.
        var r = Exec.Check("find", mountPoint, "-mindepth", "1", "-printf", @"%P\0%y\0%m\0%U\0%G\0%T@\0%s\0%i\0%n\0%l\0");
        var f = r.Stdout.Split('\0');
        var result = new Dictionary<string, Seen>(StringComparer.Ordinal);
        for (int i = 0; i + 10 <= f.Length; i += 10)
            result[f[i]] = new Seen(f[i + 1], Convert.ToUInt32(f[i + 2], 8), uint.Parse(f[i + 3]), uint.Parse(f[i + 4]),
                (long)Math.Floor(double.Parse(f[i + 5], CultureInfo.InvariantCulture)), long.Parse(f[i + 6]), long.Parse(f[i + 7]), int.Parse(f[i + 8]), f[i + 9]);
        return result;
    }

    private static string TypeLetter(EntryKind k) => k switch
    {
        EntryKind.Directory => "d", EntryKind.RegularFile => "f", EntryKind.Symlink => "l",
        EntryKind.CharDevice => "c", EntryKind.BlockDevice => "b", EntryKind.Fifo => "p", _ => "?",
    };
}
