// A block group descriptor: where the group's bitmaps and inode table are, and its free counts.
// 32 bytes on ext2/3; 64 bytes with the ext4 "64bit" feature (high halves read only).
using System.Buffers.Binary;

namespace Crashcart.Ext3.Format;

internal readonly record struct GroupDescriptor(
    long BlockBitmap, long InodeBitmap, long InodeTable,
    uint FreeBlocks, uint FreeInodes, uint UsedDirs, ushort Flags)
{
    public static GroupDescriptor Parse(ReadOnlySpan<byte> b, int size)
    {
        bool wide = size >= 64;
        long Hi(ReadOnlySpan<byte> b, int o) => wide ? (long)BinaryPrimitives.ReadUInt32LittleEndian(b[o..]) << 32 : 0;
        uint HiU16(ReadOnlySpan<byte> b, int o) => wide ? (uint)BinaryPrimitives.ReadUInt16LittleEndian(b[o..]) << 16 : 0;
        return new GroupDescriptor(
            BinaryPrimitives.ReadUInt32LittleEndian(b) | Hi(b, 32),
            BinaryPrimitives.ReadUInt32LittleEndian(b[4..]) | Hi(b, 36),
            BinaryPrimitives.ReadUInt32LittleEndian(b[8..]) | Hi(b, 40),
            BinaryPrimitives.ReadUInt16LittleEndian(b[12..]) | HiU16(b, 44),
            BinaryPrimitives.ReadUInt16LittleEndian(b[14..]) | HiU16(b, 46),
            BinaryPrimitives.ReadUInt16LittleEndian(b[16..]) | HiU16(b, 48),
            BinaryPrimitives.ReadUInt16LittleEndian(b[18..]));
    }

    /// <summary>Writes the 32-byte ext2/3 form; every other byte zero (no checksums, no uninit flags).</summary>
    public void WriteTo(Span<byte> b)
    {
        b[..Ext3Constants.GroupDescriptorSize].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)BlockBitmap);
        BinaryPrimitives.WriteUInt32LittleEndian(b[4..], (uint)InodeBitmap);
        BinaryPrimitives.WriteUInt32LittleEndian(b[8..], (uint)InodeTable);
        BinaryPrimitives.WriteUInt16LittleEndian(b[12..], (ushort)FreeBlocks);
        BinaryPrimitives.WriteUInt16LittleEndian(b[14..], (ushort)FreeInodes);
        BinaryPrimitives.WriteUInt16LittleEndian(b[16..], (ushort)UsedDirs);
        BinaryPrimitives.WriteUInt16LittleEndian(b[18..], Flags);
    }
}
