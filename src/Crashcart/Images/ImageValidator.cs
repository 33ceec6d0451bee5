// Checks a toolbox image before it is attached to a loop device, so a wrong file gives a clear
// "not an ext3 image" instead of a kernel EINVAL from mount.
namespace Crashcart.Images;

public static class ImageValidator
{
    public static void Validate(string path)
    {
        FileInfo info;
        try { info = new FileInfo(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new CrashcartException($"toolbox image {path}: {e.Message}", e); }
        if (!info.Exists) throw new CrashcartException($"toolbox image {path}: no such file");
        if (info.Length == 0) throw new CrashcartException($"toolbox image {path}: empty file, not an ext3 image");
        // TODO: Ext3Probe.CheckMountable(stream) from Crashcart.Ext3 once it exists (magic + mountable features).
    }
}
