// Shared set-up for end-to-end sideloading tests: one container, one private image copy, and the
// leak checks every scenario ends with (no mount, no loop device, no toolbox process, no registry).
using Crashcart.Sideloader.Tests.Fixtures;
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests;

public sealed class SessionScenario : IDisposable
{
    public TestContainer Container { get; }
    public ToolboxImage.PrivateImage Image { get; }

    private SessionScenario(TestContainer c, ToolboxImage.PrivateImage img)
    {
        Container = c;
        Image = img;
    }

    /// <summary>Requires root + loop devices + Docker, then starts <paramref name="image"/> (default busybox).</summary>
    public static SessionScenario Start(string? image = null, params string[] dockerRunArgs)
    {
        Prerequisites.RequireLoopDevices();
        Prerequisites.RequireDocker();
        var img = ToolboxImage.PrivateCopy();
        try { return new SessionScenario(TestContainer.Start(image ?? TestImages.Busybox, dockerRunArgs), img); }
        catch
        {
            img.Dispose();
            throw;
        }
    }

    /// <summary>crashcart -i IMAGE ARGS... (the target is up to the caller).</summary>
    public ExecResult Crashcart(IEnumerable<string> args, string? stdin = null, IDictionary<string, string?>? env = null, int timeoutMs = 60_000) =>
        CrashcartProcess.Run(["-i", Image.Path, .. args], stdin, env, timeoutMs);

    /// <summary>crashcart -i IMAGE -e COMMAND... CONTAINER.</summary>
    public ExecResult Exec(params string[] command) => Crashcart(["-e", .. command, Container.Name]);

    /// <summary>Nothing left: mount, loop device, toolbox processes, session registry.</summary>
    public void AssertNoLeaks()
    {
        LeakAssert.NoLeaks(Container, Image.Path);
        AssertNoRegistry(Container.Pid);
    }

    public static void AssertNoRegistry(int pid)
    {
        var link = new FileInfo($"/proc/{pid}/ns/mnt").LinkTarget!;
        var ino = link[(link.IndexOf('[') + 1)..link.IndexOf(']')];
        Assert.False(Directory.Exists($"/run/crashcart/{ino}"), $"session registry /run/crashcart/{ino} left behind");
    }

    public void Dispose()
    {
        Container.Dispose();
        Image.Dispose();
    }
}
