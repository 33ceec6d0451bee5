// Writes one inode's blocks — data from an IBlockSource with the indirect (map) blocks
// interleaved exactly where BlockMapGeometry puts them — into consecutive data-area blocks,
// in large chunks. Also computes the inode's i_block pointers.
using System.Buffers.Binary;
using System.Diagnostics;
using Crashcart.Ext3.Format;

namespace Crashcart.Ext3.Writing;

internal sealed class BlockMapBuilder(Layout layout, Action<long, ReadOnlySpan<byte>> writeOrdinals)
{
    private const int ChunkBytes = 1 << 20;
    private readonly int _bs = layout.BlockSize;
    private readonly long _p = BlockMapGeometry.PointersPerBlock(layout.BlockSize);
    private readonly byte[] _chunk = new byte[ChunkBytes];

    /// <summary>The 15 i_block pointers of a block-mapped inode with <paramref name="dataBlocks"/> blocks from <paramref name="first"/>.</summary>
    public static void FillPointers(Layout layout, long first, long dataBlocks, uint[] iblock)
    {
        int bs = layout.BlockSize;
        long p = BlockMapGeometry.PointersPerBlock(bs);
        for (int k = 0; k < Math.Min(dataBlocks, BlockMapGeometry.Direct); k++) iblock[k] = (uint)layout.Physical(first + k);
        if (dataBlocks > BlockMapGeometry.Direct) iblock[12] = (uint)layout.Physical(first + BlockMapGeometry.SingleIndirectSeq(bs));
        if (dataBlocks > BlockMapGeometry.Direct + p) iblock[13] = (uint)layout.Physical(first + BlockMapGeometry.DoubleIndirectSeq(bs));
        if (dataBlocks > BlockMapGeometry.Direct + p + p * p) iblock[14] = (uint)layout.Physical(first + BlockMapGeometry.TripleIndirectSeq(bs));
    }

    /// <summary>Writes all data and map blocks of one inode.</summary>
    public void Write(long first, long dataBlocks, IBlockSource source)
    {
        int chunkBlocks = ChunkBytes / _bs;
        int used = 0;          // blocks in the chunk
        long chunkSeq = 0;     // sequence index of the chunk's first block
        long k = 0;

        void Flush()
        {
            if (used == 0) return;
            writeOrdinals(first + chunkSeq, _chunk.AsSpan(0, used * _bs));
            chunkSeq += used;
            used = 0;
        }
        Span<byte> NextBlock()
        {
            if (used == chunkBlocks) Flush();
            var b = _chunk.AsSpan(used * _bs, _bs);
            used++;
            return b;
        }

        while (k < dataBlocks)
        {
            EmitMapBlocksBefore(k, first, dataBlocks, NextBlock);
            long run = Math.Min(BlockMapGeometry.NextMapBoundary(_bs, k), dataBlocks) - k;
            while (run > 0)
            {
                if (used == chunkBlocks) Flush();
                int n = (int)Math.Min(run, chunkBlocks - used);
                source.Fill(_chunk.AsSpan(used * _bs, n * _bs));
                used += n;
                run -= n;
                k += n;
            }
        }
        Flush();
        Debug.Assert(chunkSeq == BlockMapGeometry.TotalBlocks(dataBlocks, _bs));
    }

    private void EmitMapBlocksBefore(long k, long first, long n, Func<Span<byte>> next)
    {
        long p = _p, d = BlockMapGeometry.Direct;
        if (k == d) { WriteIndirect(next(), first, k, n); return; }
        if (k < d + p || (k - d) % p != 0) return;
        if (k < d + p + p * p)
        {
            if (k == d + p)
            {
                // Double indirect: its children are the indirect blocks under it.
                long children = LayoutMath.Ceil(Math.Min(n - (d + p), p * p), p);
                WritePointers(next(), first, children, i => BlockMapGeometry.IndirectUnderDoubleSeq(_bs, i));
            }
            WriteIndirect(next(), first, k, n);
            return;
        }
        long j = k - (d + p + p * p);
        if (j == 0)
        {
            long children = LayoutMath.Ceil(n - (d + p + p * p), p * p);
            WritePointers(next(), first, children, t => BlockMapGeometry.DoubleUnderTripleSeq(_bs, t));
        }
        if (j % (p * p) == 0)
        {
            long dIndex = j / (p * p);
            long start = d + p + p * p + dIndex * p * p;
            long children = LayoutMath.Ceil(Math.Min(n - start, p * p), p);
            WritePointers(next(), first, children, i => BlockMapGeometry.IndirectUnderTripleSeq(_bs, dIndex, i));
        }
        WriteIndirect(next(), first, k, n);
    }

    /// <summary>An indirect block pointing at data blocks [k, k+P) ∩ [0, n); they are consecutive in sequence.</summary>
    private void WriteIndirect(Span<byte> b, long first, long k, long n)
    {
        b.Clear();
        long seq = BlockMapGeometry.DataSeq(_bs, k);
        long count = Math.Min(_p, n - k);
        for (int i = 0; i < count; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(b[(i * 4)..], (uint)layout.Physical(first + seq + i));
    }

    private void WritePointers(Span<byte> b, long first, long count, Func<long, long> seqOf)
    {
        b.Clear();
        for (int i = 0; i < count; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(b[(i * 4)..], (uint)layout.Physical(first + seqOf(i)));
    }
}
