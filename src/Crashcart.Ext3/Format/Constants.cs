// On-disk constants of ext2/ext3 (and the few ext4 bits the reader must recognise).
// Values from the kernel's Documentation/filesystems/ext4 and e2fsprogs ext2_fs.h.
namespace Crashcart.Ext3.Format;

internal static class Ext3Constants
{
    public const ushort SuperblockMagic = 0xEF53;
    public const int SuperblockOffset = 1024;
    public const int SuperblockSize = 1024;
    public const int GroupDescriptorSize = 32;
    public const int InodeSize = 256;
    /// <summary>Bytes of the large inode used beyond the 128-byte base (covers the *_extra time fields).</summary>
    public const ushort ExtraInodeSize = 32;
    public const int FirstNonReservedInode = 11;
    public const int DirectBlocks = 12;
    public const int MaxNameLength = 255;
    /// <summary>A symlink target shorter than this lives in i_block ("fast symlink").</summary>
    public const int FastSymlinkMax = 60;
    public const int MinJournalBlocks = 1024;

    public const uint RootInode = 2;
    public const uint JournalInode = 8;
    public const uint ResizeInode = 7;
    public const uint LostFoundInode = 11;

    public const ushort StateClean = 1;
    public const ushort ErrorsContinue = 1;
    public const uint DynamicRevision = 1;
    public const byte HashHalfMd4 = 1;
    public const uint FlagSignedHash = 1;
    public const byte JournalBackupBlocks = 1;
}

[Flags]
internal enum CompatFeatures : uint
{
    DirPrealloc = 0x1, ImagicInodes = 0x2, HasJournal = 0x4, ExtAttr = 0x8, ResizeInode = 0x10, DirIndex = 0x20,
    SparseSuper2 = 0x200, FastCommit = 0x400, StableInodes = 0x800, OrphanFile = 0x1000,
}

[Flags]
internal enum IncompatFeatures : uint
{
    Compression = 0x1, FileType = 0x2, Recover = 0x4, JournalDev = 0x8, MetaBg = 0x10, Extents = 0x40,
    Bit64 = 0x80, Mmp = 0x100, FlexBg = 0x200, EaInode = 0x400, DirData = 0x1000, CsumSeed = 0x2000,
    LargeDir = 0x4000, InlineData = 0x8000, Encrypt = 0x10000, Casefold = 0x20000,
}

[Flags]
internal enum RoCompatFeatures : uint
{
    SparseSuper = 0x1, LargeFile = 0x2, BtreeDir = 0x4, HugeFile = 0x8, GdtCsum = 0x10, DirNlink = 0x20,
    ExtraIsize = 0x40, Quota = 0x100, BigAlloc = 0x200, MetadataCsum = 0x400, Readonly = 0x1000,
    Project = 0x2000, Verity = 0x8000, OrphanPresent = 0x10000,
}

/// <summary>i_mode type bits.</summary>
internal static class ModeType
{
    public const ushort Mask = 0xF000;
    public const ushort Fifo = 0x1000, CharDevice = 0x2000, Directory = 0x4000, BlockDevice = 0x6000,
        Regular = 0x8000, Symlink = 0xA000, Socket = 0xC000;
}

/// <summary>The file_type byte of a directory entry (feature "filetype").</summary>
internal static class DirFileType
{
    public const byte Unknown = 0, Regular = 1, Directory = 2, CharDevice = 3, BlockDevice = 4, Fifo = 5, Socket = 6, Symlink = 7;

    public static byte FromMode(ushort mode) => (mode & ModeType.Mask) switch
    {
        ModeType.Regular => Regular,
        ModeType.Directory => Directory,
        ModeType.CharDevice => CharDevice,
        ModeType.BlockDevice => BlockDevice,
        ModeType.Fifo => Fifo,
        ModeType.Socket => Socket,
        ModeType.Symlink => Symlink,
        _ => Unknown,
    };
}

internal static class InodeFlags
{
    public const uint Extents = 0x80000;
    public const uint Index = 0x1000;
    public const uint InlineData = 0x10000000;
    public const uint HugeFile = 0x40000;
}
