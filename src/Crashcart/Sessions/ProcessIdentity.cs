// A PID plus its start time (field 22 of /proc/PID/stat), so a recycled PID is never mistaken
// for the process we recorded.
namespace Crashcart.Sessions;

public readonly record struct ProcessIdentity(int Pid, ulong StartTime)
{
    public static ProcessIdentity? Of(int pid)
    {
        ulong? start = StartTimeOf(pid);
        return start == null ? null : new ProcessIdentity(pid, start.Value);
    }

    /// <summary>True while this very process (same PID, same start time) exists.</summary>
    public bool IsAlive() => StartTimeOf(Pid) == StartTime;

    /// <summary>Polls until the process is gone or a zombie (it no longer holds files or mounts).</summary>
    public bool WaitUntilDead(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            string stat;
            try { stat = File.ReadAllText($"/proc/{Pid}/stat"); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return true; }
            int close = stat.LastIndexOf(')');
            if (ParseStartTime(stat) != StartTime || (close > 0 && close + 2 < stat.Length && stat[close + 2] is 'Z' or 'X')) return true;
            if (DateTime.UtcNow > deadline) return false;
            Thread.Sleep(10);
        }
    }

    public override string ToString() => $"{Pid}@{StartTime}";

    public static ProcessIdentity? Parse(string s)
    {
        var parts = s.Trim().Split('@');
        return parts.Length == 2 && int.TryParse(parts[0], out var pid) && ulong.TryParse(parts[1], out var st)
            ? new ProcessIdentity(pid, st) : null;
    }

    /// <summary>starttime from /proc/PID/stat; the comm field may contain spaces and ')' so parse after the last ')'.</summary>
    public static ulong? StartTimeOf(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        return ParseStartTime(text);
    }

    public static ulong? ParseStartTime(string stat)
    {
        int close = stat.LastIndexOf(')');
        if (close < 0) return null;
        var fields = stat[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state); starttime is field 22.
        return fields.Length > 19 && ulong.TryParse(fields[19], out var v) ? v : null;
    }
}
