// Derives the filesystem UUID and directory hash seed when the caller gives none.
// Choice: a SHA-256 over the planned tree's METADATA (names, inode numbers, kinds, modes,
// owners, clamped times, sizes, link targets, device numbers) and the geometry — not over
// file contents, so content is read only once. Two trees that differ only in the bytes of
// an equally sized file with the same mtime get the same UUID; that is acceptable for an
// identifier that only has to be stable and distinct across real builds.
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Crashcart.Ext3.Writing;

internal static class IdentityDeriver
{
    public static (Guid Uuid, Guid HashSeed) Derive(FsTree tree, Layout layout, Ext3Options options)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var num = new byte[8];
        void Add(long v) { BinaryPrimitives.WriteInt64LittleEndian(num, v); h.AppendData(num); }
        void AddBytes(ReadOnlySpan<byte> b) { Add(b.Length); h.AppendData(b); }

        h.AppendData("crashcart-ext3-v1"u8);
        Add(layout.BlockSize); Add(layout.BlocksCount); Add(layout.InodesCount); Add(layout.JournalBlocks);
        AddBytes(Encoding.UTF8.GetBytes(options.Label ?? ""));
        foreach (var n in tree.InodeOrder)
        {
            Add(n.Ino); Add(n.Mode); Add(n.Uid); Add(n.Gid); Add(n.Mtime); Add(n.Size); Add(n.LinksCount);
            Add(n.DeviceMajor); Add(n.DeviceMinor);
            AddBytes(n.SymlinkTarget ?? []);
            if (n.Children == null) continue;
            foreach (var c in n.Children) { AddBytes(c.Name); Add(c.Target.Ino); }
        }
        Span<byte> digest = stackalloc byte[32];
        h.GetHashAndReset(digest);
        return (options.Uuid ?? AsUuid(digest[..16]), options.HashSeed ?? AsUuid(digest[16..]));
    }

    /// <summary>Shapes 16 hash bytes as an RFC 9562 version-8 ("custom") UUID.</summary>
    private static Guid AsUuid(Span<byte> b)
    {
        b[6] = (byte)((b[6] & 0x0F) | 0x80);
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        return new Guid(b, bigEndian: true);
    }
}
