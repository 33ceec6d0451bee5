// Small pure functions of ext3 geometry: group counts, sparse_super backup groups, inodes
// per group, default journal size. Unit-tested on their own.
namespace Crashcart.Ext3.Writing;

public static class LayoutMath
{
    public static long Ceil(long a, long b) => (a + b - 1) / b;

    public static long GroupCount(long blocksCount, int blockSize)
    {
        long first = blockSize == 1024 ? 1 : 0;
        return Ceil(blocksCount - first, 8L * blockSize);
    }

    /// <summary>sparse_super: groups 0 and 1 and powers of 3, 5 and 7 carry superblock + GDT backups.</summary>
    public static bool HasSuperblockBackup(long group)
    {
        if (group <= 1) return true;
        return IsPowerOf(group, 3) || IsPowerOf(group, 5) || IsPowerOf(group, 7);
    }

    private static bool IsPowerOf(long n, long b)
    {
        while (n % b == 0) n /= b;
        return n == 1;
    }

    /// <summary>Inodes per group: enough for <paramref name="inodes"/>, a multiple of 8 (bitmap bytes) and of the inodes per block.</summary>
    public static long InodesPerGroup(long inodes, long groups, int blockSize)
    {
        long align = Math.Max(8, blockSize / Format.Ext3Constants.InodeSize);
        long ipg = Ceil(Math.Max(1, Ceil(inodes, groups)), align) * align;
        return ipg;
    }

    public static long MaxInodesPerGroup(int blockSize) => 8L * blockSize;

    /// <summary>The journal size mke2fs picks for a filesystem of this many blocks (never below 1024 blocks).</summary>
    public static long DefaultJournalBlocks(long blocksCount) => blocksCount switch
    {
        < 32768 => 1024,
        < 256 * 1024 => 4096,
        < 512 * 1024 => 8192,
        < 4096 * 1024 => 16384,
        < 8192 * 1024 => 32768,
        < 16384 * 1024 => 65536,
        < 32768 * 1024 => 131072,
        _ => 262144,
    };

    /// <summary>Journal sizes to try, largest first, from the default for this size down to the minimum.</summary>
    public static IEnumerable<long> JournalCandidates(long blocksCount)
    {
        for (long j = DefaultJournalBlocks(blocksCount); j >= Format.Ext3Constants.MinJournalBlocks; j /= 2)
            yield return j;
    }
}
