// What the user asked for, after splitting and parsing: a session, --list, or --cleanup.
using Crashcart.Mounting;
using Crashcart.Sessions;

namespace Crashcart.Cli;

public sealed record Invocation(SessionRequest? Session, bool List, bool Cleanup, bool Verbose, bool Quiet)
{
    /// <summary>Builds the invocation; throws CrashcartException (exit 125) on usage errors.</summary>
    public static Invocation From(SplitArgs split, System.CommandLine.ParseResult r, CommandLine cl, bool stdinIsTerminal)
    {
        // An unknown option lands in the target slot: name it as what it is.
        if (r.GetValue(cl.Target) is { Length: > 1 } t && t[0] == '-') throw new CrashcartException($"unknown option '{t}' (try --help)");
        if (r.Errors.Count > 0) throw new CrashcartException(string.Join("; ", r.Errors.Select(e => e.Message)) + " (try --help)");
        bool list = r.GetValue(cl.List), cleanup = r.GetValue(cl.Cleanup);
        bool verbose = r.GetValue(cl.Verbose), quiet = r.GetValue(cl.Quiet);
        string? positional = r.GetValue(cl.Target);
        if (list || cleanup)
        {
            if (positional != null || split.Command != null || (list && cleanup))
                throw new CrashcartException("--list and --cleanup take no target or command, and not both at once");
            return new Invocation(null, list, cleanup, verbose, quiet);
        }
        string target;
        if (split.ExecTarget != null)
        {
            if (positional != null) throw new CrashcartException($"unexpected argument '{positional}' before -e (the target goes last)");
            target = split.ExecTarget;
        }
        else target = positional ?? throw new CrashcartException("no target given (try --help)");

        var mode = r.GetValue(cl.MountOnly) ? SessionMode.MountOnly : r.GetValue(cl.Unmount) ? SessionMode.Unmount : SessionMode.Run;
        if (r.GetValue(cl.MountOnly) && r.GetValue(cl.Unmount)) throw new CrashcartException("--mount-only and --unmount exclude each other");
        if (mode != SessionMode.Run && split.Command != null) throw new CrashcartException("--mount-only/--unmount run no command");
        if (r.GetValue(cl.Tty) && r.GetValue(cl.NoTty)) throw new CrashcartException("--tty and --no-tty exclude each other");
        var mountMethod = MountMethod.Auto;
        if (r.GetValue(cl.MountMethod) is { } mm)
            mountMethod = MountMethods.Parse(mm) ?? throw new CrashcartException($"--mount-method: '{mm}' is not one of {MountMethods.Choices} (try --help)");
        bool tty = r.GetValue(cl.Tty) || (!r.GetValue(cl.NoTty) && stdinIsTerminal);
        var req = new SessionRequest(target, r.GetValue(cl.Image), mode, split.Command, r.GetValue(cl.DockerExec),
            r.GetValue(cl.User), r.GetValue(cl.WorkDir), r.GetValue(cl.Env) ?? [], tty, quiet, mountMethod);
        return new Invocation(req, false, false, verbose, quiet);
    }
}
