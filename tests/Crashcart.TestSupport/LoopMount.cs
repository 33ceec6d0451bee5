// Attaches an image read-only to a loop device (direct I/O: reading big sparse images through the
// page cache twice is several times slower) and mounts it read-only at a unique directory.
// Dispose unmounts, detaches and removes the mount point, also when the test failed.
namespace Crashcart.TestSupport;

public sealed class LoopMount : IDisposable
{
    public string MountPoint { get; }
    private readonly string _loop = "";
    private bool _mounted;

    public LoopMount(string image, string fsType = "ext3")
    {
        Prerequisites.RequireLoopDevices();
        Prerequisites.RequireTool("losetup");
        MountPoint = Path.Combine(Path.GetTempPath(), $"crashcart-mnt-{Guid.NewGuid():N}");
        Directory.CreateDirectory(MountPoint);
        try
        {
            _loop = Exec.Check("losetup", "--direct-io=on", "--read-only", "--find", "--show", image).Stdout.Trim();
            var r = Exec.Run("mount", ["-t", fsType, "-o", "ro", _loop, MountPoint]);
            if (r.ExitCode != 0) throw new InvalidOperationException($"mount -t {fsType} -o ro {image} (via {_loop}) failed: {r}");
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
        if (_mounted)
        {
            for (int attempt = 0; attempt < 10; attempt++)
            {
                if (Exec.Run("umount", [MountPoint]).ExitCode == 0) { _mounted = false; break; }
                Thread.Sleep(200); // a just-closed file can keep the mount busy for a moment
            }
            if (_mounted) { Exec.Run("umount", ["-l", MountPoint]); _mounted = false; }
        }
        // On a still-busy device "losetup -d" sets autoclear: the kernel detaches it once the last user goes.
        if (_loop.Length > 0) Exec.Run("losetup", ["-d", _loop]);
        try { Directory.Delete(MountPoint); } catch (IOException) { }
    }
}
