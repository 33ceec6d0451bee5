// An inode's attributes as the reader reports them (lstat semantics: symlinks are not followed).
namespace Crashcart.Ext3;

public sealed record Ext3Stat(
    uint Ino, Ext3FileType Kind, uint Mode, uint Uid, uint Gid, long Size, long Mtime,
    int LinksCount, uint DeviceMajor, uint DeviceMinor, string? SymlinkTarget);
