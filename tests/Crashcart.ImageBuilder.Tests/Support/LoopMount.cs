// A read-only loop mount of an image for the duration of a test; Dispose unmounts (the loop device
// is set up with autoclear by mount(8), so it goes away with the mount) and removes the mount point.
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests.Support;

public sealed class LoopMount : IDisposable
{
    public string MountPoint { get; }

    public LoopMount(string image, string fsType = "ext3")
    {
        Prerequisites.RequireLoopDevices();
        MountPoint = Path.Combine(Path.GetTempPath(), $"crashcart-mnt-{Guid.NewGuid():N}");
        Directory.CreateDirectory(MountPoint);
        var r = Exec.Run("mount", ["-t", fsType, "-o", "ro,loop", image, MountPoint]);
        if (r.ExitCode != 0)
        {
            Directory.Delete(MountPoint);
            throw new InvalidOperationException($"mount -o ro,loop {image} failed: {r}");
        }
    }

    public void Dispose()
    {
        for (int attempt = 0; attempt < 10; attempt++)
        {
            if (Exec.Run("umount", [MountPoint]).ExitCode == 0) break;
            Thread.Sleep(200); // a just-closed file can keep the mount busy for a moment
        }
        try { Directory.Delete(MountPoint); } catch (IOException) { Exec.Run("umount", ["-l", MountPoint]); }
    }
}
