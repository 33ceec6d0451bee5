// The one timestamp of a reproducible build: SOURCE_DATE_EPOCH if set (reproducible-builds.org), else a fixed date.
namespace Crashcart.ImageBuilder.Staging;

public static class BuildEpoch
{
    /// <summary>2024-01-01T00:00:00Z: fixed, so builds without SOURCE_DATE_EPOCH are reproducible too.</summary>
    public const long Default = 1704067200;

    /// <summary>SOURCE_DATE_EPOCH, or <see cref="Default"/>. A malformed value is a FormatException naming it.</summary>
    public static long FromEnvironment() => Packing.SourceDateEpoch.FromEnvironment() ?? Default;
}
