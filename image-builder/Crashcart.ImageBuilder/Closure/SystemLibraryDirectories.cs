// The directories the dynamic loader searches after RPATH/RUNPATH: those listed in /etc/ld.so.conf
// (which ldconfig turns into /etc/ld.so.cache) followed by the built-in trusted directories.
// Parsing the configuration avoids running ldconfig -p or ldd on anything.
namespace Crashcart.ImageBuilder.Closure;

public static class SystemLibraryDirectories
{
    /// <summary>Search order for a host whose libraries live under <paramref name="root"/> ("/" normally; tests use a fake root).
    /// Returned paths are host paths (root-prefixed), deduplicated, existing directories only.</summary>
    public static IReadOnlyList<string> Load(ushort elfMachine, string root = "/")
    {
        var dirs = new List<string>();
        ReadConf(root, "/etc/ld.so.conf", dirs, depth: 0);
        string? triplet = MultiarchTriplet(elfMachine);
        if (triplet != null) dirs.AddRange([$"/lib/{triplet}", $"/usr/lib/{triplet}"]);
        dirs.AddRange(["/lib", "/usr/lib", "/lib64", "/usr/lib64"]);
        return dirs.Select(d => Rooted(root, d.Length > 1 ? d.TrimEnd('/') : d))
            .Distinct(StringComparer.Ordinal)
            .Where(Directory.Exists)
            .ToList();
    }

    /// <summary>Debian's multiarch directory name for an ELF machine, e.g. x86_64-linux-gnu.</summary>
    public static string? MultiarchTriplet(ushort elfMachine) => elfMachine switch
    {
        Crashcart.Elf.ElfConstants.EM_X86_64 => "x86_64-linux-gnu",
        Crashcart.Elf.ElfConstants.EM_AARCH64 => "aarch64-linux-gnu",
        Crashcart.Elf.ElfConstants.EM_386 => "i386-linux-gnu",
        Crashcart.Elf.ElfConstants.EM_ARM => "arm-linux-gnueabihf",
        _ => null,
    };

    private static string Rooted(string root, string absolute) => root == "/" ? absolute : root.TrimEnd('/') + absolute;

    private static void ReadConf(string root, string confPath, List<string> dirs, int depth)
    {
        if (depth > 8) return; // include loops
        string hostPath = Rooted(root, confPath);
        if (!File.Exists(hostPath)) return;
        foreach (var raw in File.ReadLines(hostPath))
        {
            string line = raw.Split('#', 2)[0].Trim();
            if (line.Length == 0 || line.StartsWith("hwcap ", StringComparison.Ordinal)) continue;
            if (line.StartsWith("include", StringComparison.Ordinal) && line.Length > 7 && char.IsWhiteSpace(line[7]))
            {
                foreach (var pattern in line[8..].Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries))
                {
                    // Relative include patterns are relative to the including file's directory.
                    string abs = pattern.StartsWith('/') ? pattern : Path.Join(Path.GetDirectoryName(confPath), pattern);
                    foreach (var inc in ExpandGlob(root, abs)) ReadConf(root, inc, dirs, depth + 1);
                }
                continue;
            }
            foreach (var d in line.Split([' ', '\t', ':', ','], StringSplitOptions.RemoveEmptyEntries))
                if (d.StartsWith('/')) dirs.Add(d);
        }
    }

    /// <summary>Expands a glob whose wildcards are only in the last component (what ld.so.conf uses), sorted like glob(3).</summary>
    private static IEnumerable<string> ExpandGlob(string root, string pattern)
    {
        string dir = Path.GetDirectoryName(pattern) ?? "/";
        string name = Path.GetFileName(pattern);
        string hostDir = Rooted(root, dir);
        if (!Directory.Exists(hostDir)) return [];
        return Directory.EnumerateFiles(hostDir, name)
            .Select(f => Path.Join(dir, Path.GetFileName(f)))
            .Order(StringComparer.Ordinal);
    }
}
