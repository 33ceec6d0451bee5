// Packs a directory's entries ('.', '..', then the children in byte order) into linear
// directory blocks: an entry never straddles a block and the last entry of each block
// stretches its rec_len to the block end. Counting and producing share one packing rule.
using Crashcart.Ext3.Format;

namespace Crashcart.Ext3.Writing;

internal static class DirectoryBlocks
{
    private static readonly byte[] Dot = "."u8.ToArray();
    private static readonly byte[] DotDot = ".."u8.ToArray();

    /// <summary>lost+found gets spare blocks (like mke2fs) so e2fsck can reconnect files without allocating.</summary>
    public static long LostFoundMinimumBlocks(int blockSize) => Math.Min(12, 16384 / blockSize);

    public static long Count(TreeNode dir, int blockSize)
    {
        long blocks = 1;
        int used = DirectoryEntry.RecordLength(1) + DirectoryEntry.RecordLength(2);
        foreach (var c in dir.Children!)
        {
            int len = DirectoryEntry.RecordLength(c.Name.Length);
            if (used + len > blockSize) { blocks++; used = 0; }
            used += len;
        }
        if (dir.Ino == Ext3Constants.LostFoundInode) blocks = Math.Max(blocks, LostFoundMinimumBlocks(blockSize));
        return blocks;
    }

    /// <summary>Produces the directory's blocks in order, one at a time, into a caller's buffer.</summary>
    public sealed class Source(TreeNode dir, int blockSize) : IBlockSource
    {
        private int _next = -2; // -2 = '.', -1 = '..', then children
        private readonly List<TreeNode> _children = dir.Children!;

        public void Fill(Span<byte> blocks)
        {
            for (int off = 0; off < blocks.Length; off += blockSize)
                FillOne(blocks.Slice(off, blockSize));
        }

        private void FillOne(Span<byte> b)
        {
            b.Clear();
            int pos = 0, lastStart = -1;
            while (_next < _children.Count)
            {
                (byte[] name, uint ino, byte type) = _next switch
                {
                    -2 => (Dot, dir.Ino, DirFileType.Directory),
                    -1 => (DotDot, (dir.Parent ?? dir).Ino, DirFileType.Directory),
                    _ => (_children[_next].Name, _children[_next].Target.Ino, DirFileType.FromMode(_children[_next].Target.Mode)),
                };
                int len = DirectoryEntry.RecordLength(name.Length);
                if (pos + len > blockSize) break;
                DirectoryEntry.Write(b[pos..], ino, len, name, type);
                lastStart = pos;
                pos += len;
                _next++;
            }
            if (lastStart < 0)
                DirectoryEntry.Write(b, 0, blockSize, [], 0); // spare block: one empty entry spanning it
            else
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(b[(lastStart + 4)..], (ushort)(blockSize - lastStart));
        }
    }
}
