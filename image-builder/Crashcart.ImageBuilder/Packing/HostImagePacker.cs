// The pack pipeline: scan the host tree, write the ext3 image into an atomic temp file, commit.
using Crashcart.Ext3;
using Serilog;

namespace Crashcart.ImageBuilder.Packing;

public static class HostImagePacker
{
    /// <summary>
    /// Packs <paramref name="sourceDir"/> into <paramref name="outputPath"/>. On any exception no output
    /// and no temp file is left. Throws <see cref="SourceTreeException"/>, <see cref="OutputPathException"/>,
    /// and the writer's <see cref="Ext3InputException"/> / <see cref="ImageTooSmallException"/>.
    /// </summary>
    public static Ext3WriteResult Pack(string sourceDir, string outputPath, Ext3Options options, OwnerPolicy owner, bool showProgressBar)
    {
        // Scan before creating the temp file: if the output lives inside the source tree, the temp file must not be packed.
        var tree = HostTreeScanner.Scan(sourceDir, owner);
        foreach (var w in tree.Warnings) Log.Warning("{Warning}", w);
        Log.Debug("scanned {Count} entries, {Bytes} bytes of file content, from {Source}", tree.Entries.Count, tree.ContentBytes, sourceDir);

        using var output = AtomicFileWriter.Create(outputPath);
        // A content file that cannot be opened surfaces as the writer's Ext3InputException, whose
        // message carries our SourceTreeException text (with the host path).
        var result = PackProgress.Run($"packing {Path.GetFileName(output.FinalPath)}", tree.ContentBytes, showProgressBar,
            progress => Ext3Writer.Write(tree.Entries, output.Stream, options, progress));
        output.Commit();
        Log.Information(
            "packed {Count} entries ({Content:F1} MiB of file content) from {Source} into {Output}: {Size:F1} MiB, " +
            "{UsedBlocks}/{Blocks} blocks and {UsedInodes}/{Inodes} inodes used, minimum {Min:F1} MiB, UUID {Uuid}",
            tree.Entries.Count, tree.ContentBytes / 1048576.0, Path.GetFullPath(sourceDir), output.FinalPath,
            result.ImageBytes / 1048576.0, result.UsedBlocks, result.BlockCount, result.UsedInodes, result.InodeCount,
            result.MinimumBytes / 1048576.0, result.Uuid);
        return result;
    }
}
