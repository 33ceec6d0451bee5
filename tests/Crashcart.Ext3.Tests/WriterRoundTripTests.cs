// Ext3Writer end to end: every kind of entry, every block size, checked by e2fsck and by the kernel.
using Crashcart.Ext3.Tests.Support;
using Crashcart.Interop;
using Crashcart.TestSupport;
using static Crashcart.Ext3.Tests.Support.TestEntries;

namespace Crashcart.Ext3.Tests;

public class WriterRoundTripTests
{
    public static List<FsEntry> AllKinds() =>
    [
        Dir("", 0x1ED, 0, 0, 1_650_000_000),
        Dir("bin", 0x1ED, 0, 0), Text("bin/hello", "hello world\n"), File("bin/big", 5_000_000, 3, 0x9ED),
        Symlink("bin/fast", "hello"), Symlink("bin/slow", new string('x', 100)), Symlink("bin/max-fast", new string('f', 59)),
        Symlink("bin/min-slow", new string('s', 60)),
        HardLink("bin/hello2", "bin/hello"), HardLink("hello3", "bin/hello"),
        Device("dev/null", EntryKind.CharDevice, 1, 3), Device("dev/sda", EntryKind.BlockDevice, 8, 0, 0x1A0),
        Device("dev/big", EntryKind.CharDevice, 300, 70000), Fifo("dev/fifo"),
        HardLink("dev/null-again", "dev/null"), HardLink("dev/fifo-again", "dev/fifo"), HardLink("bin/slow-again", "bin/slow"),
        File("empty", 0), Dir("tmp", 0x3FF), Dir("setgid", 0x5ED, 1000, 1000),
        File("owned", 10, 2, 0xDED, uint.MaxValue - 1, 70000, 2_000_000_000),
        File("future", 7, 4, 0x1A4, 0, 0, 5_000_000_000),
        File("deep/a/b/c/d/e/f/g", 4097, 5),
    ];

    [SkippableTheory]
    [InlineData(4096)]
    [InlineData(2048)]
    [InlineData(1024)]
    public void AllEntryKinds_PassFsck_AndMountIdentical(int blockSize)
    {
        var r = ImageFixture.WriteAndCheck(AllKinds(), new Ext3Options { BlockSize = blockSize });
        Assert.Equal(r.BlockCount * blockSize, r.ImageBytes);
        Assert.True(r.ImageBytes >= r.MinimumBytes);
    }

    [SkippableTheory]
    [InlineData(4096, 12L * 4096 - 1)]
    [InlineData(4096, 12L * 4096 + 1)]
    [InlineData(4096, (12L + 1024) * 4096 + 1)]
    [InlineData(1024, (12L + 256 + 256 * 256) * 1024 + 1)] // reaches the triple indirect block at 1 KiB blocks
    [InlineData(2048, (12L + 512) * 2048 + 4095)]
    public void FilesAtIndirectBoundaries_ReadBack(int blockSize, long size)
    {
        ImageFixture.WriteAndCheck([File("f", size, 9), File("g", 1, 2)], new Ext3Options { BlockSize = blockSize });
    }

    [SkippableTheory]
    [InlineData(4096)]
    [InlineData(1024)]
    public void HardLinksToEveryNonDirectoryKind_ShareOneInode(int blockSize)
    {
        // Each group: the owner first, then its other names (one of them through another link).
        (string Owner, string[] Links)[] groups =
        [
            ("file", ["file-2", "sub/file-3"]),
            ("fifo", ["fifo-2"]),
            ("chr", ["chr-2", "sub/chr-3"]),
            ("blk", ["blk-2"]),
            ("fast-symlink", ["fast-symlink-2"]),
            ("slow-symlink", ["sub/slow-symlink-2", "slow-symlink-3"]),
        ];
        var entries = new List<FsEntry>
        {
            Text("file", "shared content\n"), Fifo("fifo", 0x180), Device("chr", EntryKind.CharDevice, 1, 5),
            Device("blk", EntryKind.BlockDevice, 7, 300), Symlink("fast-symlink", "file"), Symlink("slow-symlink", new string('s', 200)),
            Text("alone", "one name only"),
        };
        foreach (var (owner, links) in groups)
            for (int i = 0; i < links.Length; i++)
                entries.Add(HardLink(links[i], i == 0 ? owner : links[i - 1])); // later names chain through earlier ones

        using var tmp = new TempDir("ext3-hardlinks");
        var path = tmp.Combine("image.ext3");
        using (var fs = new FileStream(path, FileMode.Create, FileAccess.ReadWrite))
            Ext3Writer.Write(entries, fs, new Ext3Options { BlockSize = blockSize });
        Fsck.AssertClean(path);
        using (var img = Ext3Image.Open(System.IO.File.OpenRead(path))) Assert.Empty(img.Verify());

        using var m = new LoopMount(path);
        TreeComparer.AssertMatches(m.MountPoint, entries);
        var inodes = new HashSet<ulong>();
        foreach (var (owner, links) in groups)
        {
            var st = FileStatus.Lstat(Path.Combine(m.MountPoint, owner));
            Assert.True(st.Nlink == (ulong)(1 + links.Length), $"/{owner}: link count {st.Nlink}, expected {1 + links.Length}");
            foreach (var l in links)
                Assert.True(FileStatus.Lstat(Path.Combine(m.MountPoint, l)).Ino == st.Ino, $"/{l} is not the same inode as /{owner}");
            Assert.True(inodes.Add(st.Ino), $"/{owner} shares inode {st.Ino} with another group");
        }
        Assert.Equal(1ul, FileStatus.Lstat(Path.Combine(m.MountPoint, "alone")).Nlink);
    }

    [SkippableFact]
    public void ExplicitSize_IsExact()
    {
        var r = ImageFixture.WriteAndCheck(AllKinds(), new Ext3Options { Size = 64L << 20 });
        Assert.Equal(64L << 20, r.ImageBytes);
    }

    [SkippableFact]
    public void ExplicitSize_OddAndBarelyEnough()
    {
        var entries = AllKinds();
        long min = Ext3Writer.MinimumSize(entries, new Ext3Options());
        var r = ImageFixture.WriteAndCheck(entries, new Ext3Options { Size = min + 1234 }, mount: false);
        Assert.Equal(min + 1234, r.ImageBytes);
        ImageFixture.WriteAndCheck(entries, new Ext3Options { Size = min }, mount: false);
    }
}
