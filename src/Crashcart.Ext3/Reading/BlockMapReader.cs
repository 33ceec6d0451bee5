// Maps a file's logical blocks to physical blocks, for ext2/3 indirect maps and ext4 extent
// trees, and walks every block an inode owns (data and map blocks) for verification.
using System.Buffers.Binary;
using Crashcart.Ext3.Format;

namespace Crashcart.Ext3.Reading;

internal sealed class BlockMapReader(Func<long, byte[]> readBlock, int blockSize)
{
    private const ushort ExtentMagic = 0xF30A;
    private readonly long _p = blockSize / 4;

    public static bool UsesExtents(Inode inode) => (inode.Flags & InodeFlags.Extents) != 0;

    /// <summary>Physical block of logical block <paramref name="k"/>, or 0 for a hole.</summary>
    public long Map(Inode inode, long k)
    {
        if (UsesExtents(inode)) return MapExtent(inode, k);
        if (k < 12) return inode.Block[k];
        k -= 12;
        if (k < _p) return Pointer(inode.Block[12], k);
        k -= _p;
        if (k < _p * _p) return Pointer(Pointer(inode.Block[13], k / _p), k % _p);
        k -= _p * _p;
        if (k < _p * _p * _p) return Pointer(Pointer(Pointer(inode.Block[14], k / (_p * _p)), k / _p % _p), k % _p);
        return 0;
    }

    private long Pointer(long block, long index) =>
        block == 0 ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(readBlock(block).AsSpan((int)(index * 4)));

    private long MapExtent(Inode inode, long k)
    {
        byte[] node = IBlockBytes(inode);
        for (int depth = 0; depth < 8; depth++)
        {
            var (entries, treeDepth) = ExtentHeader(node);
            if (treeDepth == 0)
            {
                for (int i = 0; i < entries; i++)
                {
                    var e = node.AsSpan(12 + i * 12);
                    long first = BinaryPrimitives.ReadUInt32LittleEndian(e);
                    int len = BinaryPrimitives.ReadUInt16LittleEndian(e[4..]);
                    bool uninit = len > 32768;
                    if (uninit) len -= 32768;
                    if (k >= first && k < first + len)
                        return uninit ? 0 : ((long)BinaryPrimitives.ReadUInt16LittleEndian(e[6..]) << 32 | BinaryPrimitives.ReadUInt32LittleEndian(e[8..])) + (k - first);
                }
                return 0;
            }
            long child = -1;
            for (int i = 0; i < entries; i++)
            {
                var e = node.AsSpan(12 + i * 12);
                if (BinaryPrimitives.ReadUInt32LittleEndian(e) > k) break;
                child = BinaryPrimitives.ReadUInt32LittleEndian(e[4..]) | (long)BinaryPrimitives.ReadUInt16LittleEndian(e[8..]) << 32;
            }
            if (child < 0) return 0;
            node = readBlock(child);
        }
        throw new InvalidDataException("extent tree deeper than 8 levels");
    }

    private static (int Entries, int Depth) ExtentHeader(byte[] node)
    {
        if (BinaryPrimitives.ReadUInt16LittleEndian(node) != ExtentMagic) throw new InvalidDataException("bad extent header magic");
        return (BinaryPrimitives.ReadUInt16LittleEndian(node.AsSpan(2)), BinaryPrimitives.ReadUInt16LittleEndian(node.AsSpan(6)));
    }

    private static byte[] IBlockBytes(Inode inode)
    {
        var b = new byte[60];
        for (int i = 0; i < 15; i++) BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(i * 4), inode.Block[i]);
        return b;
    }

    /// <summary>
    /// Visits every block the inode owns: <paramref name="data"/> gets (logical, physical) of data
    /// blocks, <paramref name="meta"/> the map (indirect or extent index/leaf) blocks. Pointers out of
    /// range are reported through <paramref name="bad"/> and not followed.
    /// </summary>
    public void Walk(Inode inode, long blocksCount, Action<long, long> data, Action<long> meta, Action<string> bad)
    {
        bool InRange(long b, string what)
        {
            if (b > 0 && b < blocksCount) return true;
            bad($"{what} pointer {b} is outside the filesystem (0..{blocksCount - 1})");
            return false;
        }
        if (UsesExtents(inode))
        {
            void Node(byte[] node, int level)
            {
                if (level > 8) { bad("extent tree too deep"); return; }
                (int entries, int depth) = ExtentHeader(node);
                for (int i = 0; i < entries; i++)
                {
                    var e = node.AsSpan(12 + i * 12);
                    if (depth == 0)
                    {
                        long first = BinaryPrimitives.ReadUInt32LittleEndian(e);
                        int len = BinaryPrimitives.ReadUInt16LittleEndian(e[4..]);
                        if (len > 32768) len -= 32768;
                        long start = (long)BinaryPrimitives.ReadUInt16LittleEndian(e[6..]) << 32 | BinaryPrimitives.ReadUInt32LittleEndian(e[8..]);
                        if (!InRange(start, "extent") || !InRange(start + len - 1, "extent end")) continue;
                        for (int j = 0; j < len; j++) data(first + j, start + j);
                    }
                    else
                    {
                        long child = BinaryPrimitives.ReadUInt32LittleEndian(e[4..]) | (long)BinaryPrimitives.ReadUInt16LittleEndian(e[8..]) << 32;
                        if (!InRange(child, "extent index")) continue;
                        meta(child);
                        Node(readBlock(child), level + 1);
                    }
                }
            }
            Node(IBlockBytes(inode), 0);
            return;
        }
        for (int k = 0; k < 12; k++)
            if (inode.Block[k] != 0 && InRange(inode.Block[k], "direct")) data(k, inode.Block[k]);
        void Indirect(long block, int level, long firstLogical)
        {
            if (block == 0 || !InRange(block, "indirect")) return;
            meta(block);
            // Copy: readBlock may reuse its buffer for the nested reads.
            var ptrs = (byte[])readBlock(block).Clone();
            long span = level == 1 ? 1 : level == 2 ? _p : _p * _p;
            for (int i = 0; i < _p; i++)
            {
                long ptr = BinaryPrimitives.ReadUInt32LittleEndian(ptrs.AsSpan(i * 4));
                if (ptr == 0) continue;
                if (level == 1) { if (InRange(ptr, "data")) data(firstLogical + i, ptr); }
                else Indirect(ptr, level - 1, firstLogical + i * span);
            }
        }
        Indirect(inode.Block[12], 1, 12);
        Indirect(inode.Block[13], 2, 12 + _p);
        Indirect(inode.Block[14], 3, 12 + _p + _p * _p);
    }
}
