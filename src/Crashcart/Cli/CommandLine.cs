// crashcart's options, parsed with System.CommandLine after ArgvSplitter has taken the command
// line out. --list and --cleanup are options rather than subcommands so that no container name
// ("list", "cleanup") can ever be shadowed.
using System.CommandLine;
using System.CommandLine.Help;
using Crashcart.Mounting;
using Crashcart.Sessions;

namespace Crashcart.Cli;

public sealed class CommandLine
{
    public readonly Option<string?> Image = new("--image", "-i") { Description = "Toolbox image (default: $CRASHCART_IMAGE, /var/lib/crashcart/crashcart.img, crashcart.img beside crashcart)", HelpName = "PATH" };
    public readonly Option<bool> Exec = new("--exec", "-e") { Description = "Run COMMAND [ARGS...] instead of a shell: everything after -e up to the last argument, which is the target" };
    public readonly Option<bool> DockerExec = new("--docker-exec", "-x") { Description = "Run the command through Docker's exec endpoint instead of setns" };
    public readonly Option<bool> MountOnly = new("--mount-only", "-m") { Description = "Mount the toolbox at /dev/crashcart and leave it there" };
    public readonly Option<bool> Unmount = new("--unmount", "-u") { Description = "Remove a --mount-only mount (once no session uses it)" };
    public readonly Option<string?> MountMethod = new("--mount-method") { Description = "How to mount the toolbox: fsmount (new mount API, kernel 5.2+), mknod (a temporary block node in the container's /dev + mount(2)), or auto: fsmount, falling back to mknod when the kernel has no fsopen [default: auto]", HelpName = MountMethods.Choices };
    public readonly Option<string?> User = new("--user") { Description = "Run as USER[:GROUP] (names from the container's /etc/passwd, /etc/group, or numbers)", HelpName = "USER[:GROUP]" };
    public readonly Option<string?> WorkDir = new("--workdir", "-w") { Description = "Working directory inside the container", HelpName = "DIR" };
    public readonly Option<string[]> Env = new("--env") { Description = "Set an environment variable (repeatable)", HelpName = "KEY=VALUE", AllowMultipleArgumentsPerToken = false };
    public readonly Option<bool> Tty = new("--tty", "-t") { Description = "Give the command the terminal (default when stdin is a terminal)" };
    public readonly Option<bool> NoTty = new("--no-tty", "-T") { Description = "Do not give the command the terminal" };
    public readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Log each step to stderr; show stack traces" };
    public readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Only errors on stderr" };
    public readonly Option<bool> List = new("--list") { Description = "List crashcart mounts and sessions on this host" };
    public readonly Option<bool> Cleanup = new("--cleanup") { Description = "Reclaim sessions of killed crashcart processes and unmount what they left" };
    public readonly Argument<string?> Target = new("target") { Description = "Container name, ID, unique ID prefix, or host PID", Arity = ArgumentArity.ZeroOrOne };

    public RootCommand Root { get; }

    public CommandLine()
    {
        Root = new RootCommand(
            "Sideload a toolbox of debugging tools into a running container at /dev/crashcart.\n\n" +
            "  crashcart [options] <target> [-- COMMAND [ARGS...]]\n" +
            "  crashcart [options] -e COMMAND [ARGS...] <target>\n" +
            "  crashcart --list | --cleanup\n\n" +
            "With no command: an interactive shell (/dev/crashcart/bin/bash, else sh). A bare command name is looked up\n" +
            "in /dev/crashcart/bin, /dev/crashcart/sbin, then the container's PATH. Exit status: the command's, 128+N if\n" +
            "killed by signal N, 125 if crashcart failed, 126 if the command cannot run, 127 if it is not found.");
        foreach (var o in new Option[] { Image, Exec, DockerExec, MountOnly, Unmount, MountMethod, User, WorkDir, Env, Tty, NoTty, Verbose, Quiet, List, Cleanup })
            Root.Add(o);
        Root.Add(Target);
    }

    public ParseResult Parse(IReadOnlyList<string> options) => Root.Parse(options);

    public static bool IsHelpOrVersion(ParseResult r) =>
        r.Action is HelpAction || r.Action?.GetType().Name == "VersionOptionAction";
}
