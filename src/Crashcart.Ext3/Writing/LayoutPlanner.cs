// Decides how big the image is and how it is divided: the smallest block count that holds
// the tree (metadata, journal, map blocks included), then the headroom or the explicit size.
// Iterates to a fixed point because group count, inode tables and journal depend on the size.
using Crashcart.Ext3.Format;

namespace Crashcart.Ext3.Writing;

internal sealed record Plan(Layout Layout, long MinimumBlocks, long ImageBytes, long DataBlocksNeeded, long InodesNeeded);

internal static class LayoutPlanner
{
    /// <summary>Blocks for everything but the journal: every inode's data and map blocks.</summary>
    public static long DataBlocksNeeded(FsTree tree)
    {
        long sum = 0;
        foreach (var n in tree.InodeOrder) sum += BlockMapGeometry.TotalBlocks(n.DataBlocks, tree.BlockSize);
        return sum;
    }

    public static Plan Plan(FsTree tree, Ext3Options options)
    {
        int bs = tree.BlockSize;
        long data = DataBlocksNeeded(tree);
        long inodes = tree.LastIno;
        long minBlocks = MinimumBlocks(bs, data, inodes);
        long minBytes = minBlocks * bs;
        long wanted = inodes + (long)Math.Ceiling((inodes - Ext3Constants.FirstNonReservedInode) * options.HeadroomFraction)
                      + options.HeadroomBytes / 16384;

        if (options.Size is long size)
        {
            if (size < minBytes) throw new ImageTooSmallException(size, minBytes);
            long blocks = size / bs;
            if (blocks > uint.MaxValue) throw new Ext3InputException(null, $"size {size} is too large for ext3 with {bs}-byte blocks (at most 2^32 blocks)");
            var layout = TryFit(bs, blocks, wanted, data) ?? TryFit(bs, blocks, inodes, data);
            if (layout == null)
            {
                // The last group may be too small to carry its own metadata: leave that tail unused.
                long trimmed = FirstDataBlock(bs) + (LayoutMath.GroupCount(blocks, bs) - 1) * 8L * bs;
                layout = TryFit(bs, trimmed, wanted, data) ?? TryFit(bs, trimmed, inodes, data);
            }
            if (layout == null) throw new ImageTooSmallException(size, minBytes);
            return new Plan(layout, minBlocks, size, data, inodes);
        }

        long total = LayoutMath.Ceil((long)Math.Ceiling(minBytes * (1 + options.HeadroomFraction)) + options.HeadroomBytes, bs);
        for (int guard = 0; ; guard++)
        {
            if (total > uint.MaxValue) throw new Ext3InputException(null, $"the tree needs more than 2^32 blocks of {bs} bytes");
            var layout = TryFit(bs, total, wanted, data) ?? TryFit(bs, total, inodes, data);
            if (layout != null) return new Plan(layout, minBlocks, total * bs, data, inodes);
            if (guard > 10_000) throw new InvalidOperationException("ext3 layout did not converge");
            total += Math.Max(1, total / 64);
        }
    }

    /// <summary>Smallest block count that holds the data with the smallest journal.</summary>
    public static long MinimumBlocks(int bs, long dataBlocks, long inodes)
    {
        long journal = BlockMapGeometry.TotalBlocks(Ext3Constants.MinJournalBlocks, bs);
        long need = dataBlocks + journal;
        long bpg = 8L * bs;
        long minGroups = LayoutMath.Ceil(inodes, LayoutMath.MaxInodesPerGroup(bs));
        long total = FirstDataBlock(bs) + need + 3;
        for (int guard = 0; guard < 100_000; guard++)
        {
            if (LayoutMath.GroupCount(total, bs) < minGroups)
            {
                total = FirstDataBlock(bs) + (minGroups - 1) * bpg + 1;
                continue;
            }
            var l = new Layout(bs, total, inodes, Ext3Constants.MinJournalBlocks);
            if (!l.LastGroupViable) { total = l.DataStart[^1] + 1; continue; }
            if (l.DataBlocksAvailable < need) { total += need - l.DataBlocksAvailable; continue; }
            return total;
        }
        throw new InvalidOperationException("ext3 minimum size did not converge");
    }

    /// <summary>A layout of exactly <paramref name="blocks"/> blocks holding the data, with the largest journal that fits; null if none.</summary>
    public static Layout? TryFit(int bs, long blocks, long inodes, long dataBlocks)
    {
        long groups = LayoutMath.GroupCount(blocks, bs);
        if (groups < 1 || LayoutMath.InodesPerGroup(inodes, groups, bs) > LayoutMath.MaxInodesPerGroup(bs)) return null;
        if (LayoutMath.InodesPerGroup(inodes, groups, bs) * groups > uint.MaxValue) return null;
        foreach (long j in LayoutMath.JournalCandidates(blocks))
        {
            var l = new Layout(bs, blocks, inodes, j);
            if (!l.LastGroupViable) return null;
            if (l.DataBlocksAvailable >= dataBlocks + BlockMapGeometry.TotalBlocks(j, bs)) return l;
        }
        return null;
    }

    private static long FirstDataBlock(int bs) => bs == 1024 ? 1 : 0;
}
