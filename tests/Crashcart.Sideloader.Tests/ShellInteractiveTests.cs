// The interactive shell through real pseudo-terminals: `script` (input piped into a pty) and tmux
// (typing, Ctrl-C, resizing the window, reading the screen). The prompt names the container and
// the shell's exit code becomes crashcart's.
using Crashcart.Sideloader.Tests.Fixtures;
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests;

public class ShellInteractiveTests
{
    private static string CommandLine(SessionScenario s, params string[] extra)
    {
        return CrashcartProcess.ShellCommandLine(new[] { "-i", s.Image.Path }.Concat(extra).Append(s.Container.Name));
    }

    [SkippableFact]
    public void Shell_under_script_runs_typed_commands_and_exits_with_their_code()
    {
        using var s = SessionScenario.Start();
        Prerequisites.RequireTool("script");
        var r = Exec.Run("script", ["-qfec", CommandLine(s), "/dev/null"],
            stdin: "echo hello-$((40+2))\ntest -t 0 && echo stdin-is-tty\ncat /dev/crashcart/TOOLBOX\nexit 7\n", timeoutMs: 60_000);
        Assert.True(r.ExitCode == 7, r.ToString());
        Assert.Contains("hello-42", r.Stdout);
        Assert.Contains("stdin-is-tty", r.Stdout);
        Assert.Contains(ToolboxImage.MarkerContent.Trim(), r.Stdout);
        Assert.Contains($"[crashcart {s.Container.Name}]", r.Stdout);
        s.AssertNoLeaks();
    }

    [SkippableFact]
    public void Shell_in_tmux_follows_window_resizes_and_survives_ctrl_c()
    {
        using var s = SessionScenario.Start();
        Prerequisites.RequireTool("tmux");
        using var dir = new TempDir("crashcart-tmux");
        var socket = $"crashcart-{Guid.NewGuid():N}";
        var rcFile = dir.Combine("rc");
        string[] Tmux(params string[] a) => ["-L", socket, .. a];
        try
        {
            Exec.Check("tmux", Tmux("new-session", "-d", "-s", "t", "-x", "80", "-y", "24", $"{CommandLine(s)}; echo $? > {rcFile}"));
            WaitForScreen(socket, $"[crashcart {s.Container.Name}]");

            Exec.Check("tmux", Tmux("send-keys", "-t", "t", "stty size", "Enter"));
            WaitForScreen(socket, "24 80");
            Exec.Check("tmux", Tmux("resize-window", "-t", "t", "-x", "100", "-y", "30"));
            Exec.Check("tmux", Tmux("send-keys", "-t", "t", "stty size", "Enter"));
            WaitForScreen(socket, "30 100");

            // Ctrl-C reaches the foreground command inside the container, not crashcart.
            Exec.Check("tmux", Tmux("send-keys", "-t", "t", "sleep 1000", "Enter"));
            Thread.Sleep(2000); // generous on a loaded machine: sleep must be the foreground job when C-c comes
            Exec.Check("tmux", Tmux("send-keys", "-t", "t", "C-c"));
            Exec.Check("tmux", Tmux("send-keys", "-t", "t", "echo still-$((6*7))", "Enter"));
            WaitForScreen(socket, "still-42");

            Exec.Check("tmux", Tmux("send-keys", "-t", "t", "exit 3", "Enter"));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!File.Exists(rcFile) || File.ReadAllText(rcFile).Trim().Length == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "crashcart did not exit after `exit 3`");
                Thread.Sleep(100);
            }
            Assert.Equal("3", File.ReadAllText(rcFile).Trim());
        }
        finally
        {
            Exec.Run("tmux", Tmux("kill-server"));
        }
        s.AssertNoLeaks();
    }

    private static void WaitForScreen(string socket, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string screen = "";
        while (DateTime.UtcNow < deadline)
        {
            screen = Exec.Run("tmux", ["-L", socket, "capture-pane", "-p", "-t", "t"]).Stdout;
            if (screen.Contains(text)) return;
            Thread.Sleep(100);
        }
        Assert.Fail($"'{text}' never appeared on the screen:\n{screen}");
    }
}
