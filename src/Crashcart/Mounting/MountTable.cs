// A process's mount table (/proc/PID/mountinfo, paths as the process sees them), read on the host:
// is something mounted at /dev/crashcart, and is the mount holding /dev read-only (per mount or
// per superblock)?
namespace Crashcart.Mounting;

public sealed record MountEntry(string MountPoint, string FsType, string Source, bool MountReadOnly, bool SuperReadOnly);

public sealed class MountTable
{
    public IReadOnlyList<MountEntry> Entries { get; }

    public MountTable(IReadOnlyList<MountEntry> entries) => Entries = entries;

    public static MountTable Read(int pid)
    {
        string path = $"/proc/{pid}/mountinfo";
        try { return Parse(File.ReadAllText(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CrashcartException($"read {path}: {e.Message}", e);
        }
    }

    /// <summary>Parses mountinfo text (see proc(5)); octal escapes (\040) in paths are decoded.</summary>
    public static MountTable Parse(string text)
    {
        var list = new List<MountEntry>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ');
            int dash = Array.IndexOf(f, "-");
            if (f.Length < 10 || dash < 6 || dash + 3 >= f.Length) continue;
            var mountOpts = f[5].Split(',');
            var superOpts = f[dash + 3].Split(',');
            list.Add(new MountEntry(Unescape(f[4]), f[dash + 1], Unescape(f[dash + 2]),
                mountOpts.Contains("ro"), superOpts.Contains("ro")));
        }
        return new MountTable(list);
    }

    /// <summary>The last (topmost) mount exactly at <paramref name="path"/>, or null.</summary>
    public MountEntry? At(string path) => Entries.LastOrDefault(e => e.MountPoint == path);

    /// <summary>The mount that holds <paramref name="path"/>: the topmost whose mount point is the longest prefix.</summary>
    public MountEntry? Holding(string path)
    {
        MountEntry? best = null;
        foreach (var e in Entries)
        {
            bool covers = e.MountPoint == "/" || path == e.MountPoint || path.StartsWith(e.MountPoint + "/", StringComparison.Ordinal);
            if (covers && (best == null || e.MountPoint.Length >= best.MountPoint.Length)) best = e;
        }
        return best;
    }

    private static string Unescape(string s)
    {
        if (!s.Contains('\\')) return s;
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && IsOctal(s, i + 1))
            {
                sb.Append((char)Convert.ToInt32(s.Substring(i + 1, 3), 8));
                i += 3;
            }
            else sb.Append(s[i]);
        }
        return sb.ToString();
    }

    private static bool IsOctal(string s, int at) =>
        at + 3 <= s.Length && s[at] is >= '0' and <= '7' && s[at + 1] is >= '0' and <= '7' && s[at + 2] is >= '0' and <= '7';
}
