// --docker-exec: crashcart mounts the toolbox itself, Docker's exec endpoint runs the command.
using Crashcart.Sideloader.Tests.Fixtures;
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests;

public class ExecDockerTests
{
    [SkippableFact]
    public void Docker_exec_without_tty_keeps_streams_and_exit_code()
    {
        using var s = SessionScenario.Start();
        var r = s.Crashcart(["-x", "-T", "--env", "X=1", "-e", "sh", "-c", "echo out $X; echo err >&2; cat /dev/crashcart/TOOLBOX; exit 4", s.Container.Name]);
        Assert.True(r.ExitCode == 4, r.ToString());
        Assert.Equal($"out 1\n{ToolboxImage.MarkerContent}", r.Stdout);
        Assert.Equal("err\n", r.Stderr);
        s.AssertNoLeaks();
    }

    [SkippableFact]
    public void Docker_exec_with_tty_from_a_terminal()
    {
        using var s = SessionScenario.Start();
        Prerequisites.RequireTool("script");
        var cmd = CrashcartProcess.ShellCommandLine(["-i", s.Image.Path, "-x", "-e", "sh", "-c", "test -t 0 && echo has-tty; cat /dev/crashcart/TOOLBOX; exit 5", s.Container.Name]);
        // Under `script` stdin is a terminal, so TTY is on by default.
        var r = Exec.Run("script", ["-qfec", cmd, "/dev/null"], stdin: "");
        Assert.True(r.ExitCode == 5, r.ToString());
        Assert.Contains("has-tty", r.Stdout);
        Assert.Contains(ToolboxImage.MarkerContent.Trim(), r.Stdout);
        s.AssertNoLeaks();
    }

    [SkippableFact]
    public void Docker_exec_needs_a_container_not_a_pid()
    {
        using var s = SessionScenario.Start();
        var r = s.Crashcart(["-x", "-e", "true", s.Container.Pid.ToString()]);
        Assert.Equal(125, r.ExitCode);
        Assert.Contains("--docker-exec", r.Stderr);
        s.AssertNoLeaks();
    }
}
