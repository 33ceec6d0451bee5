// crashcart -e against a real container: argv with dashes, separate stdout/stderr, exit codes,
// lookup of bare names, --user/--workdir/--env. Every scenario ends with the leak checks.
using Crashcart.Sideloader.Tests.Fixtures;

namespace Crashcart.Sideloader.Tests;

public class ExecCommandTests
{
    [SkippableFact]
    public void Dashes_belong_to_the_command_and_streams_stay_separate()
    {
        using var s = SessionScenario.Start();
        var r = s.Exec("sh", "-c", "echo out -e --x; echo err >&2", "--", "-v");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("out -e --x\n", r.Stdout);
        Assert.Equal("err\n", r.Stderr);
        s.AssertNoLeaks();
    }

    [SkippableTheory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 3", 3)]
    [InlineData("kill -9 $$", 137)]
    [InlineData("kill -TERM $$", 143)]
    public void Exit_status_is_the_commands(string script, int expected)
    {
        using var s = SessionScenario.Start();
        var r = s.Exec("sh", "-c", script);
        Assert.True(expected == r.ExitCode, r.ToString());
        s.AssertNoLeaks();
    }

    [SkippableFact]
    public void Missing_command_is_127_and_non_executable_is_126()
    {
        using var s = SessionScenario.Start();
        var missing = s.Exec("no-such-tool-here", "-x");
        Assert.Equal(127, missing.ExitCode);
        Assert.Contains("no-such-tool-here", missing.Stderr);
        Assert.Equal("", missing.Stdout);
        var notExec = s.Exec("/etc/passwd");
        Assert.True(notExec.ExitCode == 126, notExec.ToString());
        var gone = s.Exec("/nope/tool");
        Assert.True(gone.ExitCode == 127, gone.ToString());
        s.AssertNoLeaks();
    }

    [SkippableFact]
    public void Bare_names_come_from_the_toolbox_first_then_the_container_PATH()
    {
        using var s = SessionScenario.Start();
        // Inside the toolbox: cat is the toolbox's busybox applet.
        var r = s.Exec("sh", "-c", "which cat; cat /dev/crashcart/TOOLBOX");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal($"/dev/crashcart/bin/cat\n{ToolboxImage.MarkerContent}", r.Stdout);
        // Only in the container: a script the toolbox lacks.
        Assert.Equal(0, s.Container.Exec("sh", "-c", "printf '#!/bin/sh\\necho from-container \"$@\"\\n' > /tmp/ctool && chmod +x /tmp/ctool").ExitCode);
        var r2 = s.Crashcart(["--env", "PATH=/tmp", "-e", "/dev/crashcart/bin/sh", "-c", "ctool a", s.Container.Name]);
        Assert.Equal("from-container a\n", r2.Stdout);
        // crashcart's own lookup (not the shell's) falls back to the container's PATH (/bin).
        Assert.Equal(0, s.Container.Exec("cp", "/tmp/ctool", "/bin/ctool").ExitCode);
        var r3 = s.Exec("ctool", "-b");
        Assert.True(r3.ExitCode == 0, r3.ToString());
        Assert.Equal("from-container -b\n", r3.Stdout);
        s.AssertNoLeaks();
    }

    [SkippableFact]
    public void User_workdir_and_env_are_applied()
    {
        using var s = SessionScenario.Start();
        var r = s.Crashcart(["--user", "app", "-w", "/home/app", "--env", "GREETING=hi there", "--env", "TERM=vt100",
            "-e", "sh", "-c", "id -u; id -g; pwd; echo \"$GREETING\"; echo $TERM; echo $CRASHCART_TARGET; echo $HOME", s.Container.Name]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal($"1000\n1000\n/home/app\nhi there\nvt100\n{s.Container.Name}\n/home/app\n", r.Stdout);

        var numeric = s.Crashcart(["--user", "65534:65534", "-e", "id", s.Container.Name]);
        Assert.Contains("uid=65534", numeric.Stdout);
        Assert.Contains("gid=65534", numeric.Stdout);

        var badUser = s.Crashcart(["--user", "ghost", "-e", "id", s.Container.Name]);
        Assert.Equal(125, badUser.ExitCode);
        Assert.Contains("ghost", badUser.Stderr);

        var badDir = s.Crashcart(["-w", "/no/such/dir", "-e", "pwd", s.Container.Name]);
        Assert.Equal(125, badDir.ExitCode);
        Assert.Contains("/no/such/dir", badDir.Stderr);
        s.AssertNoLeaks();
    }

    [SkippableFact]
    public void The_command_sees_the_containers_namespaces_and_environment()
    {
        using var s = SessionScenario.Start(null, "--hostname", "inside-box", "-e", "APP_MODE=prod");
        var r = s.Exec("sh", "-c", "hostname; echo $APP_MODE; echo $PATH; readlink /proc/1/exe");
        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = r.Stdout.Split('\n');
        Assert.Equal("inside-box", lines[0]);
        Assert.Equal("prod", lines[1]);
        Assert.StartsWith("/dev/crashcart/bin:/dev/crashcart/sbin:", lines[2]);
        Assert.Equal("/bin/busybox", lines[3]); // PID 1 is the container's init: same pid namespace
        s.AssertNoLeaks();
    }
}
