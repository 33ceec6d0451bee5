// --list and --cleanup: walk every session registry on the host. Cleanup reclaims sessions whose
// crashcart died (killing their orphaned commands), unmounts toolbox mounts nobody uses any more,
// and forgets registries of mount namespaces that no longer exist.
using Crashcart.Mounting;
using Crashcart.Namespaces;
using Crashcart.Targets;
using Serilog;

namespace Crashcart.Sessions;

public static class SessionMaintenance
{
    public static int List(TextWriter output)
    {
        output.WriteLine("MNT-NS\tTARGET\tPID\tMOUNTED\tPINNED\tSESSIONS");
        foreach (var reg in SessionRegistry.All())
        {
            var marker = reg.ReadMounted();
            var sessions = reg.Sessions();
            var pid = FindProcessIn(reg.MountNamespace, marker?.TargetPid ?? 0);
            string target = marker?.Target ?? sessions.Select(s => s.Target).FirstOrDefault(t => t != null) ?? "?";
            string mounted = marker == null ? "no" : pid == 0 ? $"{marker.Loop} (namespace gone)" : marker.Loop;
            string list = string.Join(",", sessions.Select(s =>
                $"{s.Crashcart?.Pid.ToString() ?? "?"}{(s.Live ? "" : "(dead)")}{(s.Command is { } c ? $"->{c.Pid}" : "")}"));
            output.WriteLine($"{reg.MountNamespace}\t{target}\t{(pid == 0 ? "-" : pid)}\t{mounted}\t{(reg.IsPinned ? "yes" : "no")}\t{(list.Length == 0 ? "-" : list)}");
        }
        return 0;
    }

    public static int Cleanup(bool quiet)
    {
        int problems = 0;
        foreach (var reg in SessionRegistry.All())
        {
            try { CleanOne(reg, quiet); }
            catch (Exception e)
            {
                problems++;
                Console.Error.WriteLine($"crashcart: cleanup {reg.Directory}: {Cli.ErrorReport.Chain(e)}");
            }
        }
        return problems == 0 ? 0 : ExitCodes.CrashcartFailed;
    }

    private static void CleanOne(SessionRegistry reg, bool quiet)
    {
        using var _ = reg.Lock();
        int reclaimed = reg.ReclaimDead(msg => { if (!quiet) Console.Error.WriteLine($"crashcart: {msg}"); });
        var marker = reg.ReadMounted();
        int pid = FindProcessIn(reg.MountNamespace, marker?.TargetPid ?? 0);
        string name = marker?.Target ?? $"mount namespace {reg.MountNamespace}";
        if (pid == 0)
        {
            // The namespace is gone: so are its mount and (autoclear) its loop device.
            reg.ClearMounted();
            reg.DeleteIfEmpty();
            if (!quiet) Console.Error.WriteLine($"crashcart: {name}: namespace gone, registry removed ({reclaimed} dead session(s))");
            return;
        }
        using var ns = TargetNamespaces.Open(new Target(pid, name, null));
        bool unmounted = marker != null && SessionRunner.UnmountIfUnused(ns, reg);
        if (!quiet && (reclaimed > 0 || unmounted))
            Console.Error.WriteLine($"crashcart: {name}: reclaimed {reclaimed} dead session(s){(unmounted ? $", unmounted {ToolboxMount.MountPoint}" : "")}");
    }

    /// <summary>A live process in mount namespace <paramref name="ino"/> (the hint first), or 0.</summary>
    private static int FindProcessIn(ulong ino, int hint)
    {
        if (hint > 0 && InNamespace(hint, ino)) return hint;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid) && pid != Environment.ProcessId && InNamespace(pid, ino))
                return pid;
        return 0;
    }

    private static bool InNamespace(int pid, ulong ino)
    {
        try { return TargetNamespaces.NamespaceInode(pid, "mnt") == ino; }
        catch (CrashcartException e)
        {
            Log.Verbose("{Error}", e.Message);
            return false;
        }
    }
}
