// The data producers for the block map builder: file content streamed from FsEntry.OpenContent
// (checked to deliver exactly Size bytes), a slow symlink's target, and the empty journal.
using Crashcart.Ext3.Format;

namespace Crashcart.Ext3.Writing;

internal sealed class ContentSource(TreeNode node, Stream stream, Action<long> progress) : IBlockSource
{
    private long _remaining = node.Size;

    public void Fill(Span<byte> blocks)
    {
        int want = (int)Math.Min(blocks.Length, _remaining);
        int got = stream.ReadAtLeast(blocks[..want], want, throwOnEndOfStream: false);
        if (got < want)
            throw new Ext3InputException(node.Path, $"content stream ended after {node.Size - _remaining + got} bytes but the entry's size is {node.Size}");
        blocks[want..].Clear();
        _remaining -= want;
        progress(want);
    }

    /// <summary>After all blocks: the stream must be at its end.</summary>
    public void CheckAtEnd()
    {
        Span<byte> one = stackalloc byte[1];
        if (stream.Read(one) > 0)
            throw new Ext3InputException(node.Path, $"content stream is longer than the entry's size {node.Size}");
    }
}

internal sealed class SymlinkSource(byte[] target) : IBlockSource
{
    public void Fill(Span<byte> blocks)
    {
        blocks.Clear();
        target.CopyTo(blocks);
    }
}

internal sealed class JournalSource(int blockSize, uint journalBlocks, Guid uuid) : IBlockSource
{
    private bool _first = true;

    public void Fill(Span<byte> blocks)
    {
        blocks.Clear();
        if (_first) JournalSuperblock.WriteEmpty(blocks, blockSize, journalBlocks, uuid);
        _first = false;
    }
}
