// One name in the image tree as the planner sees it: validated, resolved, with its inode number
// and block allocation once planned. Hard links are names whose LinkTo is another node.
using Crashcart.Ext3.Format;

namespace Crashcart.Ext3.Writing;

internal sealed class TreeNode
{
    public required string Path { get; init; }
    /// <summary>UTF-8 bytes of the last path component (empty for the root).</summary>
    public required byte[] Name { get; init; }
    public TreeNode? Parent { get; set; }
    public EntryKind Kind { get; set; }
    /// <summary>False for directories the writer created because entries lay inside them.</summary>
    public bool Explicit { get; set; }
    public FsEntry? Entry { get; set; }
    /// <summary>For hard links: the node whose inode this name shares.</summary>
    public TreeNode? LinkTo { get; set; }
    public List<TreeNode>? Children { get; set; }

    public ushort Mode;            // including the type bits
    public uint Uid, Gid;
    public long Mtime;             // already clamped
    public long Size;              // bytes (regular files, symlinks, directories)
    public byte[]? SymlinkTarget;
    public uint DeviceMajor, DeviceMinor;

    public uint Ino;
    public int LinksCount;
    public long DataBlocks;        // blocks holding content (0 for fast symlinks and devices)
    public long FirstOrdinal;      // first allocated data-area block (see Layout.Physical)

    public bool IsDirectory => Kind == EntryKind.Directory;
    /// <summary>The node that owns the inode (itself unless a hard link).</summary>
    public TreeNode Target => LinkTo ?? this;
}
