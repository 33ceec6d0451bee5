// ArgvSplitter: where the command line ends and the target begins, in both command forms.
using Crashcart.Cli;

namespace Crashcart.Sideloader.Tests;

public class CliArgvSplitterTests
{
    [Fact]
    public void Exec_form_takes_everything_up_to_the_last_word_dashes_included()
    {
        var s = ArgvSplitter.Split(["-q", "-e", "strace", "-f", "-p", "1", "web"]);
        Assert.Equal(["-q"], s.Options);
        Assert.Equal(["strace", "-f", "-p", "1"], s.Command);
        Assert.Equal("web", s.ExecTarget);
    }

    [Fact]
    public void Exec_form_keeps_a_double_dash_inside_the_command()
    {
        var s = ArgvSplitter.Split(["--exec", "sh", "-c", "echo -- -e", "--", "x", "web"]);
        Assert.Equal(["sh", "-c", "echo -- -e", "--", "x"], s.Command);
        Assert.Equal("web", s.ExecTarget);
    }

    [Fact]
    public void Double_dash_form_puts_the_target_before_the_command()
    {
        var s = ArgvSplitter.Split(["-v", "web", "--", "ls", "-la", "-e"]);
        Assert.Equal(["-v", "web"], s.Options);
        Assert.Equal(["ls", "-la", "-e"], s.Command);
        Assert.Null(s.ExecTarget);
    }

    [Fact]
    public void Values_of_options_are_never_taken_for_markers()
    {
        var s = ArgvSplitter.Split(["--env", "-e", "-w", "--", "web"]);
        Assert.Equal(["--env", "-e", "-w", "--", "web"], s.Options);
        Assert.Null(s.Command);
    }

    [Fact]
    public void No_command_means_an_interactive_shell()
    {
        var s = ArgvSplitter.Split(["-i", "x.img", "web"]);
        Assert.Null(s.Command);
        Assert.Equal(["-i", "x.img", "web"], s.Options);
    }

    [Theory]
    [InlineData(new[] { "-e" }, "expected COMMAND")]
    [InlineData(new[] { "-e", "ls" }, "expected the target as the last argument")]
    public void Exec_without_command_or_target_is_a_usage_error(string[] argv, string message)
    {
        var e = Assert.Throws<CrashcartException>(() => ArgvSplitter.Split(argv));
        Assert.Contains(message, e.Message);
        Assert.Equal(ExitCodes.CrashcartFailed, e.ExitCode);
    }
}
