// The writer's input: one entry per filesystem object, described without touching the host.
namespace Crashcart.Ext3;

public enum EntryKind { Directory, RegularFile, Symlink, HardLink, CharDevice, BlockDevice, Fifo }

/// <summary>
/// One object to put into the image. <see cref="Path"/> is relative to the image root,
/// '/'-separated, without leading slash ("" is the root directory itself; giving it sets
/// the root's mode/owner/mtime). Names may contain any character but '/' and NUL and be at
/// most 255 UTF-8 bytes. Parent directories missing from the entry list are created
/// with mode 0755, root:root and the clamped epoch.
/// </summary>
public sealed record FsEntry
{
    public required string Path { get; init; }
    public required EntryKind Kind { get; init; }
    /// <summary>Permission bits incl. setuid/setgid/sticky (07777); the type bits come from <see cref="Kind"/>.</summary>
    public uint Mode { get; init; } = 0x1ED; // 0755
    public uint Uid { get; init; }
    public uint Gid { get; init; }
    /// <summary>Seconds since the Unix epoch.</summary>
    public long MtimeSeconds { get; init; }
    /// <summary>Regular files: byte length the content stream will deliver. Must match exactly.</summary>
    public long Size { get; init; }
    /// <summary>Regular files: opened once, while the image is written; content is streamed, never held whole.</summary>
    public Func<Stream>? OpenContent { get; init; }
    /// <summary>
    /// Symlinks: the target text. Hard links: the image path of the entry whose inode this name shares:
    /// a regular file, symlink, device, fifo or another hard link (followed), never a directory.
    /// </summary>
    public string? LinkTarget { get; init; }
    public uint DeviceMajor { get; init; }
    public uint DeviceMinor { get; init; }
}
