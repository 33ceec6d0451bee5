// A cheap pre-mount check used by the sideloader: can this file be mounted read-only as ext3?
// Reads only the superblock. The kernel's ext3 mode (ext4 driver) refuses incompat features
// beyond filetype/meta_bg, and a read-only loop device cannot replay a journal.
using Crashcart.Ext3.Format;

namespace Crashcart.Ext3;

public static class Ext3Probe
{
    private const IncompatFeatures Ext3Incompat = IncompatFeatures.FileType | IncompatFeatures.MetaBg;

    /// <summary>Null if the image can be mounted read-only as ext3; otherwise a one-line reason.</summary>
    public static string? CheckMountable(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long length = stream.Length;
        if (length == 0) return "file is empty";
        if (length < Ext3Constants.SuperblockOffset + Ext3Constants.SuperblockSize)
            return $"truncated: {length} bytes is too small to hold an ext2/3/4 superblock";
        var raw = new byte[Ext3Constants.SuperblockSize];
        stream.Position = Ext3Constants.SuperblockOffset;
        stream.ReadExactly(raw);
        var sb = Ext3Superblock.Parse(raw);
        if (sb.Magic != Ext3Constants.SuperblockMagic) return "bad magic: not an ext2/3/4 filesystem";
        if (sb.LogBlockSize > 6) return $"corrupt superblock: block size 2^{sb.LogBlockSize + 10}";
        if (sb.BlocksPerGroup == 0 || sb.InodesPerGroup == 0) return "corrupt superblock: zero blocks or inodes per group";
        if (sb.RevLevel > Ext3Constants.DynamicRevision) return $"unsupported revision level {sb.RevLevel}";
        var incompat = (IncompatFeatures)sb.FeatureIncompat;
        if ((incompat & IncompatFeatures.Recover) != 0) return "needs journal recovery (it was not unmounted cleanly); run e2fsck on it first";
        var unsupported = incompat & ~(Ext3Incompat | IncompatFeatures.Recover);
        if (unsupported != 0) return $"uses incompatible feature {FeatureNames(unsupported)} (not mountable as ext3)";
        long needed = sb.BlocksCount * sb.BlockSize;
        if (needed > length) return $"truncated: superblock says {needed} bytes, file has {length}";
        return null;
    }

    private static string FeatureNames(IncompatFeatures f)
    {
        var known = KnownNames(f);
        uint rest = (uint)f & ~(uint)Enum.GetValues<IncompatFeatures>().Aggregate((a, b) => a | b);
        return rest == 0 ? known : (known.Length > 0 ? known + "," : "") + $"0x{rest:X}";
    }

    private static string KnownNames(IncompatFeatures f) => string.Join(",", Enum.GetValues<IncompatFeatures>()
        .Where(v => (f & v) != 0).Select(v => v switch
        {
            IncompatFeatures.Extents => "extent",
            IncompatFeatures.Bit64 => "64bit",
            IncompatFeatures.FlexBg => "flex_bg",
            IncompatFeatures.InlineData => "inline_data",
            IncompatFeatures.JournalDev => "journal_dev",
            IncompatFeatures.Compression => "compression",
            IncompatFeatures.Mmp => "mmp",
            IncompatFeatures.EaInode => "ea_inode",
            IncompatFeatures.DirData => "dirdata",
            IncompatFeatures.CsumSeed => "metadata_csum_seed",
            IncompatFeatures.LargeDir => "large_dir",
            IncompatFeatures.Encrypt => "encrypt",
            IncompatFeatures.Casefold => "casefold",
            _ => v.ToString().ToLowerInvariant(),
        }));
}
