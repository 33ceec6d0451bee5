// One name in a directory listing (never '.' or '..').
namespace Crashcart.Ext3;

public sealed record Ext3DirEntry(string Name, uint Inode, Ext3FileType Kind);
