// Things going wrong: crashcart or the command killed, the container stopping mid-session, bad
// images, Docker unreachable, not root. crashcart must fail with one clear line (125) and leave
// nothing behind, or be reclaimable by the next run / --cleanup.
using System.Diagnostics;
using Crashcart.Sideloader.Tests.Fixtures;
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests;

public class FaultTests
{
    /// <summary>Starts crashcart in the background running <paramref name="command"/>; returns once the command runs in the container.</summary>
    private static Process StartBackground(SessionScenario s, params string[] command)
    {
        var p = CrashcartProcess.Start(["-i", s.Image.Path, "-e", .. command, s.Container.Name]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (ToolboxProcesses(s.Container.Pid).Count == 0)
        {
            if (p.HasExited) throw new InvalidOperationException($"crashcart exited early ({p.ExitCode}): {p.StandardError.ReadToEnd()}");
            if (DateTime.UtcNow > deadline) { p.Kill(); throw new TimeoutException("command did not start in the container"); }
            Thread.Sleep(50);
        }
        return p;
    }

    /// <summary>Host PIDs of live processes running a toolbox program in the container's PID namespace.</summary>
    private static List<int> ToolboxProcesses(int containerPid)
    {
        var ns = new FileInfo($"/proc/{containerPid}/ns/pid").LinkTarget;
        var found = new List<int>();
        foreach (var d in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(d), out var pid)) continue;
            try
            {
                if (new FileInfo($"{d}/ns/pid").LinkTarget != ns) continue;
                if ((new FileInfo($"{d}/exe").LinkTarget ?? "").StartsWith("/dev/crashcart/", StringComparison.Ordinal)) found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    private static bool Mounted(int pid) => File.ReadAllLines($"/proc/{pid}/mountinfo").Any(l => l.Split(' ')[4] == "/dev/crashcart");

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Killed_crashcart_is_reclaimed_by_the_next_run_or_by_cleanup(bool useCleanup)
    {
        using var s = SessionScenario.Start();
        using var p = StartBackground(s, "sleep", "1000");
        p.Kill(); // SIGKILL: no chance to clean up
        p.WaitForExit();
        Assert.True(Mounted(s.Container.Pid), "the mount should survive a SIGKILLed crashcart");
        Assert.NotEmpty(ToolboxProcesses(s.Container.Pid));

        if (useCleanup)
        {
            var r = CrashcartProcess.Run(["--cleanup"]);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Contains("reclaimed", r.Stderr);
        }
        else
        {
            var r = s.Exec("cat", "/dev/crashcart/TOOLBOX");
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Equal(ToolboxImage.MarkerContent, r.Stdout);
        }
        s.AssertNoLeaks();
    }

    [SkippableFact]
    public void Killed_command_gives_128_plus_9()
    {
        using var s = SessionScenario.Start();
        using var p = StartBackground(s, "sleep", "1000");
        foreach (var pid in ToolboxProcesses(s.Container.Pid)) Exec.Check("kill", "-KILL", pid.ToString());
        Assert.True(p.WaitForExit(30_000));
        Assert.Equal(137, p.ExitCode);
        s.AssertNoLeaks();
    }

    [SkippableFact]
    public void Signals_to_crashcart_reach_the_command()
    {
        using var s = SessionScenario.Start();
        using var p = StartBackground(s, "sh", "-c", "trap 'echo got-term; exit 7' TERM; echo trap-set; while true; do sleep 0.1; done");
        Assert.Equal("trap-set", p.StandardOutput.ReadLine()); // the shell has installed its trap
        Exec.Check("kill", "-TERM", p.Id.ToString());
        Assert.True(p.WaitForExit(30_000));
        Assert.Equal(7, p.ExitCode);
        Assert.Equal("got-term\n", p.StandardOutput.ReadToEnd());
        s.AssertNoLeaks();
    }

    [SkippableFact]
    public void Container_stopping_mid_session_ends_the_session_cleanly()
    {
        using var s = SessionScenario.Start();
        var mntNs = new FileInfo($"/proc/{s.Container.Pid}/ns/mnt").LinkTarget!;
        var ino = mntNs[(mntNs.IndexOf('[') + 1)..mntNs.IndexOf(']')];
        using var p = StartBackground(s, "sleep", "1000");
        s.Container.Stop();
        Assert.True(p.WaitForExit(30_000), "crashcart kept running after its container stopped");
        Assert.Equal(137, p.ExitCode);
        LeakAssert.NoLoopDevice(s.Image.Path);
        Assert.False(Directory.Exists($"/run/crashcart/{ino}"), "registry of the stopped container left behind");
    }

    [SkippableTheory]
    [InlineData("missing", "no such file")]
    [InlineData("empty", "empty")]
    [InlineData("garbage", "not an ext2/3/4 filesystem")]
    public void Bad_image_is_refused_with_its_path(string kind, string reason)
    {
        using var s = SessionScenario.Start();
        using var dir = new TempDir("crashcart-badimg");
        var img = dir.Combine($"{kind}.img");
        if (kind == "empty") File.WriteAllBytes(img, []);
        if (kind == "garbage") File.WriteAllBytes(img, Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 7)).ToArray());
        var r = CrashcartProcess.Run(["-i", img, "-e", "true", s.Container.Name]);
        Assert.Equal(125, r.ExitCode);
        Assert.Contains(img, r.Stderr);
        Assert.Contains(reason, r.Stderr);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        LeakAssert.NoMount(s.Container.Pid);
        LeakAssert.NoLoopDevice(img);
        SessionScenario.AssertNoRegistry(s.Container.Pid);
    }

    [SkippableFact]
    public void No_image_anywhere_says_where_it_looked_and_how_to_build_one()
    {
        using var s = SessionScenario.Start();
        var env = new Dictionary<string, string?> { ["CRASHCART_IMAGE"] = "/nonexistent/x.img" };
        ExecResult r;
        if (Directory.Exists("/var/lib/crashcart"))
        {
            // This host has a system image dir (e.g. from the demo): hide it behind an empty tmpfs
            // in a private mount namespace of crashcart's own, so the test runs here too.
            Prerequisites.RequireTool("unshare");
            var (file, prefix) = CrashcartProcess.Command;
            r = Exec.Run("unshare", ["-m", "--propagation", "private", "sh", "-c",
                    "mount -t tmpfs crashcart-test-empty /var/lib/crashcart && exec \"$@\"", "sh", file, .. prefix, "-e", "true", s.Container.Name],
                env: env);
        }
        else r = CrashcartProcess.Run(["-e", "true", s.Container.Name], env: env);
        Assert.Equal(125, r.ExitCode);
        Assert.Contains("/nonexistent/x.img", r.Stderr);
        Assert.Contains("/var/lib/crashcart/crashcart.img", r.Stderr);
        Assert.Contains("crashcart-image build", r.Stderr);
    }

    [SkippableFact]
    public void Docker_unreachable_fails_for_names_but_pids_still_work()
    {
        using var s = SessionScenario.Start();
        var env = new Dictionary<string, string?> { ["DOCKER_HOST"] = "unix:///nonexistent.sock" };
        var byName = s.Crashcart(["-e", "true", s.Container.Name], env: env);
        Assert.Equal(125, byName.ExitCode);
        Assert.Contains("nonexistent", byName.Stderr);
        var byPid = s.Crashcart(["-e", "cat", "/dev/crashcart/TOOLBOX", s.Container.Pid.ToString()], env: env);
        Assert.True(byPid.ExitCode == 0, byPid.ToString());
        s.AssertNoLeaks();
    }

    [SkippableFact]
    public void Not_root_is_a_clear_error()
    {
        using var s = SessionScenario.Start();
        Prerequisites.RequireTool("setpriv");
        // nobody runs a world-readable copy of crashcart, wherever the repository was cloned.
        using var programs = WorldReadableCopy.OfTestOutput();
        string Moved(string a) => a.StartsWith(AppContext.BaseDirectory, StringComparison.Ordinal)
            ? programs.Combine(Path.GetRelativePath(AppContext.BaseDirectory, a)) : a;
        var (file, prefix) = CrashcartProcess.Command;
        var r = Exec.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", Moved(file), .. prefix.Select(Moved), "-i", s.Image.Path, "-e", "true", s.Container.Pid.ToString()],
            env: new Dictionary<string, string?> { ["HOME"] = "/tmp", ["DOTNET_CLI_HOME"] = "/tmp" });
        Assert.Equal(125, r.ExitCode);
        Assert.Contains("root", r.Stderr);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        s.AssertNoLeaks();
    }
}
