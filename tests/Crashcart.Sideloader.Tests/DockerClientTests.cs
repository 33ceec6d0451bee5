// DockerClient against the real daemon: list, inspect, exec create/start/resize/inspect, errors.
using System.Text;
using Crashcart.Docker;
using Crashcart.Sideloader.Tests.Fixtures;
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests;

public class DockerClientTests
{
    private static readonly DockerClient Client = new(DockerEndpoint.Parse(DockerEndpoint.DefaultUri));

    [SkippableFact]
    public void List_ShowsRunningAndStoppedContainers()
    {
        Prerequisites.RequireDocker();
        using var running = TestContainer.Start(TestImages.Busybox);
        using var created = TestContainer.Create(TestImages.Busybox);
        var all = Client.ListContainers();
        var r = Assert.Single(all, c => c.Id == running.Id);
        Assert.Equal(["/" + running.Name], r.Names);
        Assert.Equal(running.Name, r.DisplayName);
        Assert.Equal("running", r.State);
        Assert.Equal("created", Assert.Single(all, c => c.Id == created.Id).State);
    }

    [SkippableFact]
    public void Inspect_GivesPidStateAndConfig()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Busybox, "-e", "FOO=bar baz", "--user", "1000:1000", "-w", "/home/app");
        var d = Client.InspectContainer(c.Name);
        Assert.NotNull(d);
        Assert.Equal(c.Id, d.Id);
        Assert.Equal("/" + c.Name, d.Name);
        Assert.Equal(c.Name, d.DisplayName);
        Assert.True(d.State.Running);
        Assert.Equal("running", d.State.Status);
        Assert.Equal(c.Pid, d.State.Pid);
        Assert.Contains("FOO=bar baz", d.Config.Env!);
        Assert.Equal("1000:1000", d.Config.User);
        Assert.Equal("/home/app", d.Config.WorkingDir);

        c.Stop();
        var stopped = Client.InspectContainer(c.Id);
        Assert.False(stopped!.State.Running);
        Assert.Equal("exited", stopped.State.Status);
        Assert.Equal(0, stopped.State.Pid);
    }

    [SkippableFact]
    public void Inspect_UnknownContainer_IsNull()
    {
        Prerequisites.RequireDocker();
        Assert.Null(Client.InspectContainer($"crashcart-test-missing-{Guid.NewGuid():N}"));
    }

    [SkippableFact]
    public async Task Exec_NonTty_KeepsStdoutAndStderrApart_PassesStdinAndEof_AndExitCode()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Busybox);
        var execId = Client.CreateExec(c.Id, new ExecCreateRequest
        {
            AttachStdin = true,
            Cmd = ["sh", "-c", "echo out; echo err >&2; cat; echo after-eof; exit 7"],
        });
        using var stream = Client.StartExec(execId, tty: false);
        await stream.WriteAsync(Encoding.ASCII.GetBytes("from stdin\n"));
        stream.CloseWrite(); // cat only ends on EOF: this proves the half-close reaches the process
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        await new MultiplexedStreamReader(stream).CopyToAsync(stdout, stderr).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("out\nfrom stdin\nafter-eof\n", Encoding.ASCII.GetString(stdout.ToArray()));
        Assert.Equal("err\n", Encoding.ASCII.GetString(stderr.ToArray()));
        var info = WaitDone(execId);
        Assert.Equal(7, info.ExitCode);
        Assert.Equal(execId, info.Id);
    }

    [SkippableFact]
    public async Task Exec_Tty_IsRawTerminalStream_AndResizeApplies()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Busybox);
        var execId = Client.CreateExec(c.Id, new ExecCreateRequest
        {
            AttachStdin = true,
            Tty = true,
            Cmd = ["sh", "-c", "read line; tty; stty size; echo err >&2; exit 3"],
        });
        using var stream = Client.StartExec(execId, tty: true);
        Client.ResizeExec(execId, 33, 99);
        await stream.WriteAsync(Encoding.ASCII.GetBytes("go\r"));
        var output = new MemoryStream();
        await stream.CopyToAsync(output).WaitAsync(TimeSpan.FromSeconds(30));
        var text = Encoding.ASCII.GetString(output.ToArray());
        Assert.Contains("/dev/pts/", text);
        Assert.Contains("33 99\r\n", text);
        Assert.Contains("err\r\n", text); // stderr shares the terminal
        Assert.Equal(3, WaitDone(execId).ExitCode);
    }

    [SkippableFact]
    public async Task Exec_MissingCommand_FailsToStart_WithTheRuntimeMessage()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Start(TestImages.Distroless);
        var execId = Client.CreateExec(c.Id, new ExecCreateRequest { Cmd = ["/bin/sh"] });
        using var stream = Client.StartExec(execId, tty: false);
        var all = new MemoryStream();
        await new MultiplexedStreamReader(stream).CopyToAsync(all, all).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("/bin/sh", Encoding.UTF8.GetString(all.ToArray()));
        var done = WaitDone(execId);
        // 126 from daemons up to 20.10, 127 from newer ones; DockerExecRunner makes both 127.
        Assert.Contains(done.ExitCode, new int?[] { 126, 127 });
        Assert.Equal(0, done.Pid);
    }

    [SkippableFact]
    public void CreateExec_InStoppedContainer_CarriesTheDaemonMessage()
    {
        Prerequisites.RequireDocker();
        using var c = TestContainer.Create(TestImages.Busybox);
        var e = Assert.Throws<DockerApiException>(() => Client.CreateExec(c.Id, new ExecCreateRequest { Cmd = ["true"] }));
        Assert.Equal(DockerApiException.Conflict, e.Status);
        Assert.Contains("is not running", e.DaemonMessage);
        Assert.StartsWith("Docker daemon: ", e.Message);
    }

    [SkippableFact]
    public void StartExec_UnknownExec_IsNotFound()
    {
        Prerequisites.RequireDocker();
        var e = Assert.Throws<DockerApiException>(() => Client.StartExec(new string('0', 64), tty: false));
        Assert.Equal(DockerApiException.NotFound, e.Status);
    }

    [Fact]
    public void MissingSocket_IsUnreachable_NamingTheAddress()
    {
        var sock = $"/tmp/crashcart-test-{Guid.NewGuid():N}.sock";
        var client = new DockerClient(DockerEndpoint.Parse($"unix://{sock}"));
        var e = Assert.Throws<DockerUnreachableException>(() => client.ListContainers());
        Assert.Equal($"cannot reach the Docker daemon at unix://{sock}: no such socket (is dockerd running?)", e.Message);
    }

    [Fact]
    public void ClosedTcpPort_IsUnreachable()
    {
        // Bind then release a port so nothing listens on it.
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        int port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        var client = new DockerClient(DockerEndpoint.Parse($"tcp://127.0.0.1:{port}"));
        var e = Assert.Throws<DockerUnreachableException>(() => client.Ping());
        Assert.Equal($"cannot reach the Docker daemon at tcp://127.0.0.1:{port}: connection refused (is dockerd running?)", e.Message);
    }

    [Fact]
    public void SocketNobodyListensOn_IsRefused()
    {
        // A bound unix socket that does not listen (like a stale one): connect gets ECONNREFUSED.
        using var dead = new FakeSocket(listen: false);
        var client = new DockerClient(DockerEndpoint.Parse($"unix://{dead.Path}"));
        var e = Assert.Throws<DockerUnreachableException>(() => client.Ping());
        Assert.Equal($"cannot reach the Docker daemon at unix://{dead.Path}: connection refused (is dockerd running?)", e.Message);
    }

    [Fact]
    public async Task SilentDaemon_TimesOut()
    {
        // Accepts the connection, reads the request, never answers.
        using var server = new FakeSocket(listen: true);
        string sock = server.Path;
        var accepted = server.Socket.AcceptAsync();
        try
        {
            var client = new DockerClient(DockerEndpoint.Parse($"unix://{sock}"), TimeSpan.FromMilliseconds(300));
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var e = await Task.Run(() => Assert.Throws<DockerUnreachableException>(() => client.ListContainers())).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal($"cannot reach the Docker daemon at unix://{sock}: GET /containers/json?all=1: no answer within 0.3 s", e.Message);
            Assert.InRange(sw.ElapsedMilliseconds, 250, 5000);
        }
        finally
        {
            (await accepted).Dispose();
        }
    }

    [Fact]
    public async Task SomethingElseOnTheSocket_IsReportedNotHung()
    {
        // A server that answers garbage and closes: the client must fail with a one-line error.
        using var server = new FakeSocket(listen: true);
        var serve = Task.Run(async () =>
        {
            using var conn = await server.Socket.AcceptAsync();
            await conn.ReceiveAsync(new byte[4096]);
            await conn.SendAsync(Encoding.ASCII.GetBytes("SSH-2.0-nope\r\n\r\n"));
        });
        var client = new DockerClient(DockerEndpoint.Parse($"unix://{server.Path}"));
        var e = await Task.Run(() => Assert.Throws<DockerUnreachableException>(() => client.ListContainers())).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("not an HTTP response", e.Message);
        await serve;
    }

    /// <summary>A unix socket at a unique path standing in for a daemon (bound, optionally listening);
    /// Dispose closes it and removes the path.</summary>
    private sealed class FakeSocket : IDisposable
    {
        public string Path { get; } = $"/tmp/crashcart-test-{Guid.NewGuid():N}.sock";
        public System.Net.Sockets.Socket Socket { get; } =
            new(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);

        public FakeSocket(bool listen)
        {
            Socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(Path));
            if (listen) Socket.Listen();
        }

        public void Dispose()
        {
            Socket.Dispose();
            File.Delete(Path);
        }
    }

    private static ExecDetails WaitDone(string execId)
    {
        for (int i = 0; i < 200; i++)
        {
            var info = Client.InspectExec(execId);
            if (!info.Running && info.ExitCode != null) return info;
            Thread.Sleep(10);
        }
        throw new TimeoutException($"exec {execId} did not finish");
    }
}
