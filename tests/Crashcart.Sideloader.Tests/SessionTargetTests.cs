// Every way to name a target, end to end through the CLI, and the clear errors for bad ones.
using Crashcart.Sideloader.Tests.Fixtures;
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests;

public class SessionTargetTests
{
    [SkippableFact]
    public void Name_full_id_id_prefix_and_pid_all_reach_the_same_container()
    {
        using var s = SessionScenario.Start(null, "--hostname", "target-check");
        foreach (var spec in new[] { s.Container.Name, s.Container.Id, s.Container.Id[..12], s.Container.Pid.ToString() })
        {
            var r = s.Crashcart(["-e", "hostname", spec]);
            Assert.True(r.ExitCode == 0, $"{spec}: {r}");
            Assert.Equal("target-check\n", r.Stdout);
        }
        s.AssertNoLeaks();
    }

    [SkippableFact]
    public void Unknown_target_is_a_one_line_error()
    {
        Prerequisites.RequireDocker();
        var name = $"crashcart-missing-{Guid.NewGuid():N}";
        var r = CrashcartProcess.Run(["-i", ToolboxImage.Path, "-e", "true", name]);
        Assert.Equal(125, r.ExitCode);
        Assert.StartsWith("crashcart: ", r.Stderr);
        Assert.Contains(name, r.Stderr);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal("", r.Stdout);
    }

    [SkippableFact]
    public void Stopped_container_is_refused()
    {
        using var s = SessionScenario.Start();
        s.Container.Stop();
        var r = s.Exec("true");
        Assert.Equal(125, r.ExitCode);
        Assert.Contains(s.Container.Name, r.Stderr);
        LeakAssert.NoLoopDevice(s.Image.Path);
    }

    [SkippableFact]
    public void A_process_in_the_hosts_mount_namespace_is_refused()
    {
        Prerequisites.RequireLoopDevices();
        using var img = ToolboxImage.PrivateCopy();
        var r = CrashcartProcess.Run(["-i", img.Path, "-e", "true", Environment.ProcessId.ToString()]);
        Assert.Equal(125, r.ExitCode);
        Assert.Contains("host's mount namespace", r.Stderr);
        Assert.False(Directory.Exists("/dev/crashcart"));
        LeakAssert.NoLoopDevice(img.Path);
    }
}
