// One problem found in a manifest, located by file, line and field path.
namespace Crashcart.ImageBuilder.Manifest;

public sealed record ManifestError(string FileName, int Line, string? Field, string Message)
{
    /// <summary>"toolbox-manifest.yaml:12: tools[3].path: file not found".</summary>
    public override string ToString() =>
        Field is null or "" ? $"{FileName}:{Line}: {Message}" : $"{FileName}:{Line}: {Field}: {Message}";
}
