// Turns the caller's flat FsEntry list into a validated tree: checks names and kinds, creates
// missing parent directories, resolves hard links (to any non-directory), sorts directories byte-wise, numbers inodes.
// Everything is deterministic: the same entries in any order give the same tree.
using System.Text;
using Crashcart.Ext3.Format;

namespace Crashcart.Ext3.Writing;

internal sealed class FsTree
{
    public required TreeNode Root { get; init; }
    public required TreeNode LostFound { get; init; }
    /// <summary>Inode-owning nodes in inode order: root (2), lost+found (11), then 12, 13, ...</summary>
    public required List<TreeNode> InodeOrder { get; init; }
    public required int BlockSize { get; init; }
    /// <summary>Highest inode number in use (≥ 11).</summary>
    public uint LastIno => InodeOrder[^1].Ino;
    public int DirectoryCount { get; init; }
    /// <summary>
    /// Superblock times and the mtime of directories the writer creates: SOURCE_DATE_EPOCH when given,
    /// else the newest entry mtime (reproducible because it comes from the input); never 0, which
    /// e2fsprogs treats as "unset".
    /// </summary>
    public long ImageTime { get; init; }
}

internal static class TreeBuilder
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    internal static readonly byte[] LostFoundName = "lost+found"u8.ToArray();

    public static FsTree Build(IReadOnlyList<FsEntry> entries, Ext3Options options)
    {
        ArgumentNullException.ThrowIfNull(entries);
        int bs = ValidateOptions(options);
        long epoch = options.SourceDateEpoch ?? 0;
        var byPath = new Dictionary<string, TreeNode>(StringComparer.Ordinal);
        var root = NewDir("", [], null, epoch, 0x1ED);
        byPath[""] = root;

        foreach (var e in entries)
        {
            if (e == null) throw new Ext3InputException(null, "null entry in the entry list");
            var name = ValidatePath(e.Path);
            if (byPath.TryGetValue(e.Path, out var existing))
            {
                if (existing.Explicit) throw new Ext3InputException(e.Path, "duplicate path");
                if (e.Kind != EntryKind.Directory)
                    throw new Ext3InputException(e.Path, $"is a {Describe(e.Kind)} but other entries lie inside it");
                Fill(existing, e, options, bs);
                continue;
            }
            var parent = EnsureParent(byPath, e.Path, epoch);
            var node = new TreeNode { Path = e.Path, Name = name, Parent = parent };
            Fill(node, e, options, bs);
            parent.Children!.Add(node);
            byPath[e.Path] = node;
        }

        foreach (var node in byPath.Values)
            if (node.Kind == EntryKind.HardLink) node.LinkTo = ResolveHardLink(node, byPath);

        if (!root.Children!.Any(c => c.Name.AsSpan().SequenceEqual(LostFoundName)))
        {
            var lf = NewDir("lost+found", LostFoundName, root, epoch, 0x1C0); // 0700 like mke2fs
            root.Children!.Add(lf);
            byPath["lost+found"] = lf;
        }
        var lostFound = byPath["lost+found"];
        if (!lostFound.IsDirectory) throw new Ext3InputException("lost+found", "is reserved for the lost+found directory");

        long imageTime = options.SourceDateEpoch is long sde ? ClampTime(sde, null)
            : byPath.Values.Where(n => n.Explicit).Select(n => n.Mtime).DefaultIfEmpty(0).Max();
        imageTime = Math.Max(1, imageTime);
        foreach (var n in byPath.Values) if (!n.Explicit) n.Mtime = imageTime;
        return Number(root, lostFound, bs, imageTime);
    }

    /// <summary>
    /// The node whose inode a hard link shares: any explicit entry but a directory (ext3, like every
    /// Linux filesystem, forbids directory hard links). A link to a link names the same inode, so
    /// chains are followed to the entry that owns it.
    /// </summary>
    private static TreeNode ResolveHardLink(TreeNode link, Dictionary<string, TreeNode> byPath)
    {
        var seen = new HashSet<TreeNode> { link };
        var node = link;
        while (true)
        {
            var target = node.Entry!.LinkTarget;
            if (string.IsNullOrEmpty(target)) throw new Ext3InputException(node.Path, "hard link without a target");
            if (!byPath.TryGetValue(target.TrimStart('/'), out var tn) || !tn.Explicit)
                throw new Ext3InputException(link.Path, $"hard link target '{target}' is not in the entry list");
            if (tn.IsDirectory)
                throw new Ext3InputException(link.Path, $"hard link target '{target}' is a directory (directories cannot be hard-linked)");
            if (tn.Kind != EntryKind.HardLink) return tn;
            if (!seen.Add(tn)) throw new Ext3InputException(link.Path, $"hard links form a cycle through '{tn.Path}'");
            node = tn;
        }
    }

    internal static int ValidateOptions(Ext3Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BlockSize is not (1024 or 2048 or 4096))
            throw new ArgumentOutOfRangeException(nameof(options), $"block size {options.BlockSize} is not 1024, 2048 or 4096");
        if (Encoding.UTF8.GetByteCount(options.Label ?? "") > 16)
            throw new ArgumentOutOfRangeException(nameof(options), $"volume label '{options.Label}' is longer than 16 bytes");
        if (options.HeadroomFraction < 0 || double.IsNaN(options.HeadroomFraction) || options.HeadroomBytes < 0)
            throw new ArgumentOutOfRangeException(nameof(options), "headroom must not be negative");
        return options.BlockSize;
    }

    private static byte[] ValidatePath(string? path)
    {
        if (path == null) throw new Ext3InputException(null, "entry with a null path");
        if (path.Length == 0) return [];
        byte[]? last = null;
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0) throw new Ext3InputException(path, "empty path component (leading, trailing or double '/')");
            if (part is "." or "..") throw new Ext3InputException(path, $"'{part}' is not allowed as a path component");
            if (part.Contains('\0')) throw new Ext3InputException(path, "NUL character in name");
            try { last = StrictUtf8.GetBytes(part); }
            catch (EncoderFallbackException) { throw new Ext3InputException(path, "name is not valid Unicode (lone surrogate)"); }
            if (last.Length > Ext3Constants.MaxNameLength)
                throw new Ext3InputException(path, $"name '{Shorten(part)}' is {last.Length} bytes long, more than {Ext3Constants.MaxNameLength}");
        }
        return last!;
    }

    private static TreeNode EnsureParent(Dictionary<string, TreeNode> byPath, string path, long epoch)
    {
        int slash = path.LastIndexOf('/');
        string parentPath = slash < 0 ? "" : path[..slash];
        if (byPath.TryGetValue(parentPath, out var p))
        {
            if (!p.IsDirectory) throw new Ext3InputException(path, $"parent '{parentPath}' is a {Describe(p.Kind)}, not a directory");
            return p;
        }
        var grand = EnsureParent(byPath, parentPath, epoch);
        var dir = NewDir(parentPath, StrictUtf8.GetBytes(parentPath[(parentPath.LastIndexOf('/') + 1)..]), grand, epoch, 0x1ED);
        grand.Children!.Add(dir);
        byPath[parentPath] = dir;
        return dir;
    }

    private static TreeNode NewDir(string path, byte[] name, TreeNode? parent, long epoch, ushort perm) => new()
    {
        Path = path, Name = name, Parent = parent, Kind = EntryKind.Directory, Children = [],
        Mode = (ushort)(ModeType.Directory | perm), Mtime = ClampTime(epoch, null),
    };

    private static void Fill(TreeNode node, FsEntry e, Ext3Options options, int bs)
    {
        node.Explicit = true;
        node.Entry = e;
        node.Kind = e.Kind;
        node.Uid = e.Uid;
        node.Gid = e.Gid;
        node.Mtime = ClampTime(e.MtimeSeconds, options.SourceDateEpoch);
        ushort perm = (ushort)(e.Mode & 0xFFF); // type bits come from Kind
        switch (e.Kind)
        {
            case EntryKind.Directory:
                node.Mode = (ushort)(ModeType.Directory | perm);
                node.Children ??= [];
                break;
            case EntryKind.RegularFile:
                if (node.Path.Length == 0) throw new Ext3InputException(e.Path, "the root must be a directory");
                if (e.Size < 0) throw new Ext3InputException(e.Path, $"negative size {e.Size}");
                if (e.Size > 0 && e.OpenContent == null) throw new Ext3InputException(e.Path, $"size is {e.Size} but no content stream is given");
                long blocks = (e.Size + bs - 1) / bs;
                if (blocks > BlockMapGeometry.MaxDataBlocks(bs) || BlockMapGeometry.TotalBlocks(blocks, bs) * (bs / 512) > uint.MaxValue)
                    throw new Ext3InputException(e.Path, $"file of {e.Size} bytes is too large for ext3 with {bs}-byte blocks");
                node.Mode = (ushort)(ModeType.Regular | perm);
                node.Size = e.Size;
                break;
            case EntryKind.Symlink:
                if (string.IsNullOrEmpty(e.LinkTarget)) throw new Ext3InputException(e.Path, "symlink with an empty target");
                if (e.LinkTarget.Contains('\0')) throw new Ext3InputException(e.Path, "NUL character in symlink target");
                byte[] t;
                try { t = StrictUtf8.GetBytes(e.LinkTarget); }
                catch (EncoderFallbackException) { throw new Ext3InputException(e.Path, "symlink target is not valid Unicode"); }
                int max = Math.Min(4095, bs - 1);
                if (t.Length > max) throw new Ext3InputException(e.Path, $"symlink target is {t.Length} bytes, more than {max}");
                node.Mode = (ushort)(ModeType.Symlink | perm);
                node.SymlinkTarget = t;
                node.Size = t.Length;
                break;
            case EntryKind.HardLink:
                break; // resolved once all entries are known
            case EntryKind.CharDevice or EntryKind.BlockDevice:
                if (e.DeviceMajor > 0xFFF || e.DeviceMinor > 0xFFFFF)
                    throw new Ext3InputException(e.Path, $"device number {e.DeviceMajor}:{e.DeviceMinor} out of range (major ≤ 4095, minor ≤ 1048575)");
                node.Mode = (ushort)((e.Kind == EntryKind.CharDevice ? ModeType.CharDevice : ModeType.BlockDevice) | perm);
                node.DeviceMajor = e.DeviceMajor;
                node.DeviceMinor = e.DeviceMinor;
                break;
            case EntryKind.Fifo:
                node.Mode = (ushort)(ModeType.Fifo | perm);
                break;
            default:
                throw new Ext3InputException(e.Path, $"unknown entry kind {e.Kind}");
        }
        if (node.Path.Length == 0 && e.Kind != EntryKind.Directory) throw new Ext3InputException(e.Path, "the root must be a directory");
    }

    /// <summary>
    /// Times are clamped to SOURCE_DATE_EPOCH when given, and to what e2fsck accepts unchanged in
    /// 256-byte inodes: 0 (1970) .. 2^33+2^31-1 (2310-04-04). e2fsck "repairs" pre-1970 times and
    /// times with both epoch bits set as "likely pre-1970", so neither may be written.
    /// </summary>
    internal static long ClampTime(long t, long? epoch)
    {
        if (epoch is long sde && t > sde) t = sde;
        return Math.Clamp(t, 0, MaxTime);
    }

    public const long MaxTime = (1L << 33) + (1L << 31) - 1;

    private static FsTree Number(TreeNode root, TreeNode lostFound, int bs, long imageTime)
    {
        var order = new List<TreeNode> { root, lostFound };
        root.Ino = Ext3Constants.RootInode;
        lostFound.Ino = Ext3Constants.LostFoundInode;
        uint next = Ext3Constants.LostFoundInode + 1;
        int dirs = 0;
        // Iterative DFS pre-order with byte-wise sorted children: deep trees must not overflow the stack.
        var stack = new Stack<TreeNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var dir = stack.Pop();
            dirs++;
            dir.Children!.Sort(static (a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
            int subdirs = 0;
            foreach (var c in dir.Children)
            {
                if (c.IsDirectory) subdirs++;
                if (c.Kind == EntryKind.HardLink) { c.LinkTo!.LinksCount++; continue; }
                c.LinksCount++;
            }
            // 65000 is the ext4 driver's link limit without dir_nlink (which ext3 lacks).
            if (subdirs + 2 > 65000) throw new Ext3InputException(dir.Path, $"{subdirs} subdirectories: more than ext3 allows (64998)");
            dir.LinksCount = 2 + subdirs;
            for (int i = dir.Children.Count - 1; i >= 0; i--)
                if (dir.Children[i].IsDirectory) stack.Push(dir.Children[i]);
        }
        // Inode numbers: a second pre-order walk, children in sorted order, so numbering is independent of input order.
        var walk = new Stack<TreeNode>();
        walk.Push(root);
        while (walk.Count > 0)
        {
            var dir = walk.Pop();
            foreach (var c in dir.Children!)
            {
                if (c.Kind == EntryKind.HardLink || c == lostFound) continue;
                c.Ino = next++;
                order.Add(c);
            }
            for (int i = dir.Children.Count - 1; i >= 0; i--)
                if (dir.Children[i].IsDirectory) walk.Push(dir.Children[i]);
        }
        foreach (var n in order)
            if (n.LinksCount > 65000) throw new Ext3InputException(n.Path, $"{n.LinksCount} hard links: more than ext3 allows (65000)");
        foreach (var n in order) n.DataBlocks = DataBlocksOf(n, bs);
        return new FsTree { Root = root, LostFound = lostFound, InodeOrder = order, BlockSize = bs, DirectoryCount = dirs, ImageTime = imageTime };
    }

    private static long DataBlocksOf(TreeNode n, int bs) => n.Kind switch
    {
        EntryKind.Directory => DirectoryBlocks.Count(n, bs),
        EntryKind.RegularFile => (n.Size + bs - 1) / bs,
        EntryKind.Symlink => n.SymlinkTarget!.Length < Ext3Constants.FastSymlinkMax ? 0 : 1,
        _ => 0,
    };

    private static string Describe(EntryKind k) => k switch
    {
        EntryKind.RegularFile => "regular file",
        EntryKind.Directory => "directory",
        EntryKind.Symlink => "symlink",
        EntryKind.HardLink => "hard link",
        EntryKind.CharDevice => "character device",
        EntryKind.BlockDevice => "block device",
        EntryKind.Fifo => "fifo",
        _ => k.ToString(),
    };

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
