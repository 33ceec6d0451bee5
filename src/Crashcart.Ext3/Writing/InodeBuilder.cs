// Builds the on-disk inode of a planned tree node (or of the journal): type and permission
// bits, owner, times with epoch bits, size, link count, i_blocks, and i_block contents
// (block pointers, a fast symlink's text, or a device number).
using System.Text;
using Crashcart.Ext3.Format;

namespace Crashcart.Ext3.Writing;

internal static class InodeBuilder
{
    public static Inode ForNode(TreeNode n, Layout layout)
    {
        int bs = layout.BlockSize;
        var inode = new Inode
        {
            Mode = n.Mode,
            Uid = n.Uid,
            Gid = n.Gid,
            LinksCount = (ushort)n.LinksCount,
            ExtraIsize = Ext3Constants.ExtraInodeSize,
        };
        SetTimes(inode, n.Mtime);
        switch (n.Kind)
        {
            case EntryKind.Directory:
                inode.Size = n.DataBlocks * bs;
                break;
            case EntryKind.RegularFile:
                inode.Size = n.Size;
                break;
            case EntryKind.Symlink:
                inode.Size = n.SymlinkTarget!.Length;
                if (n.DataBlocks == 0)
                {
                    Span<byte> text = stackalloc byte[60];
                    n.SymlinkTarget.CopyTo(text);
                    for (int i = 0; i < 15; i++) inode.Block[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(text[(i * 4)..]);
                }
                break;
            case EntryKind.CharDevice or EntryKind.BlockDevice:
                // Old 16-bit encoding when both parts fit a byte (what the kernel writes), else the new one in i_block[1].
                if (n.DeviceMajor < 256 && n.DeviceMinor < 256) inode.Block[0] = n.DeviceMajor << 8 | n.DeviceMinor;
                else inode.Block[1] = (n.DeviceMinor & 0xFF) | (n.DeviceMajor << 8) | ((n.DeviceMinor & ~0xFFu) << 12);
                break;
        }
        if (n.DataBlocks > 0)
        {
            BlockMapBuilder.FillPointers(layout, n.FirstOrdinal, n.DataBlocks, inode.Block);
            inode.Blocks512 = BlockMapGeometry.TotalBlocks(n.DataBlocks, bs) * (bs / 512);
        }
        return inode;
    }

    public static Inode ForJournal(Layout layout, long firstOrdinal, long time)
    {
        var inode = new Inode
        {
            Mode = ModeType.Regular | 0x180, // 0600
            LinksCount = 1,
            Size = layout.JournalBlocks * layout.BlockSize,
            Blocks512 = BlockMapGeometry.TotalBlocks(layout.JournalBlocks, layout.BlockSize) * (layout.BlockSize / 512),
            ExtraIsize = Ext3Constants.ExtraInodeSize,
        };
        SetTimes(inode, time);
        BlockMapBuilder.FillPointers(layout, firstOrdinal, layout.JournalBlocks, inode.Block);
        return inode;
    }

    /// <summary>atime = ctime = mtime = crtime; seconds beyond 2038 go into the epoch bits of the extra fields.</summary>
    private static void SetTimes(Inode inode, long t)
    {
        uint low = (uint)t;
        inode.Atime = inode.Ctime = inode.Mtime = low;
        inode.TimeEpoch = (uint)((t - (int)low) >> 32) & 3;
    }
}
