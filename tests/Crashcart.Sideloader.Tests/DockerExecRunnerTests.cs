// DockerExecRunner against real containers: stdio routing, stdin EOF, env/user/workdir, TTY size,
// exit codes (incl. 126/127 for exec failures), large output and cancellation.
using System.Text;
using Crashcart.Docker;
using Crashcart.Running;
using Crashcart.Sideloader.Tests.Fixtures;
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests;

public class DockerExecRunnerTests
{
    private static readonly DockerExecRunner Runner = new(new DockerClient(DockerEndpoint.Parse(DockerEndpoint.DefaultUri)));

    private sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    private static async Task<Outcome> Run(DockerExecRequest request, string? stdin = null, Func<(int, int)?>? size = null,
        CancellationToken ct = default)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var input = stdin == null ? null : new MemoryStream(Encoding.UTF8.GetBytes(stdin));
        var code = await Runner.RunAsync(request, input, stdout, stderr, size, ct).WaitAsync(TimeSpan.FromSeconds(60));
        return new Outcome(code, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [SkippableFact]
    public async Task NonTty_SeparatesStreams_AndReturnsTheExitCode()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Busybox);
        var r = await Run(new DockerExecRequest(c.Id, ["sh", "-c", "echo out; echo err >&2; exit 42"], []));
        Assert.Equal(new Outcome(42, "out\n", "err\n"), r);
    }

    [SkippableFact]
    public async Task Stdin_IsDelivered_ThenEof()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Busybox);
        var r = await Run(new DockerExecRequest(c.Name, ["sh", "-c", "wc -l; echo done"], []), stdin: "a\nb\nc\n");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("3\ndone\n", r.Stdout);
    }

    [SkippableFact]
    public async Task NoStdin_MeansImmediateEof()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Busybox);
        var r = await Run(new DockerExecRequest(c.Name, ["sh", "-c", "cat; echo eof"], []));
        Assert.Equal(new Outcome(0, "eof\n", ""), r);
    }

    [SkippableFact]
    public async Task EnvUserAndWorkDir_AreApplied()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Busybox, "-e", "FROM_IMAGE=1");
        var r = await Run(new DockerExecRequest(c.Id, ["sh", "-c", "echo $FOO:$FROM_IMAGE; id -u; pwd"], ["FOO=bar baz"],
            User: "1000:1000", WorkDir: "/home/app"));
        Assert.Equal(new Outcome(0, "bar baz:1\n1000\n/home/app\n", ""), r);
    }

    [SkippableFact]
    public async Task Tty_MergesOutput_AndAppliesTheWindowSize()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Busybox);
        var r = await Run(new DockerExecRequest(c.Id, ["sh", "-c", "sleep 0.3; stty size; echo err >&2; [ -t 0 ] && echo tty; exit 5"], [], Tty: true),
            size: () => (40, 120));
        Assert.Equal(5, r.ExitCode);
        Assert.Equal("", r.Stderr);
        Assert.Equal("40 120\r\nerr\r\ntty\r\n", r.Stdout);
    }

    [SkippableFact]
    public async Task MissingCommand_Is127()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Distroless);
        var abs = await Run(new DockerExecRequest(c.Id, ["/bin/sh"], []));
        Assert.Equal(ExitCodes.NotFound, abs.ExitCode);
        Assert.Contains("/bin/sh", abs.Stdout + abs.Stderr);
        var onPath = await Run(new DockerExecRequest(c.Id, ["strace"], ["PATH=/nowhere"]));
        Assert.Equal(ExitCodes.NotFound, onPath.ExitCode);
    }

    [SkippableFact]
    public async Task NotExecutable_Is126()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Busybox);
        var r = await Run(new DockerExecRequest(c.Id, ["/etc/passwd"], []));
        Assert.Equal(ExitCodes.CannotExecute, r.ExitCode);
    }

    [SkippableFact]
    public async Task ProcessExiting126Itself_Stays126()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Busybox);
        var r = await Run(new DockerExecRequest(c.Id, ["sh", "-c", "echo 'OCI runtime exec failed: executable file not found'; exit 126"], []));
        Assert.Equal(126, r.ExitCode);
    }

    [SkippableFact]
    public async Task LargeOutput_ArrivesWhole()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Busybox);
        var stdout = new MemoryStream();
        var code = await Runner.RunAsync(new DockerExecRequest(c.Id, ["sh", "-c", "head -c 3000000 /dev/urandom | base64 -w 0; echo"], []),
            null, stdout, Stream.Null).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, code);
        Assert.Equal(4_000_001, stdout.Length);
    }

    [SkippableFact]
    public async Task Cancellation_StopsWaiting()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Busybox);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Runner.RunAsync(new DockerExecRequest(c.Id, ["sleep", "1000"], []), null, Stream.Null, Stream.Null, null, cts.Token));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"took {sw.Elapsed}");
    }

    [SkippableFact]
    public async Task StoppedContainer_IsADaemonError()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Create(TestImages.Busybox);
        var e = await Assert.ThrowsAsync<DockerApiException>(() => Run(new DockerExecRequest(c.Id, ["true"], [])));
        Assert.Contains("is not running", e.Message);
    }
}
