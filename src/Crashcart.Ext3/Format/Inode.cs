// An inode (256 bytes on disk here: the 128-byte base plus 32 bytes of "extra" fields).
// Typed fields with Parse/WriteTo; 32-bit uid/gid split into low/high halves as Linux does.
using System.Buffers.Binary;

namespace Crashcart.Ext3.Format;

internal sealed class Inode
{
    public ushort Mode;
    public uint Uid;
    public uint Gid;
    public long Size;
    public uint Atime, Ctime, Mtime, Dtime;
    /// <summary>Epoch bits (0..3) of the times, stored in the *_extra fields.</summary>
    public uint TimeEpoch;
    public ushort LinksCount;
    /// <summary>In 512-byte units, including indirect blocks.</summary>
    public long Blocks512;
    public uint Flags;
    public readonly uint[] Block = new uint[15];
    public uint Generation;
    public long FileAcl;
    public ushort ExtraIsize;

    public bool IsDirectory => (Mode & ModeType.Mask) == ModeType.Directory;
    public bool IsRegular => (Mode & ModeType.Mask) == ModeType.Regular;
    public bool IsSymlink => (Mode & ModeType.Mask) == ModeType.Symlink;

    public static Inode Parse(ReadOnlySpan<byte> b, int inodeSize)
    {
        var n = new Inode
        {
            Mode = U16(b, 0),
            Uid = U16(b, 2) | (uint)U16(b, 120) << 16,
            Size = U32(b, 4) | (long)U32(b, 108) << 32,
            Atime = U32(b, 8), Ctime = U32(b, 12), Mtime = U32(b, 16), Dtime = U32(b, 20),
            Gid = U16(b, 24) | (uint)U16(b, 122) << 16,
            LinksCount = U16(b, 26),
            Blocks512 = U32(b, 28) | (long)U16(b, 116) << 32,
            Flags = U32(b, 32),
            Generation = U32(b, 100),
            FileAcl = U32(b, 104) | (long)U16(b, 118) << 32,
        };
        for (int i = 0; i < 15; i++) n.Block[i] = U32(b, 40 + i * 4);
        if (inodeSize > 128)
        {
            n.ExtraIsize = U16(b, 128);
            if (n.ExtraIsize >= 24) n.TimeEpoch = U32(b, 136) & 3; // i_mtime_extra
        }
        return n;
    }

    /// <summary>Writes <paramref name="inodeSize"/> bytes; unmodelled bytes are zero.</summary>
    public void WriteTo(Span<byte> b, int inodeSize)
    {
        b[..inodeSize].Clear();
        W16(b, 0, Mode);
        W16(b, 2, (ushort)Uid);
        W32(b, 4, (uint)Size);
        W32(b, 8, Atime); W32(b, 12, Ctime); W32(b, 16, Mtime); W32(b, 20, Dtime);
        W16(b, 24, (ushort)Gid);
        W16(b, 26, LinksCount);
        W32(b, 28, (uint)Blocks512);
        W32(b, 32, Flags);
        for (int i = 0; i < 15; i++) W32(b, 40 + i * 4, Block[i]);
        W32(b, 100, Generation);
        W32(b, 104, (uint)FileAcl);
        W32(b, 108, (uint)(Size >> 32));
        W16(b, 116, (ushort)(Blocks512 >> 32));
        W16(b, 120, (ushort)(Uid >> 16));
        W16(b, 122, (ushort)(Gid >> 16));
        if (inodeSize > 128 && ExtraIsize > 0)
        {
            W16(b, 128, ExtraIsize);
            // ctime/mtime/atime extra: nanoseconds (0) << 2 | epoch bits; crtime = the same time.
            W32(b, 132, TimeEpoch); W32(b, 136, TimeEpoch); W32(b, 140, TimeEpoch);
            W32(b, 144, Mtime); W32(b, 148, TimeEpoch);
        }
    }

    private static uint U32(ReadOnlySpan<byte> b, int o) => BinaryPrimitives.ReadUInt32LittleEndian(b[o..]);
    private static ushort U16(ReadOnlySpan<byte> b, int o) => BinaryPrimitives.ReadUInt16LittleEndian(b[o..]);
    private static void W32(Span<byte> b, int o, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(b[o..], v);
    private static void W16(Span<byte> b, int o, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(b[o..], v);
}
