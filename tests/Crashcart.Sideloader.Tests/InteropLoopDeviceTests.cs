// LoopDevice against the real kernel: read-only + autoclear attach, and detach when the last
// descriptor closes (what makes a SIGKILLed crashcart leak-free). e2fsck judges the device content.
using Crashcart.Loop;
using Crashcart.Sideloader.Tests.Fixtures;
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests;

public class InteropLoopDeviceTests
{
    [SkippableFact]
    public void Attach_is_read_only_with_autoclear_and_detaches_on_close()
    {
        Prerequisites.RequireLoopDevices();
        using var img = ToolboxImage.PrivateCopy();
        string name;
        using (var loop = LoopDevice.Attach(img.Path))
        {
            name = Path.GetFileName(loop.Path);
            var sys = $"/sys/block/{name}";
            Assert.Equal(img.Path, File.ReadAllText($"{sys}/loop/backing_file").Trim());
            Assert.Equal("1", File.ReadAllText($"{sys}/ro").Trim());
            Assert.Equal("1", File.ReadAllText($"{sys}/loop/autoclear").Trim());
            var fsck = Exec.Run("e2fsck", ["-fn", loop.Path]);
            Assert.True(fsck.ExitCode == 0, fsck.ToString());
        }
        LeakAssert.NoLoopDevice(img.Path);
    }

    [SkippableFact]
    public void Parallel_attaches_get_distinct_devices()
    {
        Prerequisites.RequireLoopDevices();
        using var img = ToolboxImage.PrivateCopy();
        var loops = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8).Select(_ => LoopDevice.Attach(img.Path)).ToList();
        try
        {
            Assert.Equal(8, loops.Select(l => l.Path).Distinct().Count());
            Assert.Equal(8, LeakAssert.LoopDevicesBackedBy(img.Path).Count);
        }
        finally
        {
            foreach (var l in loops) l.Dispose();
        }
        LeakAssert.NoLoopDevice(img.Path);
    }

    [SkippableFact]
    public void Missing_image_names_the_path()
    {
        Prerequisites.RequireLoopDevices();
        var path = $"/tmp/crashcart-missing-{Guid.NewGuid():N}.img";
        var e = Assert.ThrowsAny<IOException>(() => LoopDevice.Attach(path));
        Assert.Contains(path, e.Message);
    }
}
