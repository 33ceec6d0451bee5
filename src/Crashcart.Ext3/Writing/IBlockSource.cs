// Produces a file's data blocks in order; the block map writer interleaves indirect blocks.
namespace Crashcart.Ext3.Writing;

internal interface IBlockSource
{
    /// <summary>Fills the next whole blocks (length is a multiple of the block size); unused bytes must be zero.</summary>
    void Fill(Span<byte> blocks);
}
