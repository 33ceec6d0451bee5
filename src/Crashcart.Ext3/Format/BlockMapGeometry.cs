// Arithmetic of the ext2/3 indirect block map: 12 direct pointers, then single, double and
// triple indirect blocks of P = blockSize/4 pointers each. The writer lays a file out in the
// order mke2fs does — d0..d11, IND, d12.., DIND, IND, d.., ..., TIND, DIND, IND, d.. — so the
// position ("sequence index") of every data and map block follows from arithmetic alone.
namespace Crashcart.Ext3.Format;

public static class BlockMapGeometry
{
    public const int Direct = Ext3Constants.DirectBlocks;

    public static long PointersPerBlock(int blockSize) => blockSize / 4;

    /// <summary>Largest number of data blocks the map can address.</summary>
    public static long MaxDataBlocks(int blockSize)
    {
        long p = PointersPerBlock(blockSize);
        return Direct + p + p * p + p * p * p;
    }

    /// <summary>Number of indirect (map) blocks needed for a file of <paramref name="dataBlocks"/> blocks.</summary>
    public static long IndirectBlocks(long dataBlocks, int blockSize)
    {
        long p = PointersPerBlock(blockSize);
        long rest = dataBlocks - Direct;
        if (rest <= 0) return 0;
        long count = 1; // single indirect
        rest -= p;
        if (rest <= 0) return count;
        long inDouble = Math.Min(rest, p * p);
        count += 1 + Ceil(inDouble, p);
        rest -= inDouble;
        if (rest <= 0) return count;
        count += 1 + Ceil(rest, p * p) + Ceil(rest, p);
        return count;
    }

    /// <summary>Data plus map blocks.</summary>
    public static long TotalBlocks(long dataBlocks, int blockSize) => dataBlocks + IndirectBlocks(dataBlocks, blockSize);

    // Sequence indices of the map blocks (valid whenever the block exists).
    public static long SingleIndirectSeq(int blockSize) => Direct;
    public static long DoubleIndirectSeq(int blockSize) => Direct + 1 + PointersPerBlock(blockSize);
    public static long TripleIndirectSeq(int blockSize)
    {
        long p = PointersPerBlock(blockSize);
        return DoubleIndirectSeq(blockSize) + 1 + p + p * p;
    }
    /// <summary>The i-th indirect block under the double indirect block.</summary>
    public static long IndirectUnderDoubleSeq(int blockSize, long i) => DoubleIndirectSeq(blockSize) + 1 + i * (PointersPerBlock(blockSize) + 1);
    /// <summary>The d-th double indirect block under the triple indirect block.</summary>
    public static long DoubleUnderTripleSeq(int blockSize, long d)
    {
        long p = PointersPerBlock(blockSize);
        return TripleIndirectSeq(blockSize) + 1 + d * (1 + p + p * p);
    }
    public static long IndirectUnderTripleSeq(int blockSize, long d, long i) =>
        DoubleUnderTripleSeq(blockSize, d) + 1 + i * (PointersPerBlock(blockSize) + 1);

    /// <summary>Sequence index of logical data block <paramref name="k"/>.</summary>
    public static long DataSeq(int blockSize, long k)
    {
        long p = PointersPerBlock(blockSize);
        if (k < Direct) return k;
        long j = k - Direct;
        if (j < p) return k + 1;
        j -= p;
        if (j < p * p) return IndirectUnderDoubleSeq(blockSize, j / p) + 1 + j % p;
        j -= p * p;
        long d = j / (p * p), r = j % (p * p);
        return IndirectUnderTripleSeq(blockSize, d, r / p) + 1 + r % p;
    }

    /// <summary>
    /// The first data block index after <paramref name="k"/> before which map blocks are laid out:
    /// 12, then every P blocks (12 + m·P), since every map block precedes a run of P data blocks.
    /// </summary>
    public static long NextMapBoundary(int blockSize, long k)
    {
        long p = PointersPerBlock(blockSize);
        if (k < Direct) return Direct;
        return Direct + ((k - Direct) / p + 1) * p;
    }

    private static long Ceil(long a, long b) => (a + b - 1) / b;
}
