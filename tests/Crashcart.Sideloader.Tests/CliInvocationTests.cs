// From argv to a SessionRequest: options, defaults (TTY iff stdin is a terminal), usage errors.
using Crashcart.Cli;
using Crashcart.Sessions;

namespace Crashcart.Sideloader.Tests;

public class CliInvocationTests
{
    private static Invocation Parse(bool terminal, params string[] argv)
    {
        var split = ArgvSplitter.Split(argv);
        var cl = new CommandLine();
        return Invocation.From(split, cl.Parse(split.Options), cl, terminal);
    }

    [Fact]
    public void All_options_reach_the_request()
    {
        var inv = Parse(false, "-i", "/x.img", "-x", "--user", "app:app", "-w", "/tmp", "--env", "A=1", "--env", "B=2", "-t", "-q",
            "-e", "ls", "-la", "web");
        var r = inv.Session!;
        Assert.Equal("web", r.TargetSpec);
        Assert.Equal("/x.img", r.ImageOption);
        Assert.True(r.DockerExec);
        Assert.Equal("app:app", r.User);
        Assert.Equal("/tmp", r.WorkDir);
        Assert.Equal(["A=1", "B=2"], r.Env);
        Assert.True(r.Tty);
        Assert.True(r.Quiet);
        Assert.Equal(["ls", "-la"], r.Command);
        Assert.Equal(SessionMode.Run, r.Mode);
    }

    [Theory]
    [InlineData(true, new string[0], true)]
    [InlineData(false, new string[0], false)]
    [InlineData(true, new[] { "-T" }, false)]
    [InlineData(false, new[] { "--tty" }, true)]
    public void Tty_defaults_to_whether_stdin_is_a_terminal(bool terminal, string[] flags, bool expected)
    {
        Assert.Equal(expected, Parse(terminal, [.. flags, "web"]).Session!.Tty);
    }

    [Fact]
    public void Mount_only_and_unmount_modes()
    {
        Assert.Equal(SessionMode.MountOnly, Parse(false, "-m", "web").Session!.Mode);
        Assert.Equal(SessionMode.Unmount, Parse(false, "--unmount", "web").Session!.Mode);
    }

    [Fact]
    public void List_and_cleanup_need_no_target()
    {
        Assert.True(Parse(false, "--list").List);
        Assert.True(Parse(false, "--cleanup").Cleanup);
        Assert.Throws<CrashcartException>(() => Parse(false, "--list", "web"));
    }

    [Theory]
    [InlineData(new string[0], "no target")]
    [InlineData(new[] { "-m", "-u", "web" }, "exclude")]
    [InlineData(new[] { "-t", "-T", "web" }, "exclude")]
    [InlineData(new[] { "--bogus", "web" }, "--bogus")]
    [InlineData(new[] { "-m", "web", "--", "ls" }, "run no command")]
    public void Usage_errors_are_crashcart_failures(string[] argv, string message)
    {
        var e = Assert.Throws<CrashcartException>(() => Parse(false, argv));
        Assert.Contains(message, e.Message);
        Assert.Equal(125, e.ExitCode);
    }

    [Fact]
    public void Error_chain_joins_inner_messages_once()
    {
        var inner = new IOException("open /x: No such file");
        var outer = new CrashcartException("attach image", new InvalidOperationException("step two", inner));
        Assert.Equal("attach image: step two: open /x: No such file", ErrorReport.Chain(outer));
        var dup = new CrashcartException("mount: open /x: No such file", inner);
        Assert.Equal("mount: open /x: No such file", ErrorReport.Chain(dup));
    }
}
