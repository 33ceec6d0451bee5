// Before the last session unmounts: kill whatever still runs a toolbox program in the target's PID
// namespace. Such processes belong to sessions whose crashcart died (possibly before it could record
// the command's PID); left alone they keep the mount busy and the loop device attached.
using Crashcart.Interop;
using Serilog;

namespace Crashcart.Sessions;

public static class OrphanSweep
{
    public const string ToolboxPrefix = "/dev/crashcart/";

    /// <summary>Kills (SIGKILL) toolbox processes in <paramref name="targetPid"/>'s PID namespace and waits for them; returns how many.</summary>
    public static int KillToolboxProcesses(int targetPid)
    {
        string? pidNs = Link($"/proc/{targetPid}/ns/pid");
        if (pidNs == null) return 0;
        var killed = new List<ProcessIdentity>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            if (Link($"{dir}/ns/pid") != pidNs) continue;
            var exe = Link($"{dir}/exe");
            if (exe == null || !exe.StartsWith(ToolboxPrefix, StringComparison.Ordinal)) continue;
            if (ProcessIdentity.Of(pid) is not { } id) continue;
            try { Processes.Kill(pid, Processes.SIGKILL); } catch (SyscallException) { continue; }
            Log.Information("killed leftover toolbox process {Pid} ({Exe})", pid, exe);
            killed.Add(id);
        }
        foreach (var id in killed) id.WaitUntilDead(TimeSpan.FromSeconds(2));
        return killed.Count;
    }

    private static string? Link(string path)
    {
        try { return new FileInfo(path).LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
