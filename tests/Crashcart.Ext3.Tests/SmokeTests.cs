// First end-to-end check: a small tree of every kind passes e2fsck.
using Crashcart.Ext3.Tests.Support;
using Crashcart.TestSupport;
using static Crashcart.Ext3.Tests.Support.TestEntries;

namespace Crashcart.Ext3.Tests;

public class SmokeTests
{
    [SkippableTheory]
    [InlineData(4096)]
    [InlineData(2048)]
    [InlineData(1024)]
    public void SmallTree_PassesFsck(int blockSize)
    {
        using var tmp = new TempDir("ext3-smoke");
        var entries = new List<FsEntry>
        {
            Dir("bin"), Text("bin/hello", "hello world\n"), File("bin/big", 5_000_000, 3),
            Symlink("bin/fast", "hello"), Symlink("bin/slow", new string('x', 100)),
            HardLink("bin/hello2", "bin/hello"), Device("dev/null", EntryKind.CharDevice, 1, 3), Fifo("dev/fifo"),
            File("empty", 0),
        };
        var img = tmp.Combine("img");
        using (var fs = System.IO.File.Create(img))
            Ext3Writer.Write(entries, fs, new Ext3Options { BlockSize = blockSize });
        ImageAssert.PassesFsck(img);
    }
}
