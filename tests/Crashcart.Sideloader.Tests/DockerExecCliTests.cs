// End to end through the built crashcart executable: the --docker-exec path and target errors
// as a user sees them (exit code 125 and one line on stderr).
using Crashcart.Sideloader.Tests.Fixtures;
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests;

public class DockerExecCliTests
{
    [SkippableFact]
    public void DockerExec_RunsTheToolAndCleansUp()
    {
        Prerequisites.RequireDocker();
        Prerequisites.RequireLoopDevices();
        using var img = ToolboxImage.PrivateCopy();
        using var c = TestContainer.Start(TestImages.Busybox);
        var r = CrashcartProcess.Run(["-i", img.Path, "-x", "-T", "-e", ToolboxImage.ShellInContainer, "-c",
            "cat /dev/crashcart/TOOLBOX; echo err >&2; exit 3", c.Name]);
        Assert.True(r.ExitCode == 3, r.ToString());
        Assert.Equal(ToolboxImage.MarkerContent, r.Stdout);
        Assert.Contains("err\n", r.Stderr);
        LeakAssert.NoLeaks(c, img.Path);
    }

    [SkippableFact]
    public void DockerExec_WorksInADistrolessContainer_WithStdin()
    {
        Prerequisites.RequireDocker();
        Prerequisites.RequireLoopDevices();
        using var img = ToolboxImage.PrivateCopy();
        using var c = TestContainer.Start(TestImages.Distroless);
        var r = CrashcartProcess.Run(["-i", img.Path, "-x", "-T", "-e", ToolboxImage.ShellInContainer, "-c", "ls /; wc -c", c.Id[..12]],
            stdin: "12345");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("app\n", r.Stdout);
        Assert.EndsWith("5\n", r.Stdout);
        LeakAssert.NoLeaks(c, img.Path);
    }

    [SkippableFact]
    public void UnknownTarget_Is125WithOneLine()
    {
        Prerequisites.RequireDocker();
        var name = $"crashcart-test-missing-{Guid.NewGuid():N}";
        var r = CrashcartProcess.Run(["-i", ToolboxImage.Path, "-e", "true", name]);
        Assert.Equal(ExitCodes.CrashcartFailed, r.ExitCode);
        Assert.Contains($"no such container or process: '{name}'", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [SkippableFact]
    public void StoppedTarget_Is125()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Create(TestImages.Busybox);
        var r = CrashcartProcess.Run(["-i", ToolboxImage.Path, "-e", "true", c.Name]);
        Assert.Equal(ExitCodes.CrashcartFailed, r.ExitCode);
        Assert.Contains($"container '{c.Name}' is not running (status: created)", r.Stderr);
    }

    [SkippableFact]
    public void DockerHostPointingNowhere_SaysTheDaemonIsUnreachable()
    {
        var sock = $"unix:///tmp/crashcart-test-{Guid.NewGuid():N}.sock";
        var r = CrashcartProcess.Run(["-i", ToolboxImage.Path, "-e", "true", "web"], env: new Dictionary<string, string?> { ["DOCKER_HOST"] = sock });
        Assert.Equal(ExitCodes.CrashcartFailed, r.ExitCode);
        Assert.Contains($"cannot reach the Docker daemon at {sock}: no such socket (is dockerd running?) (looking up 'web')", r.Stderr);
    }
}
