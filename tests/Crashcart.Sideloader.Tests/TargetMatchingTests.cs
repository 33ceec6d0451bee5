// Unit tests for target resolution logic: container matching and the resolver's precedence rules,
// over fake container lists and fake lookups (the real-daemon cases are in TargetResolverDockerTests).
using Crashcart.Docker;
using Crashcart.Targets;
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests;

public class TargetMatchingTests
{
    private static ContainerSummary C(string id, string name, string state = "running") =>
        new() { Id = id.PadRight(64, '0'), Names = ["/" + name], State = state };

    private static readonly ContainerSummary[] List =
    [
        C("ab12cd", "web"), C("ab34ef", "db"), C("c0ffee", "cache"), C("dd", "ab12"),
    ];

    [Theory]
    [InlineData("web", ContainerMatcher.Kind.Name, "web")]
    [InlineData("/web", ContainerMatcher.Kind.Name, "web")]
    [InlineData("c0f", ContainerMatcher.Kind.Prefix, "cache")]
    [InlineData("C0FFEE", ContainerMatcher.Kind.Prefix, "cache")]
    [InlineData("ab3", ContainerMatcher.Kind.Prefix, "db")]
    // A name beats an ID prefix, as in docker.
    [InlineData("ab12", ContainerMatcher.Kind.Name, "ab12")]
    public void Match_FindsOne(string spec, ContainerMatcher.Kind kind, string name)
    {
        var r = ContainerMatcher.Match(List, spec);
        Assert.Equal(kind, r.Kind);
        Assert.Equal(name, r.Single!.DisplayName);
    }

    [Fact]
    public void Match_FullId_BeatsEverything()
    {
        var full = List[2].Id;
        ContainerSummary[] list = [.. List, C("ee", full)]; // a container *named* like another's ID
        var r = ContainerMatcher.Match(list, full);
        Assert.Equal(ContainerMatcher.Kind.FullId, r.Kind);
        Assert.Equal("cache", r.Single!.DisplayName);
    }

    [Fact]
    public void Match_SharedPrefix_IsAmbiguous()
    {
        var r = ContainerMatcher.Match(List, "ab");
        Assert.Equal(ContainerMatcher.Kind.Ambiguous, r.Kind);
        Assert.Equal(["web", "db"], r.Containers.Select(c => c.DisplayName));
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("")]
    [InlineData("webx")]
    public void Match_Nothing(string spec)
    {
        Assert.Equal(ContainerMatcher.Kind.None, ContainerMatcher.Match(List, spec).Kind);
    }

    private sealed class FakeLookup(string name, Func<string, LookupOutcome> find) : ITargetLookup
    {
        public string Name => name;
        public LookupOutcome Find(string spec) => find(spec);
    }

    private static readonly Target Web = new(100, "web", new string('a', 64));
    private static readonly Target Pid = new(42, "pid 42", null);

    private static ITargetLookup Docker(LookupOutcome o) => new FakeLookup("docker", _ => o);
    private static ITargetLookup Proc(LookupOutcome o) => new FakeLookup("/proc", _ => o);

    [Fact]
    public void Resolve_PidBeatsIdPrefix()
    {
        var r = new TargetResolver([Docker(new LookupOutcome.Found(Web, MatchStrength.Prefix)), Proc(new LookupOutcome.Found(Pid, MatchStrength.Pid))]);
        Assert.Equal(Pid, r.Resolve("42"));
    }

    [Fact]
    public void Resolve_ExactNameBeatsPid()
    {
        var r = new TargetResolver([Docker(new LookupOutcome.Found(Web, MatchStrength.Exact)), Proc(new LookupOutcome.Found(Pid, MatchStrength.Pid))]);
        Assert.Equal(Web, r.Resolve("42"));
    }

    [Fact]
    public void Resolve_PidWorksWithDockerDown()
    {
        var down = new DockerUnreachableException("cannot reach the Docker daemon at unix:///x.sock: refused");
        var r = new TargetResolver([Docker(new LookupOutcome.Unavailable(down)), Proc(new LookupOutcome.Found(Pid, MatchStrength.Pid))]);
        Assert.Equal(Pid, r.Resolve("42"));
    }

    [Fact]
    public void Resolve_PidBeatsAmbiguousPrefix()
    {
        var ambiguous = new CrashcartException("'42' matches several containers");
        var r = new TargetResolver([Docker(new LookupOutcome.Rejected(ambiguous)), Proc(new LookupOutcome.Found(Pid, MatchStrength.Pid))]);
        Assert.Equal(Pid, r.Resolve("42"));
    }

    [Fact]
    public void Resolve_RejectionIsReported()
    {
        var stopped = new CrashcartException("container 'web' is not running (status: exited)");
        var r = new TargetResolver([Docker(new LookupOutcome.Rejected(stopped)), Proc(new LookupOutcome.Missing("/proc: not a PID", Applicable: false))]);
        Assert.Same(stopped, Assert.Throws<CrashcartException>(() => r.Resolve("web")));
    }

    [Fact]
    public void Resolve_DockerDownForAName_SaysDockerIsDown()
    {
        var down = new DockerUnreachableException("cannot reach the Docker daemon at unix:///x.sock: refused");
        var r = new TargetResolver([Docker(new LookupOutcome.Unavailable(down)), Proc(new LookupOutcome.Missing("/proc: not a PID", Applicable: false))]);
        var e = Assert.Throws<DockerUnreachableException>(() => r.Resolve("web"));
        Assert.Equal("cannot reach the Docker daemon at unix:///x.sock: refused (looking up 'web')", e.Message);
    }

    [Fact]
    public void Resolve_NothingFound_ListsWhatWasTried()
    {
        var down = new DockerUnreachableException("cannot reach the Docker daemon at unix:///x.sock: refused");
        var r = new TargetResolver([Docker(new LookupOutcome.Unavailable(down)), Proc(new LookupOutcome.Missing("/proc: no process 99999"))]);
        var e = Assert.Throws<CrashcartException>(() => r.Resolve("99999"));
        Assert.Equal("no such container or process: '99999' (tried cannot reach the Docker daemon at unix:///x.sock: refused; /proc: no process 99999)", e.Message);
        Assert.Equal(ExitCodes.CrashcartFailed, e.ExitCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Resolve_EmptySpec_IsAnError(string spec)
    {
        var r = new TargetResolver([Proc(new LookupOutcome.Found(Pid, MatchStrength.Pid))]);
        Assert.Contains("no target given", Assert.Throws<CrashcartException>(() => r.Resolve(spec)).Message);
    }

    [Fact]
    public void PidLookup_UsesProcEntries()
    {
        using var proc = new TempDir("fake-proc");
        Directory.CreateDirectory(proc.Combine("1234"));
        var lookup = new PidLookup(proc.Path);
        var found = Assert.IsType<LookupOutcome.Found>(lookup.Find("1234"));
        Assert.Equal(new Target(1234, "pid 1234", null), found.Target);
        Assert.Equal(MatchStrength.Pid, found.Strength);
        Assert.True(Assert.IsType<LookupOutcome.Missing>(lookup.Find("4321")).Applicable);
        foreach (var notPid in new[] { "web", "-1", "0", "+12", "12a", "99999999999" })
            Assert.False(Assert.IsType<LookupOutcome.Missing>(lookup.Find(notPid)).Applicable, notPid);
    }
}
