// Checks a toolbox image before it is attached to a loop device (Ext3Probe reads the superblock),
// so a wrong file gives "not an ext2/3/4 filesystem" instead of a kernel EINVAL from mount.
using Crashcart.Ext3;

namespace Crashcart.Images;

public static class ImageValidator
{
    public static void Validate(string path)
    {
        string? problem;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            problem = Ext3Probe.CheckMountable(stream);
        }
        catch (FileNotFoundException) { throw new CrashcartException($"toolbox image {path}: no such file"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new CrashcartException($"toolbox image {path}: {e.Message}", e);
        }
        if (problem != null) throw new CrashcartException($"toolbox image {path}: {problem}");
    }
}
