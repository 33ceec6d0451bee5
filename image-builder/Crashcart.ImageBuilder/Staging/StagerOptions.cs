// Host facts the stager depends on, injectable so tests can point it at fake trees.
using Crashcart.ImageBuilder.Relocation;

namespace Crashcart.ImageBuilder.Staging;

public sealed record StagerOptions
{
    /// <summary>Where tools named in the manifest are looked up.</summary>
    public IReadOnlyList<string> ToolSearchPath { get; init; } = ToolLocator.SearchDirectories(Environment.GetEnvironmentVariable("PATH"));
    /// <summary>System library directories; null = from /etc/ld.so.conf and the defaults for the tools' machine.</summary>
    public IReadOnlyList<string>? LibraryDirectories { get; init; }
    public DpkgDatabase Dpkg { get; init; } = new();
    /// <summary>Null = found on PATH when staging starts.</summary>
    public Patchelf? Patchelf { get; init; }
    /// <summary>Every staged file and directory gets this mtime (SOURCE_DATE_EPOCH).</summary>
    public long SourceDateEpoch { get; init; } = BuildEpoch.Default;
}
