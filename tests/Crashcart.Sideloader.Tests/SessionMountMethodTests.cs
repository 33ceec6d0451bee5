// --mount-method: the classic mknod + mount(2) path (for kernels without fsopen) against real
// containers, the option's parsing and help text, and the rule that decides the automatic fallback.
using System.Text.RegularExpressions;
using Crashcart.Cli;
using Crashcart.Interop;
using Crashcart.Mounting;
using Crashcart.Sideloader.Tests.Fixtures;
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests;

public class SessionMountMethodTests
{
    // Prints the marker, the mount's source (mount(2) records the node path, fsmount the /dev/loopN),
    // and how many crashcart nodes /dev holds while the command runs.
    private const string Probe =
        "cat /dev/crashcart/TOOLBOX; awk '$5==\"/dev/crashcart\"{print $(NF-1)}' /proc/self/mountinfo; ls -a /dev | grep -c crashcart-loop || true";
    private static readonly Regex MknodOutput = new($"^{Regex.Escape(ToolboxImage.MarkerContent)}/dev/\\.crashcart-loop[0-9]+\n0\n$");

    [SkippableFact]
    public void Mknod_mounts_the_toolbox_in_a_busybox_container()
    {
        using var s = SessionScenario.Start();
        var r = s.Crashcart(["--mount-method", "mknod", "-e", "sh", "-c", Probe, s.Container.Name]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches(MknodOutput, r.Stdout);
        AssertNoNodeLeft(s.Container);
        s.AssertNoLeaks();
    }

    [SkippableFact]
    public void Fsmount_is_what_auto_uses_on_this_kernel()
    {
        // The other side of the mount-source check above: on a kernel with fsopen nothing is created in /dev.
        using var s = SessionScenario.Start();
        var r = s.Crashcart(["--mount-method", "fsmount", "-e", "sh", "-c", Probe, s.Container.Name]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches(new Regex($"^{Regex.Escape(ToolboxImage.MarkerContent)}/dev/loop[0-9]+\n0\n$"), r.Stdout);
        var auto = s.Exec("sh", "-c", Probe);
        Assert.True(auto.ExitCode == 0, auto.ToString());
        Assert.Matches(new Regex("\n/dev/loop[0-9]+\n0\n$"), auto.Stdout);
        s.AssertNoLeaks();
    }

    [SkippableFact]
    public void Mknod_works_in_a_distroless_container()
    {
        using var s = SessionScenario.Start(TestImages.Distroless);
        var r = s.Crashcart(["--mount-method", "mknod", "-e", "sh", "-c", Probe + "; readlink /proc/1/exe", s.Container.Name]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches(new Regex($"^{Regex.Escape(ToolboxImage.MarkerContent)}/dev/\\.crashcart-loop[0-9]+\n0\n/app\n$"), r.Stdout);
        AssertNoNodeLeft(s.Container);
        s.AssertNoLeaks();
    }

    [SkippableFact]
    public void Mknod_works_with_a_read_only_dev_and_leaves_it_read_only()
    {
        using var s = SessionScenario.Start();
        s.Container.MakeDevReadOnly();
        Assert.True(DevIsReadOnly(s.Container.Pid));
        var r = s.Crashcart(["--mount-method", "mknod", "-e", "sh", "-c", Probe, s.Container.Name]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches(MknodOutput, r.Stdout);
        Assert.True(DevIsReadOnly(s.Container.Pid), "/dev was left writable");
        AssertNoNodeLeft(s.Container);
        s.AssertNoLeaks();
    }

    [SkippableFact]
    public void Mknod_mount_only_then_unmount_leaves_nothing()
    {
        using var s = SessionScenario.Start();
        var m = s.Crashcart(["--mount-method", "mknod", "-m", s.Container.Name]);
        Assert.True(m.ExitCode == 0, m.ToString());
        Assert.Equal(ToolboxImage.MarkerContent, File.ReadAllText(s.Container.HostPath("/dev/crashcart/TOOLBOX")));
        AssertNoNodeLeft(s.Container);
        var u = s.Crashcart(["-u", s.Container.Name]);
        Assert.True(u.ExitCode == 0, u.ToString());
        s.AssertNoLeaks();
    }

    [Fact]
    public void Bogus_mount_method_is_a_usage_error()
    {
        var r = CrashcartProcess.Run(["--mount-method", "bogus", "-e", "true", "nosuchcontainer"]);
        Assert.Equal(125, r.ExitCode);
        Assert.Contains("--mount-method: 'bogus' is not one of auto|fsmount|mknod", r.Stderr);
        Assert.DoesNotContain("nosuchcontainer", r.Stderr);
    }

    [Fact]
    public void Help_documents_the_mount_method()
    {
        var r = CrashcartProcess.Run(["--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(new Regex(@"--mount-method <auto\|fsmount\|mknod>"), r.Stdout);
        Assert.Contains("default: auto", r.Stdout);
    }

    [Theory]
    [InlineData(new string[0], MountMethod.Auto)]
    [InlineData(new[] { "--mount-method", "mknod" }, MountMethod.Mknod)]
    [InlineData(new[] { "--mount-method", "FSMOUNT" }, MountMethod.Fsmount)]
    [InlineData(new[] { "--mount-method=auto" }, MountMethod.Auto)]
    [InlineData(new[] { "--mount-method", "mknod", "-m" }, MountMethod.Mknod)]
    public void Mount_method_reaches_the_session_request(string[] options, MountMethod expected)
    {
        string[] argv = [.. options, "web"];
        var split = ArgvSplitter.Split(argv);
        var cl = new CommandLine();
        var inv = Invocation.From(split, cl.Parse(split.Options), cl, stdinIsTerminal: false);
        Assert.Equal(expected, inv.Session!.MountMethod);
        Assert.Equal("web", inv.Session.TargetSpec);
    }

    [Fact]
    public void Only_a_missing_fsopen_falls_back_to_mknod()
    {
        Assert.True(ToolboxMount.LacksNewMountApi(new SyscallException("fsopen", "ext3", Errnos.ENOSYS)));
        Assert.False(ToolboxMount.LacksNewMountApi(new SyscallException("fsopen", "ext3", Errnos.ENODEV)));
        Assert.False(ToolboxMount.LacksNewMountApi(new SyscallException("fsopen", "ext3", Errnos.EPERM)));
        Assert.False(ToolboxMount.LacksNewMountApi(new SyscallException("fsmount", "ext3 /dev/loop0", Errnos.ENOSYS)));
    }

    [Theory]
    [InlineData(7u, 3u, 0x703ul)]
    [InlineData(259u, 0x12345u, 0x12310345ul)] // values from Python's os.makedev
    [InlineData(0x1234u, 7u, 0x100000023407ul)]
    public void MakeDev_matches_glibc(uint major, uint minor, ulong dev) => Assert.Equal(dev, DeviceNodes.MakeDev(major, minor));

    [Fact]
    public void Mount_flags_render_as_names()
    {
        Assert.Equal("MS_RDONLY|MS_NOSUID|MS_NODEV", Mounts.MsFlagNames(ToolboxMount.ClassicFlags));
        Assert.Equal("MS_RDONLY|0x1000", Mounts.MsFlagNames(Mounts.MS_RDONLY | 0x1000));
    }

    private static void AssertNoNodeLeft(TestContainer c)
    {
        var nodes = Directory.EnumerateFileSystemEntries(c.HostPath("/dev"))
            .Where(p => Path.GetFileName(p).StartsWith(".crashcart-loop", StringComparison.Ordinal)).ToList();
        Assert.True(nodes.Count == 0, $"left in {c.Name}'s /dev: {string.Join(", ", nodes)}");
    }

    private static bool DevIsReadOnly(int pid)
    {
        var line = File.ReadAllLines($"/proc/{pid}/mountinfo").Last(l => l.Split(' ')[4] == "/dev");
        var f = line.Split(' ');
        var super = f[Array.IndexOf(f, "-") + 3];
        return f[5].Split(',').Contains("ro") || super.Split(',').Contains("ro");
    }
}
