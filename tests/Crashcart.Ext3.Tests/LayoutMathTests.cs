// Pure layout arithmetic: groups, sparse_super backups, indirect map boundaries, sizing.
using Crashcart.Ext3.Format;
using Crashcart.Ext3.Writing;

namespace Crashcart.Ext3.Tests;

public class LayoutMathTests
{
    [Theory]
    [InlineData(1, 4096, 1)]
    [InlineData(32768, 4096, 1)]
    [InlineData(32769, 4096, 2)]
    [InlineData(8193, 1024, 1)]   // block 0 is the boot block at 1 KiB
    [InlineData(8194, 1024, 2)]
    public void GroupCount(long blocks, int bs, long groups) => Assert.Equal(groups, LayoutMath.GroupCount(blocks, bs));

    [Fact]
    public void SparseSuperBackupGroups()
    {
        var backups = Enumerable.Range(0, 400).Where(g => LayoutMath.HasSuperblockBackup(g)).ToArray();
        Assert.Equal([0, 1, 3, 5, 7, 9, 25, 27, 49, 81, 125, 243, 343], backups);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(12, 0)]
    [InlineData(13, 1)]
    [InlineData(12 + 1024, 1)]
    [InlineData(12 + 1024 + 1, 3)]                    // IND + DIND + first IND under it
    [InlineData(12 + 1024 + 1024, 3)]
    [InlineData(12 + 1024 + 1024 + 1, 4)]
    [InlineData(12 + 1024 + 1024 * 1024, 1 + 1 + 1024)]
    [InlineData(12 + 1024 + 1024 * 1024 + 1, 1 + 1 + 1024 + 3)] // TIND + DIND + IND
    public void IndirectBlocks_At4K(long dataBlocks, long expected) => Assert.Equal(expected, BlockMapGeometry.IndirectBlocks(dataBlocks, 4096));

    [Fact]
    public void DataSequence_IsTheLayoutOrder()
    {
        // Walking logical blocks, the sequence index must skip exactly the map blocks before each.
        const int bs = 1024; // P = 256 keeps the triple range small enough to walk
        long p = 256, n = 12 + p + p * p + 3 * p * p + 5;
        long expectedSeq = 0;
        for (long k = 0; k < n; k++)
        {
            if (k == 12) expectedSeq++;                                   // IND
            if (k == 12 + p) expectedSeq++;                               // DIND
            if (k >= 12 + p && (k - 12) % p == 0) expectedSeq++;          // IND under DIND/TIND
            if (k == 12 + p + p * p) expectedSeq++;                       // TIND
            if (k >= 12 + p + p * p && (k - 12 - p - p * p) % (p * p) == 0) expectedSeq++; // DIND under TIND
            Assert.Equal(expectedSeq, BlockMapGeometry.DataSeq(bs, k));
            expectedSeq++;
        }
        Assert.Equal(expectedSeq, BlockMapGeometry.TotalBlocks(n, bs));
    }

    [Theory]
    [InlineData(1000, 4096)]
    [InlineData(1_000_000, 4096)]
    [InlineData(100_000, 1024)]
    public void MinimumBlocks_FitsAndOneLessDoesNot(long data, int bs)
    {
        long inodes = 5000;
        long min = LayoutPlanner.MinimumBlocks(bs, data, inodes);
        Assert.NotNull(LayoutPlanner.TryFit(bs, min, inodes, data));
        Assert.Null(LayoutPlanner.TryFit(bs, min - 1, inodes, data));
    }

    [Theory]
    [InlineData(1, 4096, 16)]
    [InlineData(17, 4096, 32)]
    [InlineData(100, 1024, 104)]
    public void InodesPerGroup_RoundsToWholeTableBlocks(long inodes, int bs, long expected) =>
        Assert.Equal(expected, LayoutMath.InodesPerGroup(inodes, 1, bs));
}
