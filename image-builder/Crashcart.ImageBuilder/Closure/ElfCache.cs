// Reads each host file's ELF view once: the closure looks at the same libraries over and over.
using Crashcart.Elf;

namespace Crashcart.ImageBuilder.Closure;

public sealed class ElfCache
{
    private readonly Dictionary<string, ElfFile?> byPath = new(StringComparer.Ordinal);

    /// <summary>The ELF view of <paramref name="path"/>, or null if it is not an ELF file (or not a readable regular file).
    /// A file with ELF magic that does not parse throws <see cref="InvalidDataException"/> naming the path.</summary>
    public ElfFile? TryRead(string path)
    {
        lock (byPath)
        {
            if (byPath.TryGetValue(path, out var cached)) return cached;
        }
        ElfFile? elf = null;
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            Span<byte> magic = stackalloc byte[4];
            if (fs.Length >= 4 && fs.Read(magic) == 4 && ElfFile.HasElfMagic(magic))
                elf = ElfFile.Read(fs);
        }
        catch (InvalidDataException e) { throw new InvalidDataException($"{path}: {e.Message}", e); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { elf = null; }
        lock (byPath) byPath[path] = elf;
        return elf;
    }
}
