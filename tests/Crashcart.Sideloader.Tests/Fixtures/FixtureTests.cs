// Tests of the test fixtures themselves: the images are what they claim, the toolbox image is a
// valid ext3 with the promised tree, and LeakAssert really fails on a leak.
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests.Fixtures;

public class FixtureTests
{
    [SkippableFact]
    public void Busybox_HasShellUsersAndRuns()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Busybox);
        Assert.True(c.Pid > 0);
        Assert.True(Directory.Exists($"/proc/{c.Pid}"));
        Assert.Equal(64, c.Id.Length);
        var id = c.Exec("id", "app");
        Assert.Equal(0, id.ExitCode);
        Assert.Contains("uid=1000(app) gid=1000(app)", id.Stdout);
        Assert.True(File.Exists(c.HostPath("/bin/busybox")));
    }

    [SkippableFact]
    public void Distroless_HoldsOnlyAppAndListens()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Distroless);
        Assert.True(File.Exists(c.HostPath("/app")));
        Assert.False(Directory.Exists(c.HostPath("/bin")));
        Assert.False(Directory.Exists(c.HostPath("/lib")));
        Assert.False(Directory.Exists(c.HostPath("/usr")));
        Assert.NotEqual(0, c.Exec("/bin/sh", "-c", "true").ExitCode);
        // 0.0.0.0:8080 (0x1F90) in state LISTEN (0A), as seen in the container's network namespace.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        bool listening;
        while (!(listening = File.ReadAllLines($"/proc/{c.Pid}/net/tcp").Any(l => l.Contains("00000000:1F90 00000000:0000 0A")))
               && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.True(listening, "distroless /app does not listen on 8080");
    }

    [SkippableFact]
    public void Distroless_StopsPromptlyOnSigterm()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Distroless);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        c.Stop();
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"docker stop took {sw.Elapsed}");
        Assert.Equal("0", Exec.Check("docker", "inspect", "--format", "{{.State.ExitCode}}", c.Name).Stdout.Trim());
    }

    [SkippableFact]
    public void TestContainer_ReadOnlyVariants()
    {
        Prerequisites.RequireDocker();
        Prerequisites.RequireTool("nsenter");
        using var c = TestContainer.Start(TestImages.Busybox, TestContainer.ReadOnlyRoot);
        Assert.NotEqual(0, c.Exec("touch", "/x").ExitCode);
        Assert.Equal(0, c.Exec("touch", "/tmp/x").ExitCode);
        Assert.Equal(0, c.Exec("mkdir", "/dev/before").ExitCode);
        c.MakeDevReadOnly();
        var after = c.Exec("mkdir", "/dev/after");
        Assert.NotEqual(0, after.ExitCode);
        Assert.Contains("Read-only", after.Stderr);
    }

    [SkippableFact]
    public void TestContainer_MakeDevReadOnly_WorksWithoutAShell()
    {
        Prerequisites.RequireDocker();
        Prerequisites.RequireTool("nsenter");
        using var c = TestContainer.Start(TestImages.Distroless);
        c.MakeDevReadOnly();
        var dev = File.ReadAllLines($"/proc/{c.Pid}/mountinfo").Single(l => l.Split(' ')[4] == "/dev");
        Assert.Contains("ro", dev.Split(' ')[5].Split(','));
        Assert.False(File.Exists(c.HostPath("/busybox-crashcart-fixture")));
    }

    private static string? SafeExe(int pid)
    {
        try { return new FileInfo($"/proc/{pid}/exe").LinkTarget; }
        catch (IOException) { return null; }
    }

    [SkippableFact]
    public void TestContainer_DisposeRemovesIt()
    {
        Prerequisites.RequireDocker();
        string name;
        using (var c = TestContainer.Start(TestImages.Busybox)) name = c.Name;
        Assert.NotEqual(0, Exec.Run("docker", ["inspect", name]).ExitCode);
    }

    [SkippableFact]
    public void ToolboxImage_IsCleanExt3WithTheTree()
    {
        Prerequisites.RequireTool("e2fsck");
        Prerequisites.RequireTool("debugfs");
        using var img = ToolboxImage.PrivateCopy();
        var fsck = Exec.Run("e2fsck", ["-fn", img.Path]);
        Assert.True(fsck.ExitCode == 0, fsck.ToString());
        Assert.Contains("has_journal", Exec.Check("dumpe2fs", "-h", img.Path).Stdout);
        var ls = Exec.Check("debugfs", "-R", "ls -l /bin", img.Path).Stdout;
        foreach (var tool in new[] { "busybox", "sh", "ls", "cat", "env", "id", "ps", "sleep", "bash" })
            Assert.Matches($@"\s{tool}\s*\n", ls);
        Assert.Equal("busybox", Exec.Check("debugfs", "-R", "stat /bin/sh", img.Path).Stdout
            .Split('\n').First(l => l.Contains("Fast link dest")).Split('"')[1]);
        Assert.Equal(ToolboxImage.MarkerContent, Exec.Check("debugfs", "-R", "cat /TOOLBOX", img.Path).Stdout);
    }

    [SkippableFact]
    public void LeakAssert_FailsOnAMountAndPassesAfterCleanup()
    {
        Prerequisites.RequireDocker();
        Prerequisites.RequireTool("nsenter");
        using var c = TestContainer.Start(TestImages.Busybox);
        LeakAssert.NoMount(c.Pid);
        var pid = c.Pid.ToString();
        Exec.Check("nsenter", "-t", pid, "-m", "mkdir", "/dev/crashcart");
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => LeakAssert.NoMount(c.Pid)); // empty dir left behind
        LeakAssert.NoMount(c.Pid, allowEmptyMountPoint: true);
        Exec.Check("nsenter", "-t", pid, "-m", "mount", "-t", "tmpfs", "none", "/dev/crashcart");
        try
        {
            var e = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => LeakAssert.NoMount(c.Pid, allowEmptyMountPoint: true));
            Assert.Contains("/dev/crashcart", e.Message);
        }
        finally
        {
            Exec.Run("nsenter", ["-t", pid, "-m", "umount", "/dev/crashcart"]);
        }
        Exec.Check("nsenter", "-t", pid, "-m", "rmdir", "/dev/crashcart");
        LeakAssert.NoMount(c.Pid);
    }

    [SkippableFact]
    public void LeakAssert_FailsOnALoopDeviceAndPassesAfterDetach()
    {
        Prerequisites.RequireLoopDevices();
        Prerequisites.RequireTool("losetup");
        using var img = ToolboxImage.PrivateCopy();
        LeakAssert.NoLoopDevice(img.Path);
        var dev = Exec.Check("losetup", "-f", "--show", "-r", img.Path).Stdout.Trim();
        try
        {
            Assert.Equal([Path.GetFileName(dev)], LeakAssert.LoopDevicesBackedBy(img.Path));
            var e = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => LeakAssert.NoLoopDevice(img.Path));
            Assert.Contains(Path.GetFileName(dev), e.Message);
        }
        finally
        {
            Exec.Run("losetup", ["-d", dev]);
        }
        LeakAssert.NoLoopDevice(img.Path);
    }

    [SkippableFact]
    public void LeakAssert_FailsOnAToolboxProcess()
    {
        Prerequisites.RequireDocker();
        Prerequisites.RequireTool("nsenter");
        using var c = TestContainer.Start(TestImages.Busybox);
        var pid = c.Pid.ToString();
        LeakAssert.NoToolboxProcess(c.Pid);
        // A process whose executable lives under /dev/crashcart, like a tool left running by a session.
        Exec.Check("nsenter", "-t", pid, "-m", "sh", "-c", "mkdir /dev/crashcart && cp /bin/busybox /dev/crashcart/sleep");
        Exec.Check("docker", "exec", "-d", c.Name, "/dev/crashcart/sleep", "1000");
        // `docker exec -d` returns before the process exists: wait until the host sees it.
        List<int> stray = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(10); stray.Count == 0 && DateTime.UtcNow < deadline; Thread.Sleep(20))
            stray = Directory.EnumerateDirectories("/proc")
                .Select(d => int.TryParse(Path.GetFileName(d), out var n) ? n : 0)
                .Where(n => n > 0 && SafeExe(n) == "/dev/crashcart/sleep").ToList();
        Assert.Single(stray);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => LeakAssert.NoToolboxProcess(c.Pid));
        System.Diagnostics.Process.GetProcessById(stray[0]).Kill();
        LeakAssert.NoToolboxProcess(c.Pid);
    }
}
