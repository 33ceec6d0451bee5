// A throwaway Docker container for one test, removed (docker rm -f) on Dispose even if the test failed.
//
// Usage:
//     Prerequisites.RequireDocker();
//     using var c = TestContainer.Start(TestImages.Busybox);
//     using var ro = TestContainer.Start(TestImages.Busybox, TestContainer.ReadOnlyRoot);   // --read-only --tmpfs /tmp
//     using var d = TestContainer.Start(TestImages.Distroless, "--user", "1000:1000");
//     c.MakeDevReadOnly();          // remounts the container's /dev read-only from the host
//     c.Name; c.Id; c.Pid;          // "crashcart-test-1a2b3c4d", full 64-hex ID, host PID of its init
//     c.Exec("cat", "/etc/passwd")  // `docker exec` for checking state from inside (busybox only)
//     c.Stop();                     // stops it but keeps it (for "not running" tests)
//     TestContainer.Create(image);  // created, never started; TestContainer.StartNamed("1234", image)
//
// Names are unique (Guid) and every container carries the label crashcart-test=1, so a crashed run
// can be cleaned with `docker rm -f $(docker ps -aq --filter label=crashcart-test=1)`.
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests.Fixtures;

public sealed class TestContainer : IDisposable
{
    /// <summary>Read-only root filesystem with a writable /tmp (a common hardened setup).</summary>
    public static readonly string[] ReadOnlyRoot = ["--read-only", "--tmpfs", "/tmp"];

    public string Name { get; }
    public string Id { get; private set; } = "";
    /// <summary>Host PID of the container's init process; 0 once stopped.</summary>
    public int Pid { get; private set; }
    public string Image { get; }

    private TestContainer(string name, string image)
    {
        Name = name;
        Image = image;
    }

    /// <summary>Starts <paramref name="image"/> detached under a unique name and waits until it runs.</summary>
    public static TestContainer Start(string image, params string[] extraDockerRunArgs) =>
        StartNamed(UniqueName(), image, extraDockerRunArgs);

    /// <summary>Like <see cref="Start"/> with a name of the caller's choosing (it must be unique).</summary>
    public static TestContainer StartNamed(string name, string image, params string[] extraDockerRunArgs) =>
        Launch(name, image, ["run", "-d"], extraDockerRunArgs, waitRunning: true);

    /// <summary>`docker create`: the container exists but never ran (status "created", Pid 0).</summary>
    public static TestContainer Create(string image, params string[] extraDockerCreateArgs) =>
        Launch(UniqueName(), image, ["create"], extraDockerCreateArgs, waitRunning: false);

    public static string UniqueName() => $"crashcart-test-{Guid.NewGuid().ToString("N")[..8]}";

    private static TestContainer Launch(string name, string image, string[] verb, string[] extra, bool waitRunning)
    {
        var c = new TestContainer(name, image);
        try
        {
            var run = TestSupport.Exec.Run("docker",
                [.. verb, "--name", c.Name, "--label", "crashcart-test=1", .. extra, image], timeoutMs: 60_000);
            if (run.ExitCode != 0) throw new InvalidOperationException($"docker {verb[0]} {c.Name} ({image}) failed: {run}");
            if (waitRunning) c.WaitRunning(TimeSpan.FromSeconds(30));
            else c.Refresh();
            return c;
        }
        catch
        {
            c.Dispose();
            throw;
        }
    }

    /// <summary>Refreshes Id/Pid from `docker inspect`; returns whether the container runs.</summary>
    public bool Refresh()
    {
        var r = TestSupport.Exec.Check("docker", "inspect", "--format", "{{.Id}} {{.State.Running}} {{.State.Pid}}", Name);
        var parts = r.Stdout.Trim().Split(' ');
        Id = parts[0];
        Pid = int.Parse(parts[2]);
        return parts[1] == "true";
    }

    private void WaitRunning(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!(Refresh() && Pid > 0))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"container {Name} did not reach running state in {timeout.TotalSeconds} s");
            Thread.Sleep(50);
        }
    }

    /// <summary>Stops the container (it stays around, status "exited").</summary>
    public void Stop()
    {
        TestSupport.Exec.Check("docker", "stop", "-t", "2", Name);
        Refresh();
    }

    /// <summary>`docker exec` in the container (needs the command inside it, i.e. busybox).</summary>
    public ExecResult Exec(params string[] argv) =>
        TestSupport.Exec.Run("docker", ["exec", Name, .. argv], timeoutMs: 60_000);

    /// <summary>Remounts the container's /dev read-only from the host (dockerd cannot start one so).
    /// Runs busybox's mount inside the container's mount and PID namespaces (PID too: busybox reads
    /// /proc/self/mounts); an image without /bin/busybox gets a copy for the moment (not with --read-only).</summary>
    public void MakeDevReadOnly()
    {
        const string borrowed = "/busybox-crashcart-fixture"; // busybox dispatches on argv[1] for "busybox*" names
        var busybox = File.Exists(HostPath("/bin/busybox")) ? "/bin/busybox" : borrowed;
        if (busybox == borrowed) TestSupport.Exec.Check("docker", "cp", "/bin/busybox", $"{Name}:{borrowed}");
        try
        {
            var r = TestSupport.Exec.Run("nsenter", ["-t", Pid.ToString(), "-m", "-p", busybox, "mount", "-o", "remount,ro", "/dev"]);
            if (r.ExitCode != 0) throw new InvalidOperationException($"remount /dev ro in {Name} failed: {r}");
        }
        finally
        {
            if (busybox == borrowed) File.Delete(HostPath(borrowed));
        }
    }

    /// <summary>The container's filesystem as seen from the host, through /proc/PID/root.</summary>
    public string HostPath(string pathInContainer) => $"/proc/{Pid}/root{pathInContainer}";

    public void Dispose()
    {
        try { TestSupport.Exec.Run("docker", ["rm", "-f", Name], timeoutMs: 60_000); }
        catch (Exception) { /* best effort: a cleanup failure must not hide the test's own failure */ }
    }
}
