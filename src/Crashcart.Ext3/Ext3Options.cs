// Options that shape an image: size policy, identity, block size, time clamping.
namespace Crashcart.Ext3;

public sealed record Ext3Options
{
    /// <summary>1024, 2048 or 4096.</summary>
    public int BlockSize { get; init; } = 4096;
    /// <summary>Exact image size in bytes; null = smallest that fits plus headroom.</summary>
    public long? Size { get; init; }
    /// <summary>Extra space over the minimum, as a fraction (0.10 = 10%). Ignored when Size is set.</summary>
    public double HeadroomFraction { get; init; } = 0.10;
    /// <summary>Extra space over the minimum in bytes, added to the fractional headroom.</summary>
    public long HeadroomBytes { get; init; }
    /// <summary>Volume label, at most 16 bytes.</summary>
    public string Label { get; init; } = "";
    /// <summary>Null = derived from the content.</summary>
    public Guid? Uuid { get; init; }
    /// <summary>Null = derived from the content.</summary>
    public Guid? HashSeed { get; init; }
    /// <summary>SOURCE_DATE_EPOCH: entry times are clamped to it and superblock times use it.</summary>
    public long? SourceDateEpoch { get; init; }
}
