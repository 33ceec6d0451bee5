// The output file cannot be written where asked: missing or read-only directory, a directory in the way, disk full.
namespace Crashcart.ImageBuilder.Packing;

public sealed class OutputPathException(string path, string message, Exception? inner = null)
    : Exception($"{message}: {path}", inner)
{
    /// <summary>The output path (or its directory) at fault.</summary>
    public string Path { get; } = path;
}
