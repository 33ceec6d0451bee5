// Builders for writer input in tests: entries with deterministic content that can be
// regenerated (for hashing and comparison) without keeping it in memory.
using System.Security.Cryptography;
using System.Text;

namespace Crashcart.Ext3.Tests.Support;

public static class TestEntries
{
    public static FsEntry Dir(string path, uint mode = 0x1ED, uint uid = 0, uint gid = 0, long mtime = 1_700_000_000) =>
        new() { Path = path, Kind = EntryKind.Directory, Mode = mode, Uid = uid, Gid = gid, MtimeSeconds = mtime };

    /// <summary>A file whose bytes are a deterministic function of (seed, offset); never materialised.</summary>
    public static FsEntry File(string path, long size, int seed = 1, uint mode = 0x1A4, uint uid = 0, uint gid = 0, long mtime = 1_700_000_000) =>
        new()
        {
            Path = path, Kind = EntryKind.RegularFile, Mode = mode, Uid = uid, Gid = gid, MtimeSeconds = mtime, Size = size,
            OpenContent = () => new PatternStream(size, seed),
        };

    public static FsEntry Bytes(string path, byte[] content, uint mode = 0x1A4, long mtime = 1_700_000_000) =>
        new()
        {
            Path = path, Kind = EntryKind.RegularFile, Mode = mode, MtimeSeconds = mtime, Size = content.Length,
            OpenContent = () => new MemoryStream(content, writable: false),
        };

    public static FsEntry Text(string path, string text) => Bytes(path, Encoding.UTF8.GetBytes(text));

    public static FsEntry Symlink(string path, string target, long mtime = 1_700_000_000) =>
        new() { Path = path, Kind = EntryKind.Symlink, Mode = 0x1FF, LinkTarget = target, MtimeSeconds = mtime };

    public static FsEntry HardLink(string path, string target) =>
        new() { Path = path, Kind = EntryKind.HardLink, LinkTarget = target };

    public static FsEntry Device(string path, EntryKind kind, uint major, uint minor, uint mode = 0x1B0) =>
        new() { Path = path, Kind = kind, Mode = mode, DeviceMajor = major, DeviceMinor = minor, MtimeSeconds = 1_600_000_000 };

    public static FsEntry Fifo(string path, uint mode = 0x1A4) =>
        new() { Path = path, Kind = EntryKind.Fifo, Mode = mode, MtimeSeconds = 1_600_000_000 };

    public static string HashOf(Stream s)
    {
        using var sha = SHA256.Create();
        return Convert.ToHexString(sha.ComputeHash(s));
    }

    public static string ContentHash(FsEntry e)
    {
        if (e.OpenContent == null) return HashOf(new MemoryStream());
        using var s = e.OpenContent();
        return HashOf(s);
    }
}
