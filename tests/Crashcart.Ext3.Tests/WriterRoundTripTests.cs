// Ext3Writer end to end: every kind of entry, every block size, checked by e2fsck and by the kernel.
using Crashcart.Ext3.Tests.Support;
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
