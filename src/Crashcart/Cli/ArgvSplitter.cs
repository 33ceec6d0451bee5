// Splits crashcart's argv before System.CommandLine sees it. The two forms
//     crashcart [options] <target> [-- COMMAND [ARGS...]]
//     crashcart [options] -e COMMAND [ARGS...] <target>
// put an arbitrary command line (with its own dashes: `-e strace -f -p 1 web`) among our options,
// and in the -e form the target comes *last*. A parser cannot know where "-f" belongs, so we cut
// by position first: everything after -e except the last word is the command, the last is the
// target; everything after "--" is the command. Only what is left is parsed as options.
namespace Crashcart.Cli;

public sealed record SplitArgs(IReadOnlyList<string> Options, IReadOnlyList<string>? Command, string? ExecTarget);

public static class ArgvSplitter
{
    /// <summary>Options that take a value in the next word (so that word is never mistaken for -e or --).</summary>
    public static readonly HashSet<string> ValueOptions = ["-i", "--image", "--mount-method", "--user", "-w", "--workdir", "--env"];

    public static SplitArgs Split(IReadOnlyList<string> argv)
    {
        for (int i = 0; i < argv.Count; i++)
        {
            string a = argv[i];
            if (ValueOptions.Contains(a)) { i++; continue; }
            if (a == "--")
                return new SplitArgs(argv.Take(i).ToList(), argv.Skip(i + 1).ToList(), null);
            if (a is "-e" or "--exec")
            {
                var rest = argv.Skip(i + 1).ToList();
                if (rest.Count < 2)
                    throw new CrashcartException(rest.Count == 0
                        ? $"{a}: expected COMMAND [ARGS...] TARGET"
                        : $"{a} {rest[0]}: expected the target as the last argument (crashcart -e COMMAND [ARGS...] TARGET)");
                return new SplitArgs(argv.Take(i).ToList(), rest.Take(rest.Count - 1).ToList(), rest[^1]);
            }
        }
        return new SplitArgs(argv, null, null);
    }
}
