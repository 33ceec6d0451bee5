// Moves the command into the target's cgroup (v2), as docker exec does: it then counts against the
// container's limits and dies with the container. Best effort: setns(CLONE_NEWCGROUP) only changes
// the view, not membership; a failure here is logged, not fatal.
using Serilog;

namespace Crashcart.Running;

public static class ContainerCgroup
{
    public static void TryJoin(int targetPid, int childPid)
    {
        try
        {
            string? rel = null;
            foreach (var line in File.ReadAllLines($"/proc/{targetPid}/cgroup"))
                if (line.StartsWith("0::", StringComparison.Ordinal)) rel = line[3..];
            if (rel == null) return; // cgroup v1 host: leave it
            File.WriteAllText($"/sys/fs/cgroup{rel}/cgroup.procs", childPid.ToString());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Debug("could not move pid {Pid} into the container's cgroup: {Error}", childPid, e.Message);
        }
    }
}
