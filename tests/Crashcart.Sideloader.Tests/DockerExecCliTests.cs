// End to end through the built crashcart executable: the --docker-exec path and target errors
// as a user sees them (exit code 125 and one line on stderr).
using System.Diagnostics;
using System.Text;
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
    public void DockerExec_OutputToARedirectedFile_KeepsTheSharedOffset()
    {
        // stdout redirected to a file that others append to too (like `crashcart ... >log; echo x >>log`):
        // the tool's output must land at the shared offset, not overwrite from offset 0.
        Prerequisites.RequireDocker();
        Prerequisites.RequireLoopDevices();
        using var img = ToolboxImage.PrivateCopy();
        using var c = TestContainer.Start(TestImages.Busybox);
        using var dir = new TempDir();
        string log = dir.Combine("log");
        foreach (var tty in new[] { "-T", "-t" })
        {
            string cmd = CrashcartProcess.ShellCommandLine(["-i", img.Path, "-x", tty, "-e", ToolboxImage.ShellInContainer, "-c", "echo from-tool", c.Name]);
            var r = Exec.Run("sh", ["-c", $"{{ echo before; {cmd}; echo after; }} >{log} </dev/null"]);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.True("before\nfrom-tool\nafter\n" == File.ReadAllText(log).Replace("\r\n", "\n"), $"{tty}: {File.ReadAllText(log)}\n{r}");
        }
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
    public async Task DockerExec_Tty_IsRawSized_AndRestoresTheTerminal()
    {
        Prerequisites.RequireDocker();
        Prerequisites.RequireLoopDevices();
        Prerequisites.RequireTool("script"); // util-linux: gives crashcart a real pseudo-terminal
        using var img = ToolboxImage.PrivateCopy();
        using var c = TestContainer.Start(TestImages.Busybox);
        var crashcart = CrashcartProcess.ShellCommandLine(["-i", img.Path, "-x", "-t", "-e", ToolboxImage.ShellInContainer, "-c",
            "sleep 2; stty size; echo READY; read x; echo got:$x; exit 7", c.Name]);
        var psi = new ProcessStartInfo("script")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "-qec", $"stty cols 101 rows 31; {crashcart}; echo local-rc=$?; stty -a", "/dev/null" })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        try
        {
            var output = new StringBuilder();
            var reader = Task.Run(async () =>
            {
                var buffer = new char[4096];
                int n;
                while ((n = await p.StandardOutput.ReadAsync(buffer)) > 0)
                    lock (output) output.Append(buffer, 0, n);
            });
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!Snapshot(output).Contains("READY") && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.Contains("READY", Snapshot(output));
            await p.StandardInput.WriteAsync("hello\r"); // a terminal's Enter
            await p.StandardInput.FlushAsync();
            await reader.WaitAsync(TimeSpan.FromSeconds(60));
            var text = Snapshot(output);
            Assert.Contains("31 101\r\n", text);        // the exec's TTY got our window size
            Assert.Contains("got:hello\r\n", text);
            // Echoed once by the container's TTY and once by `echo`; a third copy would mean the local
            // terminal was not raw and echoed the typing too.
            Assert.Equal(3, text.Split("hello").Length);
            Assert.Contains("local-rc=7", text);
            // After crashcart the terminal is cooked again: canonical mode and echo are back.
            var flags = text[text.IndexOf("local-rc=7", StringComparison.Ordinal)..];
            Assert.Matches(@"(^|\s)icanon(\s|$)", flags);
            Assert.Matches(@"(^|\s)echo(\s|$)", flags);
            Assert.DoesNotContain("\x1b[?1h", text); // no console keypad escapes from .NET
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
    }

    private static string Snapshot(StringBuilder sb)
    {
        lock (sb) return sb.ToString();
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
