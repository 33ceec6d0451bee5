// Structural consistency check of an ext2/3 image, in the spirit of e2fsck's five passes:
// superblock and descriptors, block ownership (range, double use), inode and block bitmaps
// against actual use, free counts, directory structure and link counts, lost+found.
// It reports problems as one-line strings; it never repairs.
using System.Collections;
using Crashcart.Ext3.Format;

namespace Crashcart.Ext3.Reading;

internal sealed class Ext3Verifier(Ext3Image img)
{
    private const int MaxProblems = 200;
    private readonly List<string> _problems = [];
    private readonly Ext3Superblock _sb = img.Superblock;
    private BitArray _claimed = null!;

    private void Problem(string p) { if (_problems.Count < MaxProblems) _problems.Add(p); }

    public IReadOnlyList<string> Run()
    {
        if (!CheckSuperblock()) return _problems;
        _claimed = new BitArray(checked((int)_sb.BlocksCount));
        ClaimGroupMetadata();
        var inodes = ScanInodes();
        CheckTree(inodes);
        CheckBitmaps(inodes);
        CheckJournal();
        return _problems;
    }

    private bool CheckSuperblock()
    {
        int bs = _sb.BlockSize;
        if (_sb.FirstDataBlock != (bs == 1024 ? 1u : 0u)) Problem($"superblock: first data block {_sb.FirstDataBlock} is wrong for {bs}-byte blocks");
        if ((_sb.FeatureRoCompat & (uint)RoCompatFeatures.BigAlloc) == 0 && _sb.BlocksPerGroup != 8u * bs)
            Problem($"superblock: {_sb.BlocksPerGroup} blocks per group, expected {8 * bs}");
        if (_sb.InodesPerGroup > 8u * bs || _sb.InodesPerGroup % 8 != 0 || _sb.InodesPerGroup * _sb.InodeSize % bs != 0)
            Problem($"superblock: bad inodes per group {_sb.InodesPerGroup}");
        if ((long)_sb.InodesPerGroup * img.Groups.Count != _sb.InodesCount)
            Problem($"superblock: inode count {_sb.InodesCount} is not {_sb.InodesPerGroup} per group × {img.Groups.Count} groups");
        if (_sb.FreeBlocks > _sb.BlocksCount) Problem($"superblock: free blocks {_sb.FreeBlocks} > block count {_sb.BlocksCount}");
        if (_sb.FreeInodes > _sb.InodesCount) Problem($"superblock: free inodes {_sb.FreeInodes} > inode count {_sb.InodesCount}");
        if (_sb.FirstInode < 11 && _sb.RevLevel >= 1) Problem($"superblock: first inode {_sb.FirstInode} < 11");
        if (_sb.BlocksCount > int.MaxValue) { Problem("image too large to verify"); return false; }
        if (img.BaseStream.Length < _sb.BlocksCount * bs)
        {
            Problem($"truncated: superblock says {_sb.BlocksCount * bs} bytes, image has {img.BaseStream.Length}");
            return false;
        }
        return _problems.Count == 0 || _problems.All(p => !p.Contains("per group"));
    }

    private bool SparseSuper => (_sb.FeatureRoCompat & (uint)RoCompatFeatures.SparseSuper) != 0;
    private bool FlexBg => (_sb.FeatureIncompat & (uint)IncompatFeatures.FlexBg) != 0;

    private void Claim(long block, string owner)
    {
        if (block < _sb.FirstDataBlock || block >= _sb.BlocksCount) { Problem($"{owner}: block {block} outside the filesystem"); return; }
        if (_claimed[(int)block]) Problem($"{owner}: block {block} is already in use by something else");
        _claimed[(int)block] = true;
    }

    private void ClaimGroupMetadata()
    {
        int bs = _sb.BlockSize;
        long gdtBlocks = (img.Groups.Count * (long)_sb.GroupDescriptorSize + bs - 1) / bs;
        long itb = (long)_sb.InodesPerGroup * _sb.InodeSize / bs;
        var primary = new byte[Ext3Constants.SuperblockSize];
        img.ReadAt(Ext3Constants.SuperblockOffset, primary);
        for (int g = 0; g < img.Groups.Count; g++)
        {
            long start = _sb.FirstDataBlock + (long)g * _sb.BlocksPerGroup;
            long end = Math.Min(start + _sb.BlocksPerGroup, _sb.BlocksCount);
            if (!SparseSuper || Writing.LayoutMath.HasSuperblockBackup(g))
            {
                for (long b = 0; b < 1 + gdtBlocks + _sb.ReservedGdtBlocks; b++) Claim(start + b, $"group {g} superblock/descriptors");
                if (g > 0)
                {
                    var backup = new byte[Ext3Constants.SuperblockSize];
                    img.ReadAt(start * bs, backup);
                    var bsb = Ext3Superblock.Parse(backup);
                    if (bsb.Magic != Ext3Constants.SuperblockMagic || bsb.BlocksCount != _sb.BlocksCount || bsb.InodesCount != _sb.InodesCount)
                        Problem($"group {g}: backup superblock is missing or differs from the primary");
                }
            }
            var d = img.Groups[g];
            foreach (var (what, b, n) in new[] { ("block bitmap", d.BlockBitmap, 1L), ("inode bitmap", d.InodeBitmap, 1L), ("inode table", d.InodeTable, itb) })
            {
                if (!FlexBg && (b < start || b + n > end)) Problem($"group {g}: {what} at block {b} lies outside the group ({start}..{end - 1})");
                for (long i = 0; i < n; i++) Claim(b + i, $"group {g} {what}");
            }
        }
    }

    /// <summary>Every inode the filesystem considers in use, with its parsed inode.</summary>
    private Dictionary<uint, Inode> ScanInodes()
    {
        var used = new Dictionary<uint, Inode>();
        int bs = _sb.BlockSize, isz = _sb.InodeSize;
        var table = new byte[(long)_sb.InodesPerGroup * isz];
        for (int g = 0; g < img.Groups.Count; g++)
        {
            if ((img.Groups[g].Flags & 0x1) != 0) continue; // INODE_UNINIT (ext4): nothing in use
            img.ReadAt(img.Groups[g].InodeTable * bs, table);
            for (int i = 0; i < _sb.InodesPerGroup; i++)
            {
                uint ino = (uint)(g * _sb.InodesPerGroup + i + 1);
                var inode = Inode.Parse(table.AsSpan(i * isz, isz), isz);
                bool reserved = ino < _sb.FirstInode;
                if (reserved && ino != Ext3Constants.RootInode && ino != _sb.JournalInode && ino != Ext3Constants.ResizeInode) continue;
                if (inode.LinksCount == 0 && !(reserved && inode.Mode != 0)) continue;
                if (inode.Dtime != 0 && inode.LinksCount == 0) continue;
                if (ino == Ext3Constants.ResizeInode && inode.Mode == 0) continue;
                used[ino] = inode;
                ClaimInodeBlocks(ino, inode);
            }
        }
        return used;
    }

    private void ClaimInodeBlocks(uint ino, Inode inode)
    {
        int bs = _sb.BlockSize;
        var kind = Ext3Image.KindOf(inode.Mode);
        if (kind == Ext3FileType.Unknown && ino >= _sb.FirstInode) Problem($"inode {ino}: bad type in mode 0{Convert.ToString(inode.Mode, 8)}");
        if (ino == Ext3Constants.ResizeInode)
        {
            // resize_inode: its double indirect block lists the reserved GDT blocks (claimed with the group metadata).
            if (inode.Block[13] != 0) Claim(inode.Block[13], "resize inode");
            return;
        }
        bool hasBlocks = kind is Ext3FileType.RegularFile or Ext3FileType.Directory
            || (kind == Ext3FileType.Symlink && inode.Blocks512 - (inode.FileAcl != 0 ? bs / 512 : 0) > 0);
        if ((inode.Flags & InodeFlags.InlineData) != 0) hasBlocks = false;
        long count = 0, maxLogical = -1;
        if (hasBlocks)
        {
            img.Maps.Walk(inode, _sb.BlocksCount,
                (logical, phys) => { Claim(phys, $"inode {ino}"); count++; maxLogical = Math.Max(maxLogical, logical); },
                meta => { Claim(meta, $"inode {ino} map"); count++; },
                bad => Problem($"inode {ino}: {bad}"));
        }
        else if (kind is Ext3FileType.CharDevice or Ext3FileType.BlockDevice or Ext3FileType.Fifo or Ext3FileType.Socket && inode.Blocks512 != 0)
            Problem($"inode {ino}: special file with i_blocks {inode.Blocks512}");
        if (inode.FileAcl != 0) { Claim(inode.FileAcl, $"inode {ino} xattr"); count++; }
        bool huge = (inode.Flags & InodeFlags.HugeFile) != 0;
        if (!huge && inode.Blocks512 != count * (bs / 512))
            Problem($"inode {ino}: i_blocks is {inode.Blocks512} but it owns {count} blocks ({count * (bs / 512)})");
        if (kind == Ext3FileType.Directory && inode.Size % bs != 0) Problem($"inode {ino}: directory size {inode.Size} is not a multiple of the block size");
        if (maxLogical >= 0 && (maxLogical + 1) * bs > ((inode.Size + bs - 1) / bs) * bs && (inode.Flags & InodeFlags.Extents) == 0)
            Problem($"inode {ino}: has block {maxLogical} beyond its size {inode.Size}");
        if (kind == Ext3FileType.Symlink && inode.Size == 0) Problem($"inode {ino}: empty symlink");
    }

    private void CheckTree(Dictionary<uint, Inode> inodes)
    {
        var refs = new Dictionary<uint, int>();
        var subdirs = new Dictionary<uint, int>();
        if (!inodes.TryGetValue(Ext3Constants.RootInode, out var root) || !root.IsDirectory) { Problem("root inode 2 is not a directory"); return; }
        var visited = new HashSet<uint>();
        var queue = new Queue<(uint Ino, uint Parent)>();
        queue.Enqueue((Ext3Constants.RootInode, Ext3Constants.RootInode));
        bool filetype = (_sb.FeatureIncompat & (uint)IncompatFeatures.FileType) != 0;
        bool lostFound = false;
        while (queue.Count > 0)
        {
            var (dirIno, parent) = queue.Dequeue();
            if (!visited.Add(dirIno)) { Problem($"directory inode {dirIno} is reachable twice (directory hard link)"); continue; }
            var dir = inodes[dirIno];
            if ((dir.Flags & InodeFlags.InlineData) != 0) continue;
            int index = 0;
            foreach (var (ino, name, type) in DirEntries(dirIno, dir))
            {
                string where = $"directory inode {dirIno} entry '{name}'";
                if (index == 0 && (name != "." || ino != dirIno)) Problem($"directory inode {dirIno}: first entry is not '.' pointing to itself");
                if (index == 1 && (name != ".." || ino != parent)) Problem($"directory inode {dirIno}: second entry is not '..' pointing to its parent {parent}");
                index++;
                if (ino > _sb.InodesCount) { Problem($"{where}: inode {ino} out of range"); continue; }
                if (!inodes.TryGetValue(ino, out var target)) { Problem($"{where}: points to unused inode {ino}"); continue; }
                refs[ino] = refs.GetValueOrDefault(ino) + 1;
                if (filetype && type != DirFileType.FromMode(target.Mode)) Problem($"{where}: file type {type} does not match the inode's mode");
                if (name is "." or "..") continue;
                if (dirIno == Ext3Constants.RootInode && name == "lost+found" && target.IsDirectory) lostFound = true;
                if (target.IsDirectory)
                {
                    subdirs[dirIno] = subdirs.GetValueOrDefault(dirIno) + 1;
                    queue.Enqueue((ino, dirIno));
                }
            }
            if (index < 2) Problem($"directory inode {dirIno}: missing '.' or '..'");
        }
        if (!lostFound) Problem("/lost+found is missing");
        bool dirNlink = (_sb.FeatureRoCompat & (uint)RoCompatFeatures.DirNlink) != 0;
        foreach (var (ino, inode) in inodes)
        {
            if (ino < _sb.FirstInode && ino != Ext3Constants.RootInode) continue;
            int r = refs.GetValueOrDefault(ino);
            if (r == 0) { Problem($"inode {ino} is in use but no directory entry refers to it"); continue; }
            if (inode.IsDirectory && dirNlink && inode.LinksCount == 1) continue;
            if (inode.LinksCount != r) Problem($"inode {ino}: link count {inode.LinksCount}, but {r} directory entries refer to it");
        }
    }

    /// <summary>Entries of one directory with rec_len validation; stops at the first broken block.</summary>
    private IEnumerable<(uint Ino, string Name, byte Type)> DirEntries(uint dirIno, Inode dir)
    {
        int bs = _sb.BlockSize;
        long blocks = dir.Size / bs;
        for (long k = 0; k < blocks; k++)
        {
            long phys = img.MapBlock(dir, k);
            if (phys == 0) { Problem($"directory inode {dirIno}: hole at block {k}"); continue; }
            if (phys >= _sb.BlocksCount) continue;
            var b = img.ReadBlock(phys);
            int pos = 0;
            while (pos < bs)
            {
                if (pos + DirectoryEntry.HeaderSize > bs) { Problem($"directory inode {dirIno} block {k}: entry header crosses the block end at {pos}"); break; }
                var (ino, recLen, nameLen, type) = DirectoryEntry.ReadHeader(b.AsSpan(pos));
                if (recLen < DirectoryEntry.HeaderSize || recLen % 4 != 0 || pos + recLen > bs || (ino != 0 && DirectoryEntry.RecordLength(nameLen) > recLen))
                {
                    Problem($"directory inode {dirIno} block {k} offset {pos}: bad rec_len {recLen} (name_len {nameLen})");
                    break;
                }
                if (ino != 0) yield return (ino, System.Text.Encoding.UTF8.GetString(b, pos + DirectoryEntry.HeaderSize, nameLen), type);
                pos += recLen;
            }
        }
    }

    private void CheckBitmaps(Dictionary<uint, Inode> inodes)
    {
        int bs = _sb.BlockSize;
        long totalFreeBlocks = 0, totalFreeInodes = 0;
        var dirsPerGroup = new int[img.Groups.Count];
        foreach (var (ino, inode) in inodes) if (inode.IsDirectory) dirsPerGroup[(ino - 1) / _sb.InodesPerGroup]++;
        for (int g = 0; g < img.Groups.Count; g++)
        {
            var d = img.Groups[g];
            long start = _sb.FirstDataBlock + (long)g * _sb.BlocksPerGroup;
            long end = Math.Min(start + _sb.BlocksPerGroup, _sb.BlocksCount);
            long free = 0;
            if ((d.Flags & 0x2) == 0) // BLOCK_UNINIT (ext4): bitmap not written
            {
                var bitmap = img.ReadBlock(d.BlockBitmap);
                int wrongUsed = 0, wrongFree = 0; long firstWrong = -1;
                for (long b = start; b < end; b++)
                {
                    bool set = Bit(bitmap, b - start);
                    if (!set) free++;
                    if (set != _claimed[(int)b]) { if (set) wrongUsed++; else wrongFree++; if (firstWrong < 0) firstWrong = b; }
                }
                if (wrongFree > 0) Problem($"group {g}: {wrongFree} block(s) in use but marked free in the block bitmap (first: {firstWrong})");
                if (wrongUsed > 0) Problem($"group {g}: {wrongUsed} block(s) marked used in the block bitmap but not in use (first: {firstWrong})");
                for (long b = end - start; b < _sb.BlocksPerGroup && b < 8L * bs; b++)
                    if (!Bit(bitmap, b)) { Problem($"group {g}: block bitmap padding bit {b} is not set"); break; }
                if (free != d.FreeBlocks) Problem($"group {g}: free blocks count {d.FreeBlocks}, bitmap says {free}");
            }
            else free = d.FreeBlocks;
            totalFreeBlocks += free;

            long freeInodes = 0;
            if ((d.Flags & 0x1) == 0)
            {
                var ibitmap = img.ReadBlock(d.InodeBitmap);
                int wrong = 0; long firstWrong = -1;
                for (int i = 0; i < _sb.InodesPerGroup; i++)
                {
                    uint ino = (uint)(g * _sb.InodesPerGroup + i + 1);
                    bool set = Bit(ibitmap, i);
                    if (!set) freeInodes++;
                    bool inUse = inodes.ContainsKey(ino) || ino < _sb.FirstInode;
                    if (set != inUse) { wrong++; if (firstWrong < 0) firstWrong = ino; }
                }
                if (wrong > 0) Problem($"group {g}: inode bitmap disagrees with inode use for {wrong} inode(s) (first: {firstWrong})");
                for (long i = _sb.InodesPerGroup; i < 8L * bs; i++)
                    if (!Bit(ibitmap, i)) { Problem($"group {g}: inode bitmap padding bit {i} is not set"); break; }
                if (freeInodes != d.FreeInodes) Problem($"group {g}: free inodes count {d.FreeInodes}, bitmap says {freeInodes}");
                if (dirsPerGroup[g] != d.UsedDirs) Problem($"group {g}: used directories count {d.UsedDirs}, found {dirsPerGroup[g]}");
            }
            else freeInodes = d.FreeInodes;
            totalFreeInodes += freeInodes;
        }
        if (totalFreeBlocks != _sb.FreeBlocks) Problem($"superblock: free blocks count {_sb.FreeBlocks}, groups say {totalFreeBlocks}");
        if (totalFreeInodes != _sb.FreeInodes) Problem($"superblock: free inodes count {_sb.FreeInodes}, groups say {totalFreeInodes}");
    }

    private void CheckJournal()
    {
        if (!_sb.HasJournal || _sb.JournalInode == 0) return;
        var j = img.ReadInode(_sb.JournalInode);
        if (!j.IsRegular || j.LinksCount == 0) { Problem($"journal inode {_sb.JournalInode} is not a regular file in use"); return; }
        long first = img.MapBlock(j, 0);
        if (first == 0 || first >= _sb.BlocksCount) { Problem("journal has no first block"); return; }
        var (magic, type, blockSize, maxLen, firstLog, start) = JournalSuperblock.Read(img.ReadBlock(first));
        if (magic != JournalSuperblock.Magic) Problem("journal superblock has a bad magic");
        else
        {
            if (type is not (3 or 4)) Problem($"journal superblock has block type {type}");
            if (blockSize != _sb.BlockSize) Problem($"journal block size {blockSize} differs from the filesystem's {_sb.BlockSize}");
            if (maxLen * (long)_sb.BlockSize > j.Size) Problem($"journal superblock says {maxLen} blocks but the journal inode has {j.Size} bytes");
            if (maxLen < Ext3Constants.MinJournalBlocks) Problem($"journal of {maxLen} blocks is smaller than 1024");
            if (start != 0 && (_sb.FeatureIncompat & (uint)IncompatFeatures.Recover) == 0) Problem("journal is not empty but the filesystem is not marked for recovery");
        }
        if (_sb.JournalBackupType == Ext3Constants.JournalBackupBlocks)
            for (int i = 0; i < 15; i++)
                if (_sb.JournalBlocks[i] != j.Block[i]) { Problem("superblock's journal inode backup (s_jnl_blocks) differs from the journal inode"); break; }
    }

    private static bool Bit(byte[] bitmap, long i) => (bitmap[i >> 3] & (1 << (int)(i & 7))) != 0;
}
