// Read-only access to an ext2/ext3 image (and ext4 images with extents, 64bit, flex_bg):
// superblock, directory listing, stat, file content, and a structural Verify().
using System.Text;
using Crashcart.Ext3.Format;
using Crashcart.Ext3.Reading;

namespace Crashcart.Ext3;

public sealed partial class Ext3Image : IDisposable
{
    private static readonly IncompatFeatures Readable =
        IncompatFeatures.FileType | IncompatFeatures.Recover | IncompatFeatures.Extents | IncompatFeatures.Bit64 |
        IncompatFeatures.FlexBg | IncompatFeatures.MetaBg | IncompatFeatures.CsumSeed | IncompatFeatures.LargeDir |
        IncompatFeatures.Mmp | IncompatFeatures.EaInode | IncompatFeatures.Casefold;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly GroupDescriptor[] _groups;
    private readonly BlockMapReader _maps;
    private readonly Dictionary<long, byte[]> _cache = [];

    public Ext3Superblock Superblock { get; }
    internal int BlockSize => Superblock.BlockSize;
    internal IReadOnlyList<GroupDescriptor> Groups => _groups;
    internal Stream BaseStream => _stream;

    private Ext3Image(Stream stream, bool leaveOpen, Ext3Superblock sb, GroupDescriptor[] groups)
    {
        _stream = stream; _leaveOpen = leaveOpen; Superblock = sb; _groups = groups;
        _maps = new BlockMapReader(ReadBlockCached, sb.BlockSize);
    }

    /// <summary>Opens an image; throws <see cref="InvalidDataException"/> if it is not an ext2/3/4 filesystem this reader understands.</summary>
    public static Ext3Image Open(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek) throw new ArgumentException("the image stream must be readable and seekable", nameof(stream));
        var raw = new byte[Ext3Constants.SuperblockSize];
        stream.Position = Ext3Constants.SuperblockOffset;
        if (stream.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false) < raw.Length)
            throw new InvalidDataException("not an ext2/3/4 filesystem: too short for a superblock");
        var sb = Ext3Superblock.Parse(raw);
        if (sb.Magic != Ext3Constants.SuperblockMagic) throw new InvalidDataException("not an ext2/3/4 filesystem: bad superblock magic");
        if (sb.LogBlockSize > 6) throw new InvalidDataException($"bad superblock: block size 2^{sb.LogBlockSize + 10}");
        if (sb.BlocksPerGroup == 0 || sb.InodesPerGroup == 0 || sb.BlocksCount <= sb.FirstDataBlock)
            throw new InvalidDataException("bad superblock: zero blocks or inodes per group");
        if (sb.InodeSize < 128 || sb.InodeSize > sb.BlockSize || (sb.InodeSize & (sb.InodeSize - 1)) != 0)
            throw new InvalidDataException($"bad superblock: inode size {sb.InodeSize}");
        var unknown = (IncompatFeatures)sb.FeatureIncompat & ~Readable;
        if (unknown != 0) throw new InvalidDataException($"unsupported filesystem feature(s): {unknown}");
        if ((sb.FeatureIncompat & (uint)IncompatFeatures.MetaBg) != 0) throw new InvalidDataException("unsupported filesystem feature(s): MetaBg");

        long groupCount = sb.GroupCount;
        int ds = sb.GroupDescriptorSize;
        var gdt = new byte[groupCount * ds];
        stream.Position = (long)(sb.FirstDataBlock + 1) * sb.BlockSize;
        if (stream.ReadAtLeast(gdt, gdt.Length, throwOnEndOfStream: false) < gdt.Length)
            throw new InvalidDataException("truncated image: group descriptor table is cut off");
        var groups = new GroupDescriptor[groupCount];
        for (int g = 0; g < groupCount; g++) groups[g] = GroupDescriptor.Parse(gdt.AsSpan(g * ds, ds), ds);
        return new Ext3Image(stream, leaveOpen, sb, groups);
    }

    internal byte[] ReadBlock(long block)
    {
        var b = new byte[BlockSize];
        ReadAt(block * BlockSize, b);
        return b;
    }

    internal void ReadAt(long offset, Span<byte> dest)
    {
        _stream.Position = offset;
        int n = _stream.ReadAtLeast(dest, dest.Length, throwOnEndOfStream: false);
        if (n < dest.Length) throw new InvalidDataException($"truncated image: cannot read {dest.Length} bytes at offset {offset}");
    }

    private byte[] ReadBlockCached(long block)
    {
        if (_cache.TryGetValue(block, out var b)) return b;
        if (_cache.Count >= 256) _cache.Clear();
        return _cache[block] = ReadBlock(block);
    }

    internal Inode ReadInode(uint ino)
    {
        if (ino < 1 || ino > Superblock.InodesCount) throw new InvalidDataException($"inode {ino} out of range 1..{Superblock.InodesCount}");
        long g = (ino - 1) / Superblock.InodesPerGroup, idx = (ino - 1) % Superblock.InodesPerGroup;
        var raw = new byte[Superblock.InodeSize];
        ReadAt(_groups[g].InodeTable * BlockSize + idx * Superblock.InodeSize, raw);
        return Inode.Parse(raw, Superblock.InodeSize);
    }

    internal long MapBlock(Inode inode, long logical) => _maps.Map(inode, logical);
    internal BlockMapReader Maps => _maps;

    /// <summary>The entries of the directory at <paramref name="path"/>, excluding '.' and '..', in on-disk order.</summary>
    public IEnumerable<Ext3DirEntry> List(string path)
    {
        var (ino, inode) = Resolve(path);
        if (!inode.IsDirectory) throw new IOException($"{path}: not a directory");
        return ReadDirectory(ino, inode)
            .Where(e => e.Name is not ("." or ".."))
            .Select(e => new Ext3DirEntry(e.Name, e.Ino, e.Kind))
            .ToList();
    }

    internal IEnumerable<(string Name, byte[] NameBytes, uint Ino, Ext3FileType Kind)> ReadDirectory(uint dirIno, Inode dir)
    {
        long blocks = (dir.Size + BlockSize - 1) / BlockSize;
        for (long k = 0; k < blocks; k++)
        {
            long phys = MapBlock(dir, k);
            if (phys == 0) continue;
            var b = ReadBlock(phys);
            int pos = 0;
            while (pos + DirectoryEntry.HeaderSize <= BlockSize)
            {
                var (ino, recLen, nameLen, type) = DirectoryEntry.ReadHeader(b.AsSpan(pos));
                if (recLen < DirectoryEntry.HeaderSize || pos + recLen > BlockSize || nameLen + DirectoryEntry.HeaderSize > recLen)
                    throw new InvalidDataException($"directory inode {dirIno}: corrupt entry at block {k} offset {pos} (rec_len {recLen})");
                if (ino != 0)
                {
                    var name = b.AsSpan(pos + DirectoryEntry.HeaderSize, nameLen).ToArray();
                    yield return (Encoding.UTF8.GetString(name), name, ino, FileTypeOfDirEntry(type, ino));
                }
                pos += recLen;
            }
        }
    }

    private Ext3FileType FileTypeOfDirEntry(byte type, uint ino)
    {
        if ((Superblock.FeatureIncompat & (uint)IncompatFeatures.FileType) == 0) return KindOf(ReadInode(ino).Mode);
        return type switch
        {
            DirFileType.Regular => Ext3FileType.RegularFile,
            DirFileType.Directory => Ext3FileType.Directory,
            DirFileType.CharDevice => Ext3FileType.CharDevice,
            DirFileType.BlockDevice => Ext3FileType.BlockDevice,
            DirFileType.Fifo => Ext3FileType.Fifo,
            DirFileType.Socket => Ext3FileType.Socket,
            DirFileType.Symlink => Ext3FileType.Symlink,
            _ => Ext3FileType.Unknown,
        };
    }

    internal static Ext3FileType KindOf(ushort mode) => (mode & ModeType.Mask) switch
    {
        ModeType.Regular => Ext3FileType.RegularFile,
        ModeType.Directory => Ext3FileType.Directory,
        ModeType.CharDevice => Ext3FileType.CharDevice,
        ModeType.BlockDevice => Ext3FileType.BlockDevice,
        ModeType.Fifo => Ext3FileType.Fifo,
        ModeType.Socket => Ext3FileType.Socket,
        ModeType.Symlink => Ext3FileType.Symlink,
        _ => Ext3FileType.Unknown,
    };

    /// <summary>Follows <paramref name="path"/> ("/" or "/a/b"; symlinks are not followed) to its inode.</summary>
    internal (uint Ino, Inode Inode) Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        uint ino = Ext3Constants.RootInode;
        var inode = ReadInode(ino);
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!inode.IsDirectory) throw new DirectoryNotFoundException($"{path}: '{part}' is inside a non-directory");
            var want = Encoding.UTF8.GetBytes(part);
            uint next = 0;
            foreach (var e in ReadDirectory(ino, inode))
                if (e.NameBytes.AsSpan().SequenceEqual(want)) { next = e.Ino; break; }
            if (next == 0) throw new FileNotFoundException($"{path}: no such file or directory in the image", path);
            ino = next;
            inode = ReadInode(ino);
        }
        return (ino, inode);
    }

    public Ext3Stat Stat(string path)
    {
        var (ino, inode) = Resolve(path);
        uint major = 0, minor = 0;
        var kind = KindOf(inode.Mode);
        if (kind is Ext3FileType.CharDevice or Ext3FileType.BlockDevice)
        {
            if (inode.Block[0] != 0) { major = (inode.Block[0] >> 8) & 0xFF; minor = inode.Block[0] & 0xFF; }
            else { uint d = inode.Block[1]; major = (d & 0xFFF00) >> 8; minor = (d & 0xFF) | ((d >> 12) & 0xFFF00); }
        }
        long mtime = (int)inode.Mtime + ((long)inode.TimeEpoch << 32); // signed 32 bits + epoch bits
        return new Ext3Stat(ino, kind, (uint)(inode.Mode & 0xFFF), inode.Uid, inode.Gid, inode.Size, mtime,
            inode.LinksCount, major, minor, kind == Ext3FileType.Symlink ? ReadSymlink(inode) : null);
    }

    private string ReadSymlink(Inode inode)
    {
        var bytes = new byte[inode.Size];
        // Fast symlink: no blocks of its own (an extended-attribute block does not count).
        long eaBlocks = inode.FileAcl != 0 ? BlockSize / 512 : 0;
        bool fast = inode.Blocks512 - eaBlocks == 0 || (inode.Flags & InodeFlags.InlineData) != 0;
        if (fast && inode.Size <= 60)
        {
            var raw = new byte[60];
            for (int i = 0; i < 15; i++) System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(i * 4), inode.Block[i]);
            raw.AsSpan(0, bytes.Length).CopyTo(bytes);
        }
        else
        {
            using var s = new Ext3FileStream(this, inode);
            s.ReadExactly(bytes);
        }
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>A read-only stream over a regular file's content (holes read as zeros).</summary>
    public Stream OpenFile(string path)
    {
        var (_, inode) = Resolve(path);
        if (!inode.IsRegular) throw new IOException($"{path}: not a regular file");
        return new Ext3FileStream(this, inode);
    }

    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }
}

public sealed partial class Ext3Image
{
    /// <summary>Structural problems found (empty = consistent). Reads the whole metadata; does not repair.</summary>
    public IReadOnlyList<string> Verify() => new Ext3Verifier(this).Run();
}
