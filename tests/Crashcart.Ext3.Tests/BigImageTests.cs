// Large cases: a directory with more than 10,000 entries, and a file beyond 4 GiB.
using Crashcart.Ext3.Tests.Support;
using static Crashcart.Ext3.Tests.Support.TestEntries;

namespace Crashcart.Ext3.Tests;

public class BigImageTests
{
    [SkippableFact]
    public void DirectoryWith12000Entries()
    {
        var entries = new List<FsEntry> { Dir("big") };
        for (int i = 0; i < 12_000; i++)
            entries.Add(i % 10 == 0 ? Symlink($"big/link-{i:D5}", "target") : File($"big/file-with-a-longer-name-{i:D5}", i % 300, i));
        ImageFixture.WriteAndCheck(entries, new Ext3Options());
    }

    [SkippableFact]
    public void SparseFileLargerThan4GiB_ReadsBackIdentical()
    {
        long size = (1L << 32) + 3 * 4096 + 17;
        // Seed 0: zeros with marker bytes at every GiB and just past 4 GiB, so no real 4 GiB buffer exists anywhere.
        var entries = new List<FsEntry> { File("huge", size, 0), Text("small", "x") };
        var r = ImageFixture.WriteAndCheck(entries, new Ext3Options());
        Assert.True(r.ImageBytes > size);
    }
}
