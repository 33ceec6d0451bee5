// The target process, opened once: a pidfd (namespaces are entered through it, so a recycled PID
// cannot redirect us), its mount-namespace inode (the session registry key), and the refusal to
// work on a process that shares the host's mount namespace.
using Crashcart.Interop;
using Crashcart.Targets;

namespace Crashcart.Namespaces;

public sealed class TargetNamespaces : IDisposable
{
    /// <summary>Everything a command runs in (user namespace excluded: a multithreaded process cannot join one).</summary>
    public const int CommandNamespaces = Interop.Namespaces.CLONE_NEWNS | Interop.Namespaces.CLONE_NEWIPC |
        Interop.Namespaces.CLONE_NEWUTS | Interop.Namespaces.CLONE_NEWNET | Interop.Namespaces.CLONE_NEWPID |
        Interop.Namespaces.CLONE_NEWCGROUP;

    public Target Target { get; }
    public SafeFd Pidfd { get; }
    public ulong MountNamespace { get; }

    private TargetNamespaces(Target target, SafeFd pidfd, ulong mountNs)
    {
        Target = target;
        Pidfd = pidfd;
        MountNamespace = mountNs;
    }

    public static TargetNamespaces Open(Target target)
    {
        SafeFd pidfd;
        try { pidfd = Interop.Namespaces.PidfdOpen(target.Pid); }
        catch (SyscallException e) when (e.Errno == Errnos.ESRCH)
        {
            throw new CrashcartException($"{target.DisplayName}: process {target.Pid} is gone (container stopped?)", e);
        }
        try
        {
            ulong mine = NamespaceInode(Environment.ProcessId, "mnt");
            ulong theirs = NamespaceInode(target.Pid, "mnt");
            if (mine == theirs)
                throw new CrashcartException(
                    $"{target.DisplayName}: process {target.Pid} shares the host's mount namespace; refusing to mount at the host's /dev/crashcart");
            // Still the same process after opening the pidfd? (PID reuse between resolve and open)
            if (!IsAlive(pidfd, target.Pid))
                throw new CrashcartException($"{target.DisplayName}: process {target.Pid} is gone (container stopped?)");
            return new TargetNamespaces(target, pidfd, theirs);
        }
        catch
        {
            pidfd.Dispose();
            throw;
        }
    }

    /// <summary>True while the target process still exists.</summary>
    public bool IsAlive() => IsAlive(Pidfd, Target.Pid);

    private static bool IsAlive(SafeFd pidfd, int pid)
    {
        if (!Interop.Namespaces.PidfdAlive(pidfd)) return false;
        // A dying init is signalable until reaped; its namespaces are already being torn down.
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');
            return !(close > 0 && close + 2 < stat.Length && stat[close + 2] is 'Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>Inode of /proc/PID/ns/KIND (read from the link text "mnt:[4026531841]").</summary>
    public static ulong NamespaceInode(int pid, string kind)
    {
        string path = $"/proc/{pid}/ns/{kind}";
        string? link;
        try { link = new FileInfo(path).LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CrashcartException($"read {path}: {e.Message}", e);
        }
        if (link == null) throw new CrashcartException($"read {path}: process {pid} is gone");
        int open = link.IndexOf('['), close = link.IndexOf(']');
        if (open < 0 || close < open || !ulong.TryParse(link.AsSpan(open + 1, close - open - 1), out var ino))
            throw new CrashcartException($"read {path}: unexpected link text '{link}'");
        return ino;
    }

    public void Dispose() => Pidfd.Dispose();
}
