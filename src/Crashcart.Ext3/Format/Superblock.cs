// The ext2/3/4 superblock (1024 bytes at byte 1024 and, as backups, at the start of sparse_super groups):
// a typed view used by the writer (WriteTo) and the reader (Parse). Little-endian throughout.
using System.Buffers.Binary;
using System.Text;

namespace Crashcart.Ext3.Format;

public sealed record Ext3Superblock
{
    public uint InodesCount { get; init; }
    public long BlocksCount { get; init; }
    public long ReservedBlocks { get; init; }
    public long FreeBlocks { get; init; }
    public uint FreeInodes { get; init; }
    public uint FirstDataBlock { get; init; }
    public int LogBlockSize { get; init; }
    public int BlockSize => 1024 << LogBlockSize;
    public uint BlocksPerGroup { get; init; }
    public uint InodesPerGroup { get; init; }
    public uint MountTime { get; init; }
    public uint WriteTime { get; init; }
    public ushort MountCount { get; init; }
    public short MaxMountCount { get; init; } = -1;
    public ushort Magic { get; init; } = Ext3Constants.SuperblockMagic;
    public ushort State { get; init; } = Ext3Constants.StateClean;
    public ushort Errors { get; init; } = Ext3Constants.ErrorsContinue;
    public uint LastCheck { get; init; }
    public uint RevLevel { get; init; } = Ext3Constants.DynamicRevision;
    public uint FirstInode { get; init; } = Ext3Constants.FirstNonReservedInode;
    public ushort InodeSize { get; init; } = Ext3Constants.InodeSize;
    public ushort BlockGroupNumber { get; init; }
    public uint FeatureCompat { get; init; }
    public uint FeatureIncompat { get; init; }
    public uint FeatureRoCompat { get; init; }
    public Guid Uuid { get; init; }
    public string VolumeName { get; init; } = "";
    public ushort ReservedGdtBlocks { get; init; }
    public uint JournalInode { get; init; }
    public uint JournalDevice { get; init; }
    public uint LastOrphan { get; init; }
    public Guid HashSeed { get; init; }
    public byte DefaultHashVersion { get; init; }
    public byte JournalBackupType { get; init; }
    public ushort DescriptorSize { get; init; }
    public uint MkfsTime { get; init; }
    /// <summary>s_jnl_blocks: copy of the journal inode's i_block[15], i_size_high, i_size.</summary>
    public uint[] JournalBlocks { get; init; } = new uint[17];
    public ushort MinExtraIsize { get; init; }
    public ushort WantExtraIsize { get; init; }
    public uint Flags { get; init; }
    public byte LogGroupsPerFlex { get; init; }

    public bool HasJournal => (FeatureCompat & (uint)CompatFeatures.HasJournal) != 0;
    internal bool Is64Bit => (FeatureIncompat & (uint)IncompatFeatures.Bit64) != 0;
    internal int GroupDescriptorSize => Is64Bit && DescriptorSize >= 64 ? DescriptorSize : Ext3Constants.GroupDescriptorSize;
    internal long GroupCount => (BlocksCount - FirstDataBlock + BlocksPerGroup - 1) / BlocksPerGroup;

    internal static Ext3Superblock Parse(ReadOnlySpan<byte> b)
    {
        var jnl = new uint[17];
        for (int i = 0; i < 17; i++) jnl[i] = U32(b, 268 + i * 4);
        uint incompat = U32(b, 96);
        bool is64 = (incompat & (uint)IncompatFeatures.Bit64) != 0;
        return new Ext3Superblock
        {
            InodesCount = U32(b, 0),
            BlocksCount = U32(b, 4) | (is64 ? (long)U32(b, 336) << 32 : 0),
            ReservedBlocks = U32(b, 8) | (is64 ? (long)U32(b, 340) << 32 : 0),
            FreeBlocks = U32(b, 12) | (is64 ? (long)U32(b, 344) << 32 : 0),
            FreeInodes = U32(b, 16),
            FirstDataBlock = U32(b, 20),
            LogBlockSize = (int)U32(b, 24),
            BlocksPerGroup = U32(b, 32),
            InodesPerGroup = U32(b, 40),
            MountTime = U32(b, 44),
            WriteTime = U32(b, 48),
            MountCount = U16(b, 52),
            MaxMountCount = (short)U16(b, 54),
            Magic = U16(b, 56),
            State = U16(b, 58),
            Errors = U16(b, 60),
            LastCheck = U32(b, 64),
            RevLevel = U32(b, 76),
            FirstInode = U32(b, 76) >= 1 ? U32(b, 84) : Ext3Constants.FirstNonReservedInode,
            InodeSize = U32(b, 76) >= 1 ? U16(b, 88) : (ushort)128,
            BlockGroupNumber = U16(b, 90),
            FeatureCompat = U32(b, 92),
            FeatureIncompat = incompat,
            FeatureRoCompat = U32(b, 100),
            Uuid = new Guid(b.Slice(104, 16), bigEndian: true),
            VolumeName = Encoding.UTF8.GetString(b.Slice(120, 16)).TrimEnd('\0'),
            ReservedGdtBlocks = U16(b, 206),
            JournalInode = U32(b, 224),
            JournalDevice = U32(b, 228),
            LastOrphan = U32(b, 232),
            HashSeed = new Guid(b.Slice(236, 16), bigEndian: true),
            DefaultHashVersion = b[252],
            JournalBackupType = b[253],
            DescriptorSize = U16(b, 254),
            MkfsTime = U32(b, 264),
            JournalBlocks = jnl,
            MinExtraIsize = U16(b, 348),
            WantExtraIsize = U16(b, 350),
            Flags = U32(b, 352),
            LogGroupsPerFlex = b[372],
        };
    }

    /// <summary>Writes the full 1024-byte superblock; bytes not modelled stay zero.</summary>
    internal void WriteTo(Span<byte> b)
    {
        b[..Ext3Constants.SuperblockSize].Clear();
        W32(b, 0, InodesCount);
        W32(b, 4, (uint)BlocksCount);
        W32(b, 8, (uint)ReservedBlocks);
        W32(b, 12, (uint)FreeBlocks);
        W32(b, 16, FreeInodes);
        W32(b, 20, FirstDataBlock);
        W32(b, 24, (uint)LogBlockSize);
        W32(b, 28, (uint)LogBlockSize); // s_log_cluster_size: no bigalloc, so equal to the block size
        W32(b, 32, BlocksPerGroup);
        W32(b, 36, BlocksPerGroup); // s_clusters_per_group
        W32(b, 40, InodesPerGroup);
        W32(b, 44, MountTime);
        W32(b, 48, WriteTime);
        W16(b, 52, MountCount);
        W16(b, 54, (ushort)MaxMountCount);
        W16(b, 56, Magic);
        W16(b, 58, State);
        W16(b, 60, Errors);
        W32(b, 64, LastCheck);
        W32(b, 76, RevLevel);
        W32(b, 84, FirstInode);
        W16(b, 88, InodeSize);
        W16(b, 90, BlockGroupNumber);
        W32(b, 92, FeatureCompat);
        W32(b, 96, FeatureIncompat);
        W32(b, 100, FeatureRoCompat);
        Uuid.TryWriteBytes(b.Slice(104, 16), bigEndian: true, out _);
        Encoding.UTF8.GetBytes(VolumeName, b.Slice(120, 16));
        W16(b, 206, ReservedGdtBlocks);
        W32(b, 224, JournalInode);
        W32(b, 228, JournalDevice);
        W32(b, 232, LastOrphan);
        HashSeed.TryWriteBytes(b.Slice(236, 16), bigEndian: true, out _);
        b[252] = DefaultHashVersion;
        b[253] = JournalBackupType;
        W16(b, 254, DescriptorSize);
        W32(b, 264, MkfsTime);
        for (int i = 0; i < 17; i++) W32(b, 268 + i * 4, JournalBlocks[i]);
        W16(b, 348, MinExtraIsize);
        W16(b, 350, WantExtraIsize);
        W32(b, 352, Flags);
        b[372] = LogGroupsPerFlex;
    }

    private static uint U32(ReadOnlySpan<byte> b, int o) => BinaryPrimitives.ReadUInt32LittleEndian(b[o..]);
    private static ushort U16(ReadOnlySpan<byte> b, int o) => BinaryPrimitives.ReadUInt16LittleEndian(b[o..]);
    private static void W32(Span<byte> b, int o, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(b[o..], v);
    private static void W16(Span<byte> b, int o, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(b[o..], v);
}
