// Moves the command into the target's cgroups, as docker exec does: it then counts against the
// container's limits and is stopped with it. setns(CLONE_NEWCGROUP) only changes the view, not
// membership. Works for cgroup v2 and v1/hybrid hosts at their usual mount points under
// /sys/fs/cgroup. Best effort: a failure is logged, not fatal.
using Serilog;

namespace Crashcart.Running;

public static class ContainerCgroup
{
    public static void TryJoin(int targetPid, int childPid)
    {
        string[] lines;
        try { lines = File.ReadAllLines($"/proc/{targetPid}/cgroup"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        foreach (var line in lines)
        {
            var f = line.Split(':', 3);
            if (f.Length != 3 || f[2] == "/") continue;
            foreach (var dir in Candidates(f[1], f[2]))
            {
                var procs = Path.Combine(dir, "cgroup.procs");
                if (!File.Exists(procs)) continue;
                try
                {
                    File.WriteAllText(procs, childPid.ToString());
                    break;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Log.Debug("could not move pid {Pid} into {Cgroup}: {Error}", childPid, dir, e.Message);
                }
            }
        }
    }

    /// <summary>Where hierarchy <paramref name="controllers"/> ("" = v2) is usually mounted, joined with <paramref name="path"/>.</summary>
    public static IEnumerable<string> Candidates(string controllers, string path)
    {
        var rel = path.TrimStart('/');
        if (controllers.Length == 0)
        {
            yield return Path.Combine("/sys/fs/cgroup", rel);
            yield return Path.Combine("/sys/fs/cgroup/unified", rel);
            yield break;
        }
        var name = controllers.StartsWith("name=", StringComparison.Ordinal) ? controllers[5..] : controllers;
        yield return Path.Combine("/sys/fs/cgroup", name, rel);
        foreach (var single in name.Split(','))
            yield return Path.Combine("/sys/fs/cgroup", single, rel);
    }
}
