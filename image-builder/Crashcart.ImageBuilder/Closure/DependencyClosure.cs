// Walks DT_NEEDED from the roots to a fixed point, reading the ELF files themselves (never running
// ldd on them). The toolbox keeps libraries flat in lib/, so every name must map to one file.
namespace Crashcart.ImageBuilder.Closure;

public sealed class DependencyClosure(LibraryResolver resolver, ElfCache cache)
{
    public ClosureResult Compute(IEnumerable<ClosureRoot> roots)
    {
        var libs = new SortedDictionary<string, (string HostPath, SortedSet<string> NeededBy)>(StringComparer.Ordinal);
        var interpreters = new SortedSet<string>(StringComparer.Ordinal);
        var missing = new List<MissingLibrary>();
        var conflicts = new SortedSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);

        void Add(string name, string hostPath, string neededBy)
        {
            if (libs.TryGetValue(name, out var have))
            {
                if (have.HostPath != hostPath && !SameFile(have.HostPath, hostPath))
                    conflicts.Add($"lib/{name}: both {have.HostPath} and {hostPath} (needed by {neededBy})");
                have.NeededBy.Add(neededBy);
                return;
            }
            libs[name] = (hostPath, new SortedSet<string>(StringComparer.Ordinal) { neededBy });
        }

        // Depth-first with the loader chain, because DT_RPATH is inherited from the objects that load a library.
        void Walk(LoadedObject obj, IReadOnlyList<LoadedObject> loaders, IEnumerable<string> extraNeeded)
        {
            var chain = loaders.Prepend(obj).ToList();
            foreach (var needed in obj.Elf.Needed.Concat(extraNeeded))
            {
                string? found = resolver.Resolve(needed, obj, loaders);
                string name = Path.GetFileName(needed);
                if (found is null)
                {
                    if (!missing.Any(m => m.Name == needed && m.NeededBy == obj.HostPath))
                        missing.Add(new MissingLibrary(needed, obj.HostPath,
                            needed.Contains('/') ? [needed] : resolver.SearchDirectories(obj, loaders).ToList()));
                    continue;
                }
                Add(name, found, obj.HostPath);
                if (!visited.Add(found)) continue;
                if (cache.TryRead(found) is { } elf) Walk(new LoadedObject(found, elf), chain, []);
            }
        }

        foreach (var root in roots.OrderBy(r => r.HostPath, StringComparer.Ordinal))
        {
            var elf = cache.TryRead(root.HostPath)
                ?? throw new InvalidDataException($"{root.HostPath}: not an ELF file ({root.Description})");
            if (elf.Interpreter is { } interp)
            {
                interpreters.Add(interp);
                Add(Path.GetFileName(interp), interp, root.HostPath);
            }
            if (!visited.Add(root.HostPath) && root.Dlopen.Count == 0) continue;
            Walk(new LoadedObject(root.HostPath, elf), [], root.Dlopen);
        }

        return new ClosureResult(
            libs.Select(kv => new ResolvedLibrary(kv.Key, kv.Value.HostPath, kv.Value.NeededBy.ToList())).ToList(),
            interpreters.ToList(),
            missing.OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.NeededBy, StringComparer.Ordinal).ToList(),
            conflicts.ToList());
    }

    // /lib → /usr/lib (merged /usr) and soname symlinks make one file appear under several paths.
    private static bool SameFile(string a, string b)
    {
        try
        {
            string ra = HostPath.Real(a), rb = HostPath.Real(b);
            if (ra == rb) return true;
            var fa = new FileInfo(ra); var fb = new FileInfo(rb);
            return fa.Length == fb.Length && File.ReadAllBytes(ra).AsSpan().SequenceEqual(File.ReadAllBytes(rb));
        }
        catch (IOException) { return false; }
    }
}
