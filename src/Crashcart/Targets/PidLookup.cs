// Treats an all-digits spec as a host PID when /proc/<pid> exists.
namespace Crashcart.Targets;

public sealed class PidLookup(string procRoot = "/proc") : ITargetLookup
{
    public string Name => procRoot;

    public LookupOutcome Find(string spec)
    {
        if (!IsDigits(spec) || !int.TryParse(spec, out var pid) || pid <= 0)
            return new LookupOutcome.Missing($"{procRoot}: not a PID", Applicable: false);
        if (!Directory.Exists(Path.Combine(procRoot, pid.ToString())))
            return new LookupOutcome.Missing($"{procRoot}: no process {pid}");
        return new LookupOutcome.Found(new Target(pid, $"pid {pid}", null), MatchStrength.Pid);
    }

    private static bool IsDigits(string s)
    {
        if (s.Length == 0) return false;
        foreach (var c in s)
            if (!char.IsAsciiDigit(c)) return false;
        return true;
    }
}
