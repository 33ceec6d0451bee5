// Attaches an image read-only to a loop device (direct I/O: reading big sparse images through
// the page cache twice is several times slower) and mounts it as ext3 at a unique directory.
// Dispose unmounts and detaches, also when the test failed.
using Crashcart.TestSupport;

namespace Crashcart.Ext3.Tests.Support;

public sealed class MountedImage : IDisposable
{
    public string MountPoint { get; }
    private readonly string _loop;
    private bool _mounted;

    public MountedImage(string imagePath)
    {
        Prerequisites.RequireLoopDevices();
        Prerequisites.RequireTool("losetup");
        MountPoint = Path.Combine(Path.GetTempPath(), $"ext3-mnt-{Guid.NewGuid():N}");
        Directory.CreateDirectory(MountPoint);
        _loop = Exec.Check("losetup", "--direct-io=on", "--read-only", "--find", "--show", imagePath).Stdout.Trim();
        try
        {
            Exec.Check("mount", "-t", "ext3", "-o", "ro", _loop, MountPoint);
            _mounted = true;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_mounted) { Exec.Run("umount", [MountPoint]); _mounted = false; }
        if (_loop.Length > 0) Exec.Run("losetup", ["-d", _loop]);
        try { Directory.Delete(MountPoint); } catch (IOException) { }
    }
}
