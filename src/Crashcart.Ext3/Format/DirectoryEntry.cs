// A linear directory entry (ext2_dir_entry_2): inode, rec_len, name_len, file_type, name.
using System.Buffers.Binary;

namespace Crashcart.Ext3.Format;

internal static class DirectoryEntry
{
    public const int HeaderSize = 8;

    /// <summary>Smallest rec_len holding a name of this length: 8 + name, rounded up to 4.</summary>
    public static int RecordLength(int nameLength) => (HeaderSize + nameLength + 3) & ~3;

    public static void Write(Span<byte> b, uint inode, int recLen, ReadOnlySpan<byte> name, byte fileType)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(b, inode);
        BinaryPrimitives.WriteUInt16LittleEndian(b[4..], (ushort)recLen);
        b[6] = (byte)name.Length;
        b[7] = fileType;
        name.CopyTo(b[HeaderSize..]);
    }

    public static (uint Inode, int RecLen, int NameLen, byte FileType) ReadHeader(ReadOnlySpan<byte> b) =>
        (BinaryPrimitives.ReadUInt32LittleEndian(b), BinaryPrimitives.ReadUInt16LittleEndian(b[4..]), b[6], b[7]);
}
