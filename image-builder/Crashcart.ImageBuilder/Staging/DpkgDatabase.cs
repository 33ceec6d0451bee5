// Which Debian package installed a host file, its version and source package: read from dpkg's own
// database (/var/lib/dpkg/info/*.list and status) instead of forking dpkg -S per file.
namespace Crashcart.ImageBuilder.Staging;

public sealed record PackageInfo(string Package, string Version, string SourcePackage);

public sealed class DpkgDatabase
{
    private readonly string adminDir;
    private Dictionary<string, List<string>>? ownersByPath;
    private Dictionary<string, PackageInfo>? packages;

    public DpkgDatabase(string adminDir = "/var/lib/dpkg") => this.adminDir = adminDir;

    public bool Available => Directory.Exists(Path.Join(adminDir, "info")) && File.Exists(Path.Join(adminDir, "status"));

    /// <summary>The package that owns <paramref name="hostPath"/> (trying its merged-/usr twins), or null if none / no dpkg.</summary>
    public PackageInfo? Owner(string hostPath)
    {
        if (!Available) return null;
        Load();
        foreach (var candidate in Candidates(hostPath))
        {
            if (!ownersByPath!.TryGetValue(candidate, out var owners)) continue;
            string pkg = owners.Order(StringComparer.Ordinal).First();
            string bare = pkg.Split(':')[0];
            if (packages!.TryGetValue(pkg, out var info) || packages.TryGetValue(bare, out info)) return info;
            return new PackageInfo(bare, "", bare);
        }
        return null;
    }

    // dpkg records the path a package shipped; on merged-/usr hosts /bin/x is /usr/bin/x, and the file
    // may be reached through symlinks (/etc/alternatives, soname links).
    private static IEnumerable<string> Candidates(string hostPath)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in new[] { hostPath, Closure.HostPath.Real(hostPath) })
        {
            foreach (var v in new[] { p, p.StartsWith("/usr/", StringComparison.Ordinal) ? p[4..] : "/usr" + p })
                if (seen.Add(v)) yield return v;
        }
    }

    private void Load()
    {
        if (ownersByPath is not null) return;
        var owners = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var list in Directory.EnumerateFiles(Path.Join(adminDir, "info"), "*.list").Order(StringComparer.Ordinal))
        {
            string pkg = Path.GetFileNameWithoutExtension(list);
            foreach (var line in File.ReadLines(list))
            {
                if (line.Length == 0) continue;
                if (!owners.TryGetValue(line, out var l)) owners[line] = l = [];
                l.Add(pkg);
            }
        }
        var pkgs = new Dictionary<string, PackageInfo>(StringComparer.Ordinal);
        string? name = null, version = null, source = null, arch = null;
        void Flush()
        {
            if (name is not null && version is not null)
            {
                var info = new PackageInfo(name, version, source ?? name);
                pkgs.TryAdd(name, info);
                if (arch is not null) pkgs.TryAdd($"{name}:{arch}", info);
            }
            name = version = source = arch = null;
        }
        foreach (var line in File.ReadLines(Path.Join(adminDir, "status")))
        {
            if (line.Length == 0) { Flush(); continue; }
            if (line.StartsWith("Package: ", StringComparison.Ordinal)) name = line[9..].Trim();
            else if (line.StartsWith("Version: ", StringComparison.Ordinal)) version = line[9..].Trim();
            else if (line.StartsWith("Architecture: ", StringComparison.Ordinal)) arch = line[14..].Trim();
            else if (line.StartsWith("Source: ", StringComparison.Ordinal)) source = line[8..].Split(' ', 2)[0].Trim(); // "glibc (2.36-9)"
        }
        Flush();
        ownersByPath = owners;
        packages = pkgs;
    }
}
