// The JBD2 journal superblock (block 0 of the journal inode). Big-endian, unlike the rest of ext3.
// An empty, clean journal: v2 superblock, s_first = 1, s_sequence = 1, s_start = 0 (nothing to replay).
using System.Buffers.Binary;

namespace Crashcart.Ext3.Format;

internal static class JournalSuperblock
{
    public const uint Magic = 0xC03B3998;
    public const uint BlockTypeSuperblockV2 = 4;

    public static void WriteEmpty(Span<byte> b, int blockSize, uint maxLen, Guid fsUuid)
    {
        b[..1024].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(b, Magic);
        BinaryPrimitives.WriteUInt32BigEndian(b[4..], BlockTypeSuperblockV2);
        BinaryPrimitives.WriteUInt32BigEndian(b[8..], 0);          // h_sequence
        BinaryPrimitives.WriteUInt32BigEndian(b[12..], (uint)blockSize);
        BinaryPrimitives.WriteUInt32BigEndian(b[16..], maxLen);
        BinaryPrimitives.WriteUInt32BigEndian(b[20..], 1);         // s_first: first log block
        BinaryPrimitives.WriteUInt32BigEndian(b[24..], 1);         // s_sequence
        BinaryPrimitives.WriteUInt32BigEndian(b[28..], 0);         // s_start = 0: journal is empty
        fsUuid.TryWriteBytes(b.Slice(48, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteUInt32BigEndian(b[64..], 1);         // s_nr_users: the filesystem itself
    }

    public static (uint Magic, uint BlockType, uint BlockSize, uint MaxLen, uint First, uint Start) Read(ReadOnlySpan<byte> b) =>
        (BinaryPrimitives.ReadUInt32BigEndian(b), BinaryPrimitives.ReadUInt32BigEndian(b[4..]),
         BinaryPrimitives.ReadUInt32BigEndian(b[12..]), BinaryPrimitives.ReadUInt32BigEndian(b[16..]),
         BinaryPrimitives.ReadUInt32BigEndian(b[20..]), BinaryPrimitives.ReadUInt32BigEndian(b[28..]));
}
