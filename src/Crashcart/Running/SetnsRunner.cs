// Runs the command inside the target's ipc, uts, net, pid, cgroup and mount namespaces: on the
// namespace thread it enters them, changes directory and credentials (for that thread only) and
// posix_spawns the program, which inherits all of it plus our stdio. Then we wait for it here,
// forwarding signals, and give the terminal back to ourselves afterwards.
using Crashcart.Interop;
using Crashcart.Namespaces;
using Serilog;

namespace Crashcart.Running;

public sealed class SetnsRunner
{
    private const int StdinFd = 0;

    /// <summary>Runs <paramref name="spec"/>; returns its exit code (128+N if killed by signal N; 126/127 if exec failed).</summary>
    public int Run(TargetNamespaces target, CommandSpec spec, SignalForwarder signals, Action<int>? started = null)
    {
        using var cwd = spec.WorkDir == null ? OpenCwd(target.Target.Pid) : null;
        bool foreground = spec.Tty && ForegroundGroup.OwnsTerminal(StdinFd);
        signals.ThrowIfInterrupted();

        var (errno, pid, chdirError) = NamespaceThread.Run(target, TargetNamespaces.CommandNamespaces, () =>
        {
            try
            {
                if (spec.WorkDir != null) Files.Chdir(spec.WorkDir);
                else if (cwd != null) Files.Fchdir(cwd, "the container's working directory");
            }
            catch (SyscallException e) when (spec.WorkDir != null) { return (0, 0, e.Message); }
            catch (SyscallException) { } // the container's cwd vanished: its "/" will do
            if (spec.User is { } u) Credentials.SetForThread(u.Uid, u.Gid, u.Groups);
            int rc = Spawn.Start(spec.Program, spec.Argv, spec.Environment,
                newProcessGroup: true, foregroundTty: foreground ? StdinFd : -1, out int p);
            return (rc, p, (string?)null);
        });

        if (chdirError != null) throw new CrashcartException($"--workdir: {chdirError}");
        if (errno != 0)
        {
            bool missing = errno is Errnos.ENOENT or Errnos.ENOTDIR;
            throw new CrashcartException($"{spec.Program}: {(missing ? "not found" : "cannot execute")}: {SyscallException.Describe(errno)}",
                exitCode: missing ? ExitCodes.NotFound : ExitCodes.CannotExecute);
        }

        signals.Attach(pid);
        started?.Invoke(pid);
        Log.Debug("started {Program} as host pid {Pid}{Fg}", spec.Program, pid, foreground ? " (terminal foreground)" : "");
        // Off the critical path: a cgroup v1 migration can take >10 ms, and a short command
        // must not wait for it (we reap it here either way).
        int targetPid = target.Target.Pid;
        ThreadPool.UnsafeQueueUserWorkItem(_ => ContainerCgroup.TryJoin(targetPid, pid), null);
        int status;
        try { status = Processes.WaitForExit(pid); }
        finally
        {
            signals.Detach();
            if (foreground)
            {
                try { ForegroundGroup.Reclaim(StdinFd); }
                catch (SyscallException e) { Log.Debug("taking the terminal back: {Error}", e.Message); }
            }
        }
        return Processes.ExitCodeFromStatus(status);
    }

    private static SafeFd? OpenCwd(int pid)
    {
        try { return Files.Open($"/proc/{pid}/cwd", Files.O_PATH | Files.O_DIRECTORY); }
        catch (SyscallException e)
        {
            Log.Debug("container cwd unavailable ({Error}); using /", e.Message);
            return null;
        }
    }
}
