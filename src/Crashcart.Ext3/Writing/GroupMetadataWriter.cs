// Writes one block group's metadata: superblock + descriptor table copies (sparse_super groups),
// block bitmap, inode bitmap and inode table. Everything is derived from the plan: data blocks
// are allocated as one prefix of the data area and inodes as one prefix of the inode numbers,
// so bitmaps and free counts are ranges.
using Crashcart.Ext3.Format;

namespace Crashcart.Ext3.Writing;

internal sealed class GroupMetadataWriter
{
    private readonly Layout _l;
    private readonly ImageOutput _out;
    private readonly Ext3Superblock _sb;
    private readonly byte[] _gdt;
    private readonly long _usedOrdinals;
    private readonly uint _lastIno;
    private readonly Func<uint, Inode?> _inodeOf;

    public GroupMetadataWriter(Layout layout, ImageOutput output, Ext3Superblock sb, GroupDescriptor[] descriptors,
        long usedOrdinals, uint lastIno, Func<uint, Inode?> inodeOf)
    {
        _l = layout; _out = output; _sb = sb; _usedOrdinals = usedOrdinals; _lastIno = lastIno; _inodeOf = inodeOf;
        _gdt = new byte[layout.GdtBlocks * layout.BlockSize];
        for (int g = 0; g < descriptors.Length; g++) descriptors[g].WriteTo(_gdt.AsSpan(g * Ext3Constants.GroupDescriptorSize));
    }

    public static long UsedDataInGroup(Layout l, long usedOrdinals, int g) =>
        Math.Clamp(usedOrdinals - l.OrdinalStart[g], 0, l.GroupEnd[g] - l.DataStart[g]);

    public static long UsedInodesInGroup(Layout l, uint lastIno, int g) =>
        Math.Clamp((long)lastIno - (long)g * l.InodesPerGroup, 0, l.InodesPerGroup);

    public void Write(int g)
    {
        int bs = _l.BlockSize;
        var block = new byte[bs];
        if (_l.HasBackup[g])
        {
            var sbBytes = new byte[Ext3Constants.SuperblockSize];
            (_sb with { BlockGroupNumber = (ushort)g }).WriteTo(sbBytes);
            // The primary lives at byte 1024 whatever the block size; backups at the start of their group.
            long sbOffset = g == 0 ? Ext3Constants.SuperblockOffset : _l.GroupStart[g] * bs;
            _out.WriteAt(sbOffset, sbBytes);
            _out.WriteAt((_l.GroupStart[g] + 1) * bs, _gdt);
        }

        // Block bitmap: metadata + used data prefix set, and the bits past the end of the filesystem (last group).
        long groupBlocks = _l.GroupEnd[g] - _l.GroupStart[g];
        long used = _l.DataStart[g] - _l.GroupStart[g] + UsedDataInGroup(_l, _usedOrdinals, g);
        SetBits(block, 0, used);
        SetBits(block, groupBlocks, 8L * bs);
        _out.WriteAt(_l.BlockBitmap[g] * bs, block);

        Array.Clear(block);
        long inodesUsed = UsedInodesInGroup(_l, _lastIno, g);
        SetBits(block, 0, inodesUsed);
        SetBits(block, _l.InodesPerGroup, 8L * bs);
        _out.WriteAt(_l.InodeBitmap[g] * bs, block);

        WriteInodeTable(g, inodesUsed);
    }

    private void WriteInodeTable(int g, long inodesUsed)
    {
        const int size = Ext3Constants.InodeSize;
        int perChunk = Math.Max(1, (1 << 20) / size);
        var chunk = new byte[perChunk * size];
        long tableOffset = _l.InodeTable[g] * _l.BlockSize;
        for (long i = 0; i < inodesUsed; i += perChunk)
        {
            int count = (int)Math.Min(perChunk, inodesUsed - i);
            int bytes = (int)LayoutMath.Ceil((long)count * size, _l.BlockSize) * _l.BlockSize;
            Array.Clear(chunk, 0, Math.Min(chunk.Length, bytes));
            for (int j = 0; j < count; j++)
            {
                uint ino = (uint)((long)g * _l.InodesPerGroup + i + j + 1);
                _inodeOf(ino)?.WriteTo(chunk.AsSpan(j * size, size), size);
            }
            _out.WriteAt(tableOffset + i * size, chunk.AsSpan(0, Math.Min(chunk.Length, bytes)));
        }
    }

    private static void SetBits(byte[] bitmap, long from, long to)
    {
        for (long b = from; b < to; b++) bitmap[b >> 3] |= (byte)(1 << (int)(b & 7));
    }
}
