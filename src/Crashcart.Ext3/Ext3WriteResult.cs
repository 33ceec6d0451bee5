// What Ext3Writer.Write produced: sizes, counts and the UUID it used.
namespace Crashcart.Ext3;

public sealed record Ext3WriteResult(long ImageBytes, long BlockCount, long InodeCount, long UsedBlocks, long UsedInodes, long MinimumBytes, Guid Uuid);
