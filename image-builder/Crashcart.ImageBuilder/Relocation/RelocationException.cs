// A staged file could not be made relocatable (patchelf failed, a script's interpreter is not in the toolbox).
namespace Crashcart.ImageBuilder.Relocation;

public sealed class RelocationException(string path, string message, Exception? inner = null)
    : Exception($"{path}: {message}", inner)
{
    public string Path { get; } = path;
}
