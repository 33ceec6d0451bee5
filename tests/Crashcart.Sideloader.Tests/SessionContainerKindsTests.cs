// Targets that make sideloading harder: no shell or libc at all, a read-only root filesystem,
// a read-only /dev, and a /dev/crashcart that is not ours.
using Crashcart.Sideloader.Tests.Fixtures;
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests;

public class SessionContainerKindsTests
{
    [SkippableFact]
    public void Distroless_container_gets_a_working_toolbox()
    {
        using var s = SessionScenario.Start(TestImages.Distroless);
        var r = s.Exec("sh", "-c", "ls /; readlink /proc/1/exe; netstat -ltn | grep -c :8080");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("app", r.Stdout);
        Assert.Contains("/app\n1\n", r.Stdout);
        s.AssertNoLeaks();
    }

    [SkippableFact]
    public void Read_only_root_filesystem()
    {
        using var s = SessionScenario.Start(null, TestContainer.ReadOnlyRoot);
        var r = s.Exec("sh", "-c", "touch /x 2>/dev/null && echo writable || echo read-only; cat /dev/crashcart/TOOLBOX");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal($"read-only\n{ToolboxImage.MarkerContent}", r.Stdout);
        s.AssertNoLeaks();
    }

    [SkippableFact]
    public void Read_only_dev_works_and_stays_read_only()
    {
        using var s = SessionScenario.Start();
        s.Container.MakeDevReadOnly();
        Assert.True(DevIsReadOnly(s.Container.Pid));
        var r = s.Exec("cat", "/dev/crashcart/TOOLBOX");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(ToolboxImage.MarkerContent, r.Stdout);
        Assert.True(DevIsReadOnly(s.Container.Pid), "/dev was left writable");
        s.AssertNoLeaks();
    }

    private static bool DevIsReadOnly(int pid)
    {
        var line = File.ReadAllLines($"/proc/{pid}/mountinfo").Last(l => l.Split(' ')[4] == "/dev");
        var f = line.Split(' ');
        var super = f[Array.IndexOf(f, "-") + 3];
        return f[5].Split(',').Contains("ro") || super.Split(',').Contains("ro");
    }

    [SkippableTheory]
    [InlineData("echo mine > /dev/crashcart", "a file")]
    [InlineData("ln -s /tmp /dev/crashcart", "a symlink")]
    [InlineData("mkdir /dev/crashcart && echo x > /dev/crashcart/keep", "not empty")]
    public void Foreign_dev_crashcart_is_refused_and_left_alone(string setup, string message)
    {
        using var s = SessionScenario.Start();
        Assert.Equal(0, s.Container.Exec("sh", "-c", setup).ExitCode);
        var before = s.Container.Exec("ls", "-la", "/dev/crashcart").Stdout;
        var r = s.Exec("true");
        Assert.Equal(125, r.ExitCode);
        Assert.Contains(message, r.Stderr);
        Assert.Contains("/dev/crashcart", r.Stderr);
        Assert.Equal(before, s.Container.Exec("ls", "-la", "/dev/crashcart").Stdout);
        LeakAssert.NoLoopDevice(s.Image.Path);
    }

    [SkippableFact]
    public void Someone_elses_mount_at_dev_crashcart_is_refused()
    {
        using var s = SessionScenario.Start();
        Exec.Check("nsenter", "-t", s.Container.Pid.ToString(), "-m", "sh", "-c", "mkdir /dev/crashcart && mount -t tmpfs other /dev/crashcart");
        var r = s.Exec("true");
        Assert.Equal(125, r.ExitCode);
        Assert.Contains("already a mount", r.Stderr);
        Assert.Contains(File.ReadAllLines($"/proc/{s.Container.Pid}/mountinfo"), l => l.Split(' ')[4] == "/dev/crashcart");
        LeakAssert.NoLoopDevice(s.Image.Path);
    }
}
