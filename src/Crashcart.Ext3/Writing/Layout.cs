// The planned geometry of one image: block groups, where each group's metadata sits, and
// how the "data area" (every block not used by group metadata, numbered by ordinal) maps
// to physical blocks. Pure arithmetic; no I/O.
namespace Crashcart.Ext3.Writing;

internal sealed class Layout
{
    public int BlockSize { get; }
    public long BlocksCount { get; }
    public uint FirstDataBlock { get; }
    public uint BlocksPerGroup { get; }
    public int GroupCount { get; }
    public uint InodesPerGroup { get; }
    public long InodeTableBlocks { get; }
    public long GdtBlocks { get; }
    public long JournalBlocks { get; }
    public long InodesCount => (long)InodesPerGroup * GroupCount;

    public long[] GroupStart { get; }
    public long[] GroupEnd { get; }
    public bool[] HasBackup { get; }
    public long[] BlockBitmap { get; }
    public long[] InodeBitmap { get; }
    public long[] InodeTable { get; }
    public long[] DataStart { get; }
    /// <summary>Ordinal of the first data-area block of each group.</summary>
    public long[] OrdinalStart { get; }
    public long DataBlocksAvailable { get; }
    public long MetadataBlocks { get; }
    /// <summary>False when the last group is too small for its own metadata plus one block.</summary>
    public bool LastGroupViable { get; }

    public Layout(int blockSize, long blocksCount, long inodesWanted, long journalBlocks)
    {
        BlockSize = blockSize;
        BlocksCount = blocksCount;
        FirstDataBlock = blockSize == 1024 ? 1u : 0u;
        BlocksPerGroup = (uint)(8 * blockSize);
        JournalBlocks = journalBlocks;
        GroupCount = (int)LayoutMath.GroupCount(blocksCount, blockSize);
        GdtBlocks = LayoutMath.Ceil((long)GroupCount * Format.Ext3Constants.GroupDescriptorSize, blockSize);
        InodesPerGroup = (uint)LayoutMath.InodesPerGroup(inodesWanted, GroupCount, blockSize);
        InodeTableBlocks = (long)InodesPerGroup * Format.Ext3Constants.InodeSize / blockSize;

        int g = GroupCount;
        GroupStart = new long[g]; GroupEnd = new long[g]; HasBackup = new bool[g];
        BlockBitmap = new long[g]; InodeBitmap = new long[g]; InodeTable = new long[g];
        DataStart = new long[g]; OrdinalStart = new long[g];
        long ordinal = 0, meta = 0;
        for (int i = 0; i < g; i++)
        {
            long start = FirstDataBlock + (long)i * BlocksPerGroup;
            GroupStart[i] = start;
            GroupEnd[i] = Math.Min(start + BlocksPerGroup, blocksCount);
            HasBackup[i] = LayoutMath.HasSuperblockBackup(i);
            long p = start + (HasBackup[i] ? 1 + GdtBlocks : 0);
            BlockBitmap[i] = p;
            InodeBitmap[i] = p + 1;
            InodeTable[i] = p + 2;
            DataStart[i] = p + 2 + InodeTableBlocks;
            OrdinalStart[i] = ordinal;
            ordinal += Math.Max(0, GroupEnd[i] - DataStart[i]);
            meta += DataStart[i] - start;
        }
        DataBlocksAvailable = ordinal;
        MetadataBlocks = meta;
        LastGroupViable = GroupEnd[g - 1] - DataStart[g - 1] >= 1;
    }

    public int GroupOfOrdinal(long ordinal)
    {
        int i = Array.BinarySearch(OrdinalStart, ordinal);
        if (i < 0) i = ~i - 1;
        // Several groups can share an OrdinalStart only if one has no data blocks; skip to the one that has.
        while (i + 1 < GroupCount && OrdinalStart[i + 1] == ordinal) i++;
        return i;
    }

    /// <summary>Physical block number of data-area block <paramref name="ordinal"/>.</summary>
    public long Physical(long ordinal)
    {
        int g = GroupOfOrdinal(ordinal);
        return DataStart[g] + (ordinal - OrdinalStart[g]);
    }

    /// <summary>How many data-area blocks from <paramref name="ordinal"/> on are physically contiguous.</summary>
    public long ContiguousFrom(long ordinal)
    {
        int g = GroupOfOrdinal(ordinal);
        return GroupEnd[g] - DataStart[g] - (ordinal - OrdinalStart[g]);
    }
}
