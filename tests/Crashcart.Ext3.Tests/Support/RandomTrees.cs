// Random but seed-determined writer input for property tests: deep nesting, big directories,
// odd names (spaces, newlines, unicode, exactly 255 bytes), sizes on block and indirect-map
// boundaries, hard links (to every non-directory kind, and chains of them), fast and slow
// symlinks, devices, fifos, odd modes and owners.
using static Crashcart.Ext3.Tests.Support.TestEntries;

namespace Crashcart.Ext3.Tests.Support;

public static class RandomTrees
{
    private static readonly string[] OddNames =
    [
        "a", "with space", "new\nline", "tab\there", "ünïcödé", "日本語", "emoji-🙂", "-dash", ".hidden", "...",
        new string('n', 255), string.Concat(Enumerable.Repeat("日", 85)) /* 255 UTF-8 bytes */, "back\\slash", "quote\"'", "x",
    ];

    public static List<FsEntry> Generate(int seed, int blockSize)
    {
        var rnd = new Random(seed);
        long p = blockSize / 4;
        long[] boundaries = [0, 1, blockSize - 1, blockSize, blockSize + 1, 12L * blockSize - 1, 12L * blockSize, 12L * blockSize + 1,
            (12 + p) * blockSize - 1, (12 + p) * blockSize + 1];
        var entries = new List<FsEntry>();
        var dirs = new List<string> { "" };
        var linkable = new List<string>(); // every non-directory: hard links may name any of them
        var used = new HashSet<string>(StringComparer.Ordinal) { "" , "lost+found" };
        string NewPath(string parent)
        {
            for (int attempt = 0; ; attempt++)
            {
                string name = rnd.Next(4) == 0 ? OddNames[rnd.Next(OddNames.Length)] : $"e{rnd.Next(100000)}";
                if (attempt > 5) name = $"u{attempt}-{rnd.Next()}";
                string path = parent.Length == 0 ? name : parent + "/" + name;
                if (used.Add(path)) return path;
            }
        }
        int count = rnd.Next(10, 200);
        if (rnd.Next(5) == 0) count += rnd.Next(500, 2500); // a big directory now and then
        string bigDir = "";
        for (int i = 0; i < count; i++)
        {
            string parent = i > 200 && bigDir.Length > 0 ? bigDir : dirs[rnd.Next(dirs.Count)];
            string path = NewPath(parent);
            uint mode = (uint)rnd.Next(0, 0x1000);
            uint uid = rnd.Next(3) == 0 ? (uint)rnd.NextInt64(0, uint.MaxValue) : (uint)rnd.Next(0, 2000);
            uint gid = rnd.Next(3) == 0 ? (uint)rnd.NextInt64(0, uint.MaxValue) : (uint)rnd.Next(0, 2000);
            long mtime = rnd.Next(10) == 0 ? rnd.NextInt64(-100_000_000, 14_000_000_000) : rnd.NextInt64(1_000_000_000, 1_800_000_000);
            int kind = rnd.Next(100);
            if (kind < 20)
            {
                // Keep directories traversable (0700 at least) so the comparer can look inside as root anyway.
                entries.Add(Dir(path, mode | 0x1C0, uid, gid, mtime));
                dirs.Add(path);
                if (bigDir.Length == 0 && rnd.Next(3) == 0) bigDir = path;
            }
            else if (kind < 60)
            {
                long size = rnd.Next(3) == 0 ? boundaries[rnd.Next(boundaries.Length)] : rnd.Next(0, 100_000);
                entries.Add(File(path, size, rnd.Next(1, 1000), mode, uid, gid, mtime));
                linkable.Add(path);
            }
            else if (kind < 70 && linkable.Count > 0)
            {
                entries.Add(HardLink(path, linkable[rnd.Next(linkable.Count)]));
                linkable.Add(path);
            }
            else if (kind < 85)
            {
                int len = rnd.Next(3) switch { 0 => rnd.Next(1, 60), 1 => rnd.Next(60, Math.Min(4095, blockSize - 1) + 1), _ => 59 + rnd.Next(2) };
                string target = new string(Enumerable.Range(0, len).Select(_ => (char)('a' + rnd.Next(26))).ToArray());
                entries.Add(Symlink(path, target, mtime) with { Uid = uid, Gid = gid });
                linkable.Add(path);
            }
            else if (kind < 93)
                entries.Add(Device(path, rnd.Next(2) == 0 ? EntryKind.CharDevice : EntryKind.BlockDevice,
                    (uint)rnd.Next(0, 4096), (uint)rnd.Next(0, 1 << 20), mode) with { Uid = uid, Gid = gid, MtimeSeconds = mtime });
            else
                entries.Add(Fifo(path, mode) with { Uid = uid, Gid = gid, MtimeSeconds = mtime });
            if (kind >= 85) linkable.Add(path);
        }
        // Deep nesting.
        string deep = "deep";
        for (int d = 0; d < rnd.Next(1, 40); d++) deep += "/d" + d;
        entries.Add(File(deep + "/leaf", rnd.Next(0, 3 * blockSize), 7));
        return entries;
    }
}
