// Public entry point of the ext3 writer: validate entries → build the tree → plan the layout → write.
namespace Crashcart.Ext3;

using Crashcart.Ext3.Writing;

public static class Ext3Writer
{
    /// <summary>
    /// Writes an ext3 image of <paramref name="entries"/> to <paramref name="output"/> (seekable and writable;
    /// its length is set to the image size and its previous content discarded).
    /// Throws <see cref="Ext3InputException"/> for invalid entries and <see cref="ImageTooSmallException"/>
    /// when <see cref="Ext3Options.Size"/> cannot hold them.
    /// </summary>
    public static Ext3WriteResult Write(IReadOnlyList<FsEntry> entries, Stream output, Ext3Options options, IProgress<long>? contentBytesWritten = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!output.CanSeek || !output.CanWrite) throw new ArgumentException("the output stream must be seekable and writable", nameof(output));
        var tree = TreeBuilder.Build(entries, options);
        var plan = LayoutPlanner.Plan(tree, options);
        return new ImageWriter(tree, plan, options, contentBytesWritten).Write(output);
    }

    /// <summary>Smallest image size in bytes (no headroom) that holds these entries with these options.</summary>
    public static long MinimumSize(IReadOnlyList<FsEntry> entries, Ext3Options options)
    {
        var tree = TreeBuilder.Build(entries, options);
        return LayoutPlanner.MinimumBlocks(tree.BlockSize, LayoutPlanner.DataBlocksNeeded(tree), tree.LastIno) * tree.BlockSize;
    }
}
