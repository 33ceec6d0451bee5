// One image write: allocates every inode's blocks as consecutive runs of the data area (in inode
// order), builds superblock and descriptors, then writes the image front to back: each group's
// metadata just before the first data that lands in that group, file data in large chunks.
using Crashcart.Ext3.Format;

namespace Crashcart.Ext3.Writing;

internal sealed class ImageWriter
{
    private readonly FsTree _tree;
    private readonly Plan _plan;
    private readonly Layout _l;
    private readonly Ext3Options _options;
    private readonly IProgress<long>? _progress;
    private long _contentBytes;

    public ImageWriter(FsTree tree, Plan plan, Ext3Options options, IProgress<long>? progress)
    {
        _tree = tree; _plan = plan; _l = plan.Layout; _options = options; _progress = progress;
    }

    public Ext3WriteResult Write(Stream output)
    {
        int bs = _l.BlockSize;
        long time = _tree.ImageTime;

        // Allocation: root, journal, lost+found, then inodes 12.. each get one consecutive run.
        long ordinal = 0;
        var order = _tree.InodeOrder;
        order[0].FirstOrdinal = ordinal; ordinal += BlockMapGeometry.TotalBlocks(order[0].DataBlocks, bs);
        long journalFirst = ordinal; ordinal += BlockMapGeometry.TotalBlocks(_l.JournalBlocks, bs);
        for (int i = 1; i < order.Count; i++)
        {
            order[i].FirstOrdinal = ordinal;
            ordinal += BlockMapGeometry.TotalBlocks(order[i].DataBlocks, bs);
        }
        long usedOrdinals = ordinal;
        if (usedOrdinals > _l.DataBlocksAvailable) throw new InvalidOperationException("ext3 plan overflow: more blocks allocated than planned");

        var (uuid, hashSeed) = IdentityDeriver.Derive(_tree, _l, _options);
        var journalInode = InodeBuilder.ForJournal(_l, journalFirst, time);

        var byIno = new TreeNode?[_tree.LastIno + 1];
        foreach (var n in order) byIno[n.Ino] = n;
        Inode? InodeOf(uint ino) =>
            ino == Ext3Constants.JournalInode ? journalInode
            : ino < byIno.Length && byIno[ino] is { } node ? InodeBuilder.ForNode(node, _l)
            : null;

        // Group descriptors and totals.
        var usedDirs = new uint[_l.GroupCount];
        foreach (var n in order) if (n.IsDirectory) usedDirs[(n.Ino - 1) / _l.InodesPerGroup]++;
        var descriptors = new GroupDescriptor[_l.GroupCount];
        long freeBlocks = 0, freeInodes = 0;
        for (int g = 0; g < _l.GroupCount; g++)
        {
            long fb = _l.GroupEnd[g] - _l.DataStart[g] - GroupMetadataWriter.UsedDataInGroup(_l, usedOrdinals, g);
            long fi = _l.InodesPerGroup - GroupMetadataWriter.UsedInodesInGroup(_l, _tree.LastIno, g);
            descriptors[g] = new GroupDescriptor(_l.BlockBitmap[g], _l.InodeBitmap[g], _l.InodeTable[g], (uint)fb, (uint)fi, usedDirs[g], 0);
            freeBlocks += fb; freeInodes += fi;
        }

        var jnl = new uint[17];
        Array.Copy(journalInode.Block, jnl, 15);
        jnl[15] = (uint)(journalInode.Size >> 32);
        jnl[16] = (uint)journalInode.Size;
        var sb = new Ext3Superblock
        {
            InodesCount = (uint)_l.InodesCount,
            BlocksCount = _l.BlocksCount,
            FreeBlocks = freeBlocks,
            FreeInodes = (uint)freeInodes,
            FirstDataBlock = _l.FirstDataBlock,
            LogBlockSize = System.Numerics.BitOperations.Log2((uint)bs) - 10,
            BlocksPerGroup = _l.BlocksPerGroup,
            InodesPerGroup = _l.InodesPerGroup,
            WriteTime = (uint)time,
            LastCheck = (uint)time,
            MkfsTime = (uint)time,
            FeatureCompat = (uint)CompatFeatures.HasJournal,
            FeatureIncompat = (uint)IncompatFeatures.FileType,
            FeatureRoCompat = (uint)(RoCompatFeatures.SparseSuper | RoCompatFeatures.LargeFile),
            Uuid = uuid,
            VolumeName = _options.Label ?? "",
            JournalInode = Ext3Constants.JournalInode,
            HashSeed = hashSeed,
            DefaultHashVersion = Ext3Constants.HashHalfMd4,
            JournalBackupType = Ext3Constants.JournalBackupBlocks,
            JournalBlocks = jnl,
            MinExtraIsize = Ext3Constants.ExtraInodeSize,
            WantExtraIsize = Ext3Constants.ExtraInodeSize,
            Flags = Ext3Constants.FlagSignedHash,
        };

        // Start from an all-zero image of the final length: every byte we do not write is zero.
        output.SetLength(0);
        output.SetLength(_plan.ImageBytes);
        output.Position = 0;
        using (var img = new ImageOutput(output, bs))
        {
            var meta = new GroupMetadataWriter(_l, img, sb, descriptors, usedOrdinals, _tree.LastIno, InodeOf);
            int nextGroup = 0;
            void EnsureMetadata(int through) { while (nextGroup <= through) meta.Write(nextGroup++); }
            void WriteOrdinals(long first, ReadOnlySpan<byte> blocks)
            {
                while (!blocks.IsEmpty)
                {
                    EnsureMetadata(_l.GroupOfOrdinal(first));
                    long n = Math.Min(blocks.Length / bs, _l.ContiguousFrom(first));
                    img.WriteAt(_l.Physical(first) * bs, blocks[..(int)(n * bs)]);
                    blocks = blocks[(int)(n * bs)..];
                    first += n;
                }
            }

            var maps = new BlockMapBuilder(_l, WriteOrdinals);
            WriteNode(maps, order[0]);
            maps.Write(journalFirst, _l.JournalBlocks, new JournalSource(bs, (uint)_l.JournalBlocks, uuid));
            for (int i = 1; i < order.Count; i++) WriteNode(maps, order[i]);
            EnsureMetadata(_l.GroupCount - 1);
        }
        output.Flush();

        long usedBlocks = _l.BlocksCount - freeBlocks;
        return new Ext3WriteResult(_plan.ImageBytes, _l.BlocksCount, _l.InodesCount, usedBlocks,
            _l.InodesCount - freeInodes, _plan.MinimumBlocks * bs, uuid);
    }

    private void WriteNode(BlockMapBuilder maps, TreeNode n)
    {
        switch (n.Kind)
        {
            case EntryKind.Directory:
                maps.Write(n.FirstOrdinal, n.DataBlocks, new DirectoryBlocks.Source(n, _l.BlockSize));
                break;
            case EntryKind.Symlink when n.DataBlocks > 0:
                maps.Write(n.FirstOrdinal, n.DataBlocks, new SymlinkSource(n.SymlinkTarget!));
                break;
            case EntryKind.RegularFile when n.Entry!.OpenContent != null:
                Stream stream;
                try { stream = n.Entry.OpenContent() ?? throw new Ext3InputException(n.Path, "OpenContent returned null"); }
                catch (Exception e) when (e is not Ext3InputException) { throw new Ext3InputException(n.Path, $"cannot open content: {e.Message}"); }
                using (stream)
                {
                    var source = new ContentSource(n, stream, ReportProgress);
                    maps.Write(n.FirstOrdinal, n.DataBlocks, source);
                    source.CheckAtEnd();
                }
                break;
        }
    }

    private void ReportProgress(long bytes)
    {
        _contentBytes += bytes;
        _progress?.Report(_contentBytes);
    }
}
