// The host tree being packed cannot be read as asked: missing, unreadable, or a name the image cannot hold.
namespace Crashcart.ImageBuilder.Packing;

public sealed class SourceTreeException(string path, string message, Exception? inner = null)
    : Exception($"{message}: {path}", inner)
{
    /// <summary>The host path at fault.</summary>
    public string Path { get; } = path;
}
