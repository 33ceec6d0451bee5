// One crashcart run against one target, end to end:
// resolve → validate image → open namespaces → [lock: reclaim dead sessions, mount if needed, join]
// → run the command (setns or docker exec) → [lock: leave; the last one out unmounts].
// Every step's resources are released in reverse order, also on errors and signals.
using Crashcart.Images;
using Crashcart.Interop;
using Crashcart.Loop;
using Crashcart.Mounting;
using Crashcart.Namespaces;
using Crashcart.Running;
using Crashcart.Targets;
using Serilog;

namespace Crashcart.Sessions;

public sealed class SessionRunner(Func<string, Target> resolve)
{
    public SessionRunner() : this(spec => new TargetResolver().Resolve(spec)) { }

    public int Run(SessionRequest req)
    {
        RequireRoot();
        using var signals = new SignalForwarder();
        var target = resolve(req.TargetSpec);
        Log.Debug("target {Target}: pid {Pid}, container {Id}", target.DisplayName, target.Pid, target.ContainerId ?? "-");
        if (req.DockerExec && target.ContainerId == null)
            throw new CrashcartException($"--docker-exec: {target.DisplayName} is not a Docker container (a raw PID has no exec endpoint)");

        using var ns = TargetNamespaces.Open(target);
        if (req.Mode == SessionMode.Unmount) return Unmount(ns, SessionRegistry.For(ns.MountNamespace), req.Quiet);

        string image = ImageLocator.Locate(req.ImageOption);
        ImageValidator.Validate(image);
        signals.ThrowIfInterrupted();

        var registry = SessionRegistry.For(ns.MountNamespace);
        Session session;
        using (registry.Lock())
        {
            try
            {
                Reclaim(registry);
                EnsureMounted(ns, registry, image, req.MountMethod);
                if (req.Mode == SessionMode.MountOnly)
                {
                    registry.Pin();
                    if (!req.Quiet)
                        Console.Error.WriteLine($"crashcart: toolbox mounted at {ToolboxMount.MountPoint} in {target.DisplayName} " +
                            $"(pid {target.Pid}); `crashcart --unmount {req.TargetSpec}` removes it");
                    return 0;
                }
                session = registry.Join(target.DisplayName);
            }
            catch
            {
                // Undo what this run set up, unless other sessions use it.
                try { UnmountIfUnused(ns, registry); }
                catch (Exception e) { Log.Warning("cleaning up after the failure: {Error}", e.Message); }
                throw;
            }
        }

        int exitCode;
        try
        {
            signals.ThrowIfInterrupted();
            exitCode = RunCommand(req, ns, session, signals);
        }
        catch
        {
            LeaveQuietly(ns, registry, session);
            throw;
        }
        LeaveQuietly(ns, registry, session);
        return exitCode;
    }

    /// <summary>Leaves the session; a cleanup failure is reported but must not replace the command's own status.</summary>
    private static void LeaveQuietly(TargetNamespaces ns, SessionRegistry registry, Session session)
    {
        try { Leave(ns, registry, session); }
        catch (Exception e) when (!ns.IsAlive())
        {
            Log.Warning("{Target} stopped during the session ({Error})", ns.Target.DisplayName, e.Message);
            ForgetStoppedTarget(registry);
        }
        catch (Exception e)
        {
            Log.Warning("cleaning up {MountPoint} in {Target} failed: {Error}; `crashcart --cleanup` retries",
                ToolboxMount.MountPoint, ns.Target.DisplayName, Cli.ErrorReport.Chain(e));
        }
    }

    private static void ForgetStoppedTarget(SessionRegistry registry)
    {
        using var _ = registry.Lock();
        Reclaim(registry);
        registry.ClearMounted();
        registry.DeleteIfEmpty();
    }

    private static void RequireRoot()
    {
        if (Credentials.EffectiveUid() != 0)
            throw new CrashcartException("must run as root: attaching loop devices and entering a container's namespaces need CAP_SYS_ADMIN");
    }

    private static int RunCommand(SessionRequest req, TargetNamespaces ns, Session session, SignalForwarder signals)
    {
        var target = ns.Target;
        using var root = ContainerRoot.Open(target.Pid);
        var containerEnv = CommandEnvironment.ReadContainer(target.Pid);
        ResolvedUser? user = req.User == null ? null
            : UserSpec.Resolve(req.User, root.ReadText("/etc/passwd"), root.ReadText("/etc/group"));
        var env = CommandEnvironment.Build(containerEnv, target.DisplayName,
            Environment.GetEnvironmentVariable("TERM"), user?.Home, req.Env);

        IReadOnlyList<string> argv = req.Command ?? [DefaultShell(root)];
        if (argv.Count == 0 || argv[0].Length == 0) throw new CrashcartException("-e: no command given");
        string? program = CommandLookup.Resolve(argv[0], CommandEnvironment.Get(containerEnv, "PATH"), root.IsExecutableFile);
        if (program == null)
            throw new CrashcartException(
                $"{argv[0]}: command not found in {string.Join(":", CommandLookup.SearchDirs(CommandEnvironment.Get(containerEnv, "PATH")))} of {target.DisplayName}",
                exitCode: ExitCodes.NotFound);
        // argv[0] stays what the user typed ("strace"); the default shell gets its full path.
        var fullArgv = new List<string>(argv);
        if (req.Command == null) fullArgv[0] = program;

        if (req.DockerExec)
        {
            var execArgv = new List<string>(fullArgv) { [0] = program }; // Docker resolves names itself: pass our lookup's result
            using var cts = new CancellationTokenSource();
            return DockerExecRunner.RunAsync(target.ContainerId!, execArgv, env, req.User, req.WorkDir, req.Tty, cts.Token)
                .GetAwaiter().GetResult();
        }
        var spec = new CommandSpec(program, fullArgv, env, user, req.WorkDir, req.Tty);
        return new SetnsRunner().Run(ns, spec, signals, session.RecordCommand);
    }

    private static string DefaultShell(ContainerRoot root) =>
        root.IsExecutableFile("/dev/crashcart/bin/bash") ? "/dev/crashcart/bin/bash" : "/dev/crashcart/bin/sh";

    private static void Reclaim(SessionRegistry registry)
    {
        int n = registry.ReclaimDead(msg => Log.Information("{Message}", msg));
        if (n > 0) Log.Information("reclaimed {Count} dead session(s)", n);
    }

    private static void EnsureMounted(TargetNamespaces ns, SessionRegistry registry, string image, MountMethod method)
    {
        var marker = registry.ReadMounted();
        var current = ToolboxMount.Current(ns.Target.Pid);
        if (marker != null && current != null)
        {
            Log.Debug("sharing the existing toolbox mount ({Source}) in {Target}", current.Source, ns.Target.DisplayName);
            return;
        }
        if (marker != null) registry.ClearMounted(); // stale: the mount is gone (unmounted by hand?)

        using var loop = LoopDevice.Attach(image);
        Log.Debug("attached {Image} to {Loop}", image, loop.Path);
        // Intent first: if we die between here and the mount, the next run knows the directory is ours.
        registry.WriteMounted(new MountRecord(loop.Path, image, ns.Target.Pid, ns.Target.DisplayName));
        try
        {
            ToolboxMount.Mount(ns, loop, method);
        }
        catch (Exception e)
        {
            registry.ClearMounted();
            throw new CrashcartException($"mount {image} at {ToolboxMount.MountPoint} in {ns.Target.DisplayName}: {e.Message}", e);
        }
        Log.Debug("mounted {Loop} at {MountPoint} in {Target}", loop.Path, ToolboxMount.MountPoint, ns.Target.DisplayName);
    }

    private static void Leave(TargetNamespaces ns, SessionRegistry registry, Session session)
    {
        using var _ = registry.Lock();
        session.Dispose();
        if (!ns.IsAlive())
        {
            // The container stopped: its mount namespace (and with it the mount and loop) is gone.
            Log.Warning("{Target} stopped during the session", ns.Target.DisplayName);
            Reclaim(registry);
            if (!registry.Sessions().Any(s => s.Live))
            {
                registry.ClearMounted();
                registry.DeleteIfEmpty();
            }
            return;
        }
        UnmountIfUnused(ns, registry);
    }

    /// <summary>With the lock held: unmount unless live sessions or a pin remain.</summary>
    internal static bool UnmountIfUnused(TargetNamespaces ns, SessionRegistry registry)
    {
        Reclaim(registry);
        if (registry.Sessions().Any(s => s.Live) || registry.IsPinned) return false;
        if (registry.ReadMounted() != null)
        {
            OrphanSweep.KillToolboxProcesses(ns.Target.Pid);
            var outcome = ToolboxMount.Unmount(ns);
            if (outcome.Lazy) Log.Warning("{MountPoint} in {Target} was busy; detached lazily", ToolboxMount.MountPoint, ns.Target.DisplayName);
            if (outcome.RemoveProblem != null) Log.Warning("could not remove {MountPoint}: {Problem}", ToolboxMount.MountPoint, outcome.RemoveProblem);
            registry.ClearMounted();
        }
        registry.DeleteIfEmpty();
        return true;
    }

    private static int Unmount(TargetNamespaces ns, SessionRegistry registry, bool quiet)
    {
        using var _ = registry.Lock();
        registry.Unpin();
        bool mounted = registry.ReadMounted() != null;
        if (!UnmountIfUnused(ns, registry))
        {
            int live = registry.Sessions().Count(s => s.Live);
            if (!quiet) Console.Error.WriteLine($"crashcart: {ns.Target.DisplayName}: still used by {live} session(s); the last one out unmounts");
            return 0;
        }
        if (!quiet)
            Console.Error.WriteLine(mounted
                ? $"crashcart: unmounted {ToolboxMount.MountPoint} in {ns.Target.DisplayName}"
                : $"crashcart: {ns.Target.DisplayName}: nothing mounted by crashcart");
        return 0;
    }
}
