// TargetResolver against the real daemon and the real /proc: names, IDs, prefixes, PIDs and errors.
using Crashcart.Docker;
using Crashcart.Sideloader.Tests.Fixtures;
using Crashcart.Targets;
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests;

public class TargetResolverDockerTests
{
    private static TargetResolver Resolver(string dockerUri = DockerEndpoint.DefaultUri) =>
        new([new DockerLookup(new DockerClient(DockerEndpoint.Parse(dockerUri))), new PidLookup()]);

    [SkippableFact]
    public void ByNameSlashNameFullIdAndPrefix()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Busybox);
        var expected = new Target(c.Pid, c.Name, c.Id);
        var r = Resolver();
        Assert.Equal(expected, r.Resolve(c.Name));
        Assert.Equal(expected, r.Resolve("/" + c.Name));
        Assert.Equal(expected, r.Resolve(c.Id));
        Assert.Equal(expected, r.Resolve(c.Id[..12]));
        Assert.Equal(expected, r.Resolve(c.Id[..12].ToUpperInvariant()));
    }

    [SkippableFact]
    public void DefaultConstructor_UsesTheDefaultDaemon()
    {
        Prerequisites.RequireDocker();
        Skip.If(Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 }, "DOCKER_HOST is set");
        using var c = TestContainer.Start(TestImages.Distroless);
        Assert.Equal(new Target(c.Pid, c.Name, c.Id), new TargetResolver().Resolve(c.Name));
    }

    [SkippableFact]
    public void HostPid_IsARawPidTarget()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Busybox);
        Assert.Equal(new Target(c.Pid, $"pid {c.Pid}", null), Resolver().Resolve(c.Pid.ToString()));
        Assert.Equal(new Target(Environment.ProcessId, $"pid {Environment.ProcessId}", null), Resolver().Resolve(Environment.ProcessId.ToString()));
    }

    [SkippableFact]
    public void ContainerNamedLikeARunningPid_WinsOverThePid()
    {
        Prerequisites.RequireDocker();
        // Our own PID is running and unique on this host, so no parallel test can take this name.
        var pid = Environment.ProcessId.ToString();
        using var c = TestContainer.StartNamed(pid, TestImages.Busybox);
        Assert.Equal(new Target(c.Pid, pid, c.Id), Resolver().Resolve(pid));
    }

    [SkippableFact]
    public void Unknown_SaysWhatWasTried()
    {
        Prerequisites.RequireDocker();
        var name = $"crashcart-test-missing-{Guid.NewGuid():N}";
        var e = Assert.Throws<CrashcartException>(() => Resolver().Resolve(name));
        Assert.Equal($"no such container or process: '{name}' (tried docker at unix:///var/run/docker.sock: no container with that name or ID; /proc: not a PID)", e.Message);
    }

    [SkippableFact]
    public void UnknownPid_SaysWhatWasTried()
    {
        Prerequisites.RequireDocker();
        var pid = int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim()) + 1; // never a live PID
        var e = Assert.Throws<CrashcartException>(() => Resolver().Resolve(pid.ToString()));
        Assert.StartsWith($"no such container or process: '{pid}' (tried docker at", e.Message);
        Assert.EndsWith($"/proc: no process {pid})", e.Message);
    }

    [SkippableFact]
    public void Stopped_IsNotRunning()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Busybox);
        c.Stop();
        var e = Assert.Throws<CrashcartException>(() => Resolver().Resolve(c.Name));
        Assert.Equal($"container '{c.Name}' is not running (status: exited)", e.Message);
        using var created = TestContainer.Create(TestImages.Busybox);
        var e2 = Assert.Throws<CrashcartException>(() => Resolver().Resolve(created.Id[..12]));
        Assert.Equal($"container '{created.Name}' is not running (status: created)", e2.Message);
    }

    [SkippableFact]
    public void SharedPrefix_IsAmbiguous_NamingTheCandidates()
    {
        Prerequisites.RequireDocker();
        // Created (not started) containers are cheap; make them until two IDs share a first letter.
        // A letter, because a digit like "7" is also a live PID (a kernel thread), and a PID wins.
        var made = new List<TestContainer>();
        try
        {
            (TestContainer A, TestContainer B)? pair = null;
            while (pair == null && made.Count < 100) // 7 letter-first IDs must collide (a-f); ~3 in 8 start with one
            {
                var c = TestContainer.Create(TestImages.Busybox);
                made.Add(c);
                var twin = made.FirstOrDefault(o => o != c && o.Id[0] == c.Id[0] && char.IsAsciiLetter(c.Id[0]));
                if (twin != null) pair = (twin, c);
            }
            var (a, b) = pair!.Value;
            var e = Assert.Throws<CrashcartException>(() => Resolver().Resolve(a.Id[..1]));
            Assert.StartsWith($"'{a.Id[0]}' matches several containers: ", e.Message);
            Assert.Contains($"{a.Id[..12]} ({a.Name})", e.Message);
            Assert.Contains($"{b.Id[..12]} ({b.Name})", e.Message);
        }
        finally
        {
            foreach (var c in made) c.Dispose();
        }
    }

    [Fact]
    public void DockerUnreachable_ForAName_SaysSo()
    {
        var sock = $"unix:///tmp/crashcart-test-{Guid.NewGuid():N}.sock";
        var e = Assert.Throws<DockerUnreachableException>(() => Resolver(sock).Resolve("web"));
        Assert.StartsWith($"cannot reach the Docker daemon at {sock}: ", e.Message);
        Assert.EndsWith("(looking up 'web')", e.Message);
    }

    [Fact]
    public void DockerUnreachable_PidStillResolves()
    {
        var sock = $"unix:///tmp/crashcart-test-{Guid.NewGuid():N}.sock";
        var self = Environment.ProcessId;
        Assert.Equal(new Target(self, $"pid {self}", null), Resolver(sock).Resolve(self.ToString()));
    }
}
