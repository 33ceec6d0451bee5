// --mount-only / --unmount and --list: a pinned mount outlives sessions until --unmount.
using Crashcart.Sideloader.Tests.Fixtures;
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests;

public class SessionMountOnlyTests
{
    [SkippableFact]
    public void Mount_only_stays_through_sessions_until_unmount()
    {
        using var s = SessionScenario.Start();
        var m = s.Crashcart(["-m", s.Container.Name]);
        Assert.True(m.ExitCode == 0, m.ToString());
        Assert.Equal("", m.Stdout);
        Assert.Contains("/dev/crashcart", m.Stderr);
        Assert.Equal(ToolboxImage.MarkerContent, s.Container.Exec("cat", "/dev/crashcart/TOOLBOX").Stdout);

        var r = s.Exec("true");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(ToolboxImage.MarkerContent, s.Container.Exec("cat", "/dev/crashcart/TOOLBOX").Stdout);

        var list = CrashcartProcess.Run(["--list"]);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(list.Stdout.Split('\n'), l => l.Contains(s.Container.Name) && l.Contains("/dev/loop") && l.Contains("\tyes\t"));

        var u = s.Crashcart(["-u", s.Container.Name]);
        Assert.True(u.ExitCode == 0, u.ToString());
        Assert.Contains("unmounted", u.Stderr);
        s.AssertNoLeaks();
        Assert.DoesNotContain(CrashcartProcess.Run(["--list"]).Stdout, s.Container.Name);
    }

    [SkippableFact]
    public void Unmount_with_nothing_mounted_is_harmless()
    {
        using var s = SessionScenario.Start();
        var u = s.Crashcart(["--unmount", s.Container.Name]);
        Assert.Equal(0, u.ExitCode);
        Assert.Contains("nothing mounted", u.Stderr);
        s.AssertNoLeaks();
    }
}
