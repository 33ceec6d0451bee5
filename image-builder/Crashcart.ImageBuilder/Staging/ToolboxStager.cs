// manifest → staged tree: finds the tools on the host, computes the library closure from the ELF files,
// plans every object of the image, copies it into an image-root directory, rewrites #! lines, writes
// wrappers and the shell rc, relocates every ELF with patchelf (staged copies only), checks the result,
// normalizes modes and times, and records what went in at .crashcart/manifest.json.
using System.Text;
using Crashcart.Elf;
using Crashcart.ImageBuilder.Closure;
using Crashcart.ImageBuilder.Manifest;
using Crashcart.ImageBuilder.Relocation;
using Serilog;

namespace Crashcart.ImageBuilder.Staging;

public sealed class ToolboxStager(ToolboxManifest manifest, StagerOptions options)
{
    private readonly ElfCache elfCache = new();
    private readonly List<string> problems = [];
    private readonly List<string> warnings = [];
    private readonly StagingPlan plan = new();
    private readonly List<StagedTool> tools = [];
    private readonly List<StagedFiles> files = [];
    private readonly List<ClosureRoot> roots = [];
    private Dictionary<string, string>? imagePathByHost;
    private string Prefix => manifest.Prefix;

    private sealed record StagedTool(ToolSpec Spec, string HostPath, string RealPath, string ImagePath, bool IsElf, string? Origin);
    private sealed record StagedFiles(FileSpec Spec, string Origin, List<string> ImagePaths);

    /// <summary>
    /// Stages the toolbox into <paramref name="imageRoot"/> (an empty or missing directory).
    /// Throws <see cref="ToolboxBuildException"/> listing every missing tool, file and library at once.
    /// </summary>
    public StageResult Stage(string imageRoot, IBuildStatus status)
    {
        status.Step($"resolving {manifest.Tools.Count} tools");
        PlanTools();
        status.Step("collecting files");
        foreach (var f in manifest.Files) PlanFiles(f, $"{manifest.FileName}:{f.Line} {f.Field}");
        foreach (var t in manifest.Tools)
            foreach (var f in t.Files) PlanFiles(f, $"{manifest.FileName}:{f.Line} {f.Field}");
        PlanScriptsAndWrappers();
        status.Step("computing library closure");
        var closure = PlanLibraries();
        if (manifest.Shell is { } shell)
            plan.Add(new PlannedEntry(shell.RcPath, PlannedKind.GeneratedFile, PlannedRole.Generated, 0x1A4,
                $"{manifest.FileName}:{shell.Line} shell", Content: Encoding.UTF8.GetBytes(ShellRcFile.Generate(Prefix, shell))));
        problems.AddRange(plan.Conflicts.Select(c => $"{manifest.FileName}: conflict: {c}"));
        if (problems.Count > 0) throw new ToolboxBuildException(problems);

        var patchelf = options.Patchelf ?? Patchelf.Locate();
        status.Step("copying files");
        Directory.CreateDirectory(imageRoot);
        if (Directory.EnumerateFileSystemEntries(imageRoot).Any())
            throw new IOException($"{imageRoot}: staging directory is not empty");
        WriteEntries(imageRoot);
        var elfEntries = plan.Entries.Where(e => e.IsElf).ToList();
        status.Step($"relocating {elfEntries.Count} ELF files");
        Relocate(imageRoot, elfEntries, patchelf);
        status.Step("writing build manifest");
        WriteBuildInfo(imageRoot, closure);
        NormalizeMetadata(imageRoot);

        long bytes = plan.Entries.Where(e => e.Kind is PlannedKind.CopiedFile or PlannedKind.GeneratedFile)
            .Sum(e => new FileInfo(Path.Join(imageRoot, e.ImagePath)).Length);
        return new StageResult(imageRoot, tools.Count, closure.Libraries.Count,
            plan.Entries.Count(e => e.Role == PlannedRole.Data && e.Kind == PlannedKind.CopiedFile),
            elfEntries.Count, bytes, warnings);
    }

    private void PlanTools()
    {
        foreach (var spec in manifest.Tools)
        {
            string at = $"{manifest.FileName}:{spec.Line}: {spec.Field}";
            string? host = spec.HostPath ?? ToolLocator.Find(spec.Name!, options.ToolSearchPath);
            if (host is null)
            {
                problems.Add($"{at}: '{spec.Name}' not found on the build host (searched {string.Join(":", options.ToolSearchPath)})");
                continue;
            }
            if (!File.Exists(host))
            {
                problems.Add($"{at}: {host}: file not found");
                continue;
            }
            string real = HostPath.Real(host);
            bool isElf;
            try { isElf = elfCache.TryRead(real) is not null; }
            catch (InvalidDataException e) { problems.Add($"{at}: {e.Message}"); continue; }
            if (!isElf && !StartsWithShebang(real))
            {
                problems.Add($"{at}: {host}: neither an ELF executable nor a #! script");
                continue;
            }
            string origin = $"{manifest.FileName}:{spec.Line} {spec.Field}";
            string imagePath = spec.NeedsWrapper ? $"{ToolboxManifest.WrappedDir}/{spec.ImageName}" : $"{ToolboxManifest.BinDir}/{spec.ImageName}";
            tools.Add(new StagedTool(spec, host, real, imagePath, isElf, origin));
            plan.Add(new PlannedEntry(imagePath, PlannedKind.CopiedFile, PlannedRole.Tool, 0x1ED, origin, HostPath: real, IsElf: isElf));
            foreach (var alias in spec.Aliases)
                plan.Add(new PlannedEntry($"{ToolboxManifest.BinDir}/{alias}", PlannedKind.Symlink, PlannedRole.Alias, 0x1FF, origin,
                    LinkTarget: spec.ImageName));
            if (isElf) roots.Add(new ClosureRoot(real, $"{spec.Field} ({spec.ImageName})", spec.Dlopen.Select(d => d.Value).ToList()));
            else if (spec.Dlopen.Count > 0)
                problems.Add($"{manifest.FileName}:{spec.Dlopen[0].Line}: {spec.Dlopen[0].Field}: dlopen needs an ELF tool, {host} is a script");
        }
    }

    private void PlanFiles(FileSpec spec, string origin)
    {
        if (!Path.Exists(spec.Source))
        {
            problems.Add($"{manifest.FileName}:{spec.Line}: {spec.Field}: {spec.Source}: file not found");
            return;
        }
        var staged = new StagedFiles(spec, origin, []);
        files.Add(staged);
        foreach (var item in TreeCollector.Collect(spec, warnings))
        {
            string imagePath = item.RelativePath.Length == 0 ? spec.Target : $"{spec.Target}/{item.RelativePath}";
            bool isElf = false;
            if (item.Kind == PlannedKind.CopiedFile)
            {
                try { isElf = elfCache.TryRead(item.HostPath!) is not null; }
                catch (InvalidDataException e) { warnings.Add($"{e.Message}: copied as data"); }
                if (isElf) roots.Add(new ClosureRoot(item.HostPath!, origin, []));
                staged.ImagePaths.Add(imagePath);
            }
            plan.Add(new PlannedEntry(imagePath, item.Kind, PlannedRole.Data, item.Mode, origin,
                HostPath: item.Kind == PlannedKind.CopiedFile ? item.HostPath : null, LinkTarget: item.LinkTarget, IsElf: isElf));
        }
    }

    /// <summary>Rewrites #! lines to the toolbox's interpreters and adds wrapper scripts. Needs the final bin/ names.</summary>
    private void PlanScriptsAndWrappers()
    {
        // Program name → absolute path inside the container, for #! rewriting.
        var programs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in tools)
            foreach (var n in t.Spec.Aliases.Prepend(t.Spec.ImageName))
                programs.TryAdd(n, $"{Prefix}/{ToolboxManifest.BinDir}/{n}");

        foreach (var t in tools.Where(t => !t.IsElf))
        {
            var content = File.ReadAllBytes(t.RealPath);
            var rewritten = RewriteShebang(content, programs, out string? error);
            if (rewritten is null)
                problems.Add($"{manifest.FileName}:{t.Spec.Line}: {t.Spec.Field}: script {t.HostPath} {error}");
            else
                plan.Replace(plan.Get(t.ImagePath)! with { Kind = PlannedKind.GeneratedFile, Content = rewritten, HostPath = null });
        }

        // Executable scripts among copied data: rewrite when possible; otherwise they stay data without the exec bit,
        // because their interpreter will not exist in the container.
        foreach (var e in plan.Entries.Where(e => e.Role == PlannedRole.Data && e.Kind == PlannedKind.CopiedFile && !e.IsElf && (e.Mode & 0x49) != 0).ToList())
        {
            if (!StartsWithShebang(e.HostPath!)) continue;
            var rewritten = RewriteShebang(File.ReadAllBytes(e.HostPath!), programs, out string? error);
            if (rewritten is not null)
                plan.Replace(e with { Kind = PlannedKind.GeneratedFile, Content = rewritten });
            else
            {
                Log.Debug("{Path}: {Error}; copied without the exec bit", e.HostPath, error);
                plan.Replace(e with { Mode = e.Mode & ~0x49u });
            }
        }

        var wrapped = tools.Where(t => t.Spec.NeedsWrapper).ToList();
        if (wrapped.Count == 0) return;
        // The wrapper's interpreter must be a real binary, not another wrapper (or itself).
        var sh = tools.FirstOrDefault(t => t.IsElf && t.Spec.Aliases.Prepend(t.Spec.ImageName).Contains("sh"));
        if (sh is null)
        {
            var first = wrapped[0].Spec;
            problems.Add($"{manifest.FileName}:{first.Line}: {first.Field}: env/args need a wrapper script, which needs an ELF tool named or aliased 'sh' (e.g. dash)");
            return;
        }
        foreach (var t in wrapped)
        {
            var launcher = t.Spec.Launcher.ToList();
            if (launcher.Count > 0 && !launcher[0].StartsWith('/'))
            {
                if (!programs.TryGetValue(launcher[0], out var launcherPath))
                {
                    problems.Add($"{manifest.FileName}:{t.Spec.Line}: {t.Spec.Field}: launcher '{launcher[0]}' is not a tool in the toolbox");
                    continue;
                }
                launcher[0] = launcherPath;
            }
            string script = WrapperScript.Generate($"{Prefix}/{sh.ImagePath}", t.Spec.ImageName, $"{Prefix}/{t.ImagePath}", t.Spec.Env, t.Spec.Args, launcher);
            plan.Add(new PlannedEntry($"{ToolboxManifest.BinDir}/{t.Spec.ImageName}", PlannedKind.GeneratedFile, PlannedRole.Wrapper, 0x1ED,
                t.Origin!, Content: Encoding.UTF8.GetBytes(script)));
        }
    }

    private byte[]? RewriteShebang(byte[] content, Dictionary<string, string> programs, out string? error)
    {
        error = null;
        var shebang = Shebang.Parse(content);
        if (shebang is null) return content;
        if (shebang.Interpreter.StartsWith(Prefix + "/", StringComparison.Ordinal)) return content;
        var target = shebang.Target();
        if (target is null)
        {
            error = $"has an unsupported #! line '#!{shebang.Interpreter} {shebang.Arguments}'";
            return null;
        }
        if (!programs.TryGetValue(target.Value.Program, out var replacement))
        {
            error = $"wants interpreter {shebang.Interpreter}{(shebang.Interpreter.EndsWith("/env") ? " " + target.Value.Program : "")}, " +
                $"which is not in the toolbox (add a tool named or aliased '{target.Value.Program}')";
            return null;
        }
        var result = shebang.Rewrite(content, replacement, target.Value.Arguments);
        if (Encoding.UTF8.GetByteCount($"#!{replacement} {target.Value.Arguments}") > Shebang.MaxLineBytes)
        {
            error = $"#! line would exceed {Shebang.MaxLineBytes} bytes after rewriting";
            return null;
        }
        return result;
    }

    private ClosureResult PlanLibraries()
    {
        var machine = roots.Select(r => elfCache.TryRead(r.HostPath)?.Header.Machine).FirstOrDefault(m => m is not null) ?? ElfConstants.EM_X86_64;
        var dirs = options.LibraryDirectories ?? SystemLibraryDirectories.Load(machine);
        var closure = new DependencyClosure(new LibraryResolver(dirs, elfCache), elfCache).Compute(roots);
        foreach (var m in closure.Missing)
            problems.Add($"{manifest.FileName}: library {m.Name} not found (needed by {m.NeededBy}; searched {string.Join(":", m.Searched)})");
        foreach (var c in closure.Conflicts)
            problems.Add($"{manifest.FileName}: library name conflict in the flat lib/ directory: {c}");
        var loaders = closure.Interpreters.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        foreach (var lib in closure.Libraries)
        {
            bool isLoader = loaders.Contains(lib.Name);
            plan.Add(new PlannedEntry($"{ToolboxManifest.LibDir}/{lib.Name}", PlannedKind.CopiedFile,
                isLoader ? PlannedRole.Loader : PlannedRole.Library, isLoader ? 0x1ED : TreeCollector.Mode(lib.HostPath),
                $"library closure ({lib.NeededBy[0]})", HostPath: HostPath.Real(lib.HostPath), IsElf: true));
        }
        return closure;
    }

    private void WriteEntries(string imageRoot)
    {
        foreach (var e in plan.Entries)
        {
            string dest = Path.Join(imageRoot, e.ImagePath);
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            switch (e.Kind)
            {
                case PlannedKind.Directory: Directory.CreateDirectory(dest); break;
                case PlannedKind.CopiedFile: File.Copy(e.HostPath!, dest); break;
                case PlannedKind.GeneratedFile: File.WriteAllBytes(dest, e.Content!); break;
                case PlannedKind.Symlink: File.CreateSymbolicLink(dest, e.LinkTarget!); break;
            }
            // patchelf needs to write the file; final modes are set after relocation.
            if (e.Kind is PlannedKind.CopiedFile or PlannedKind.GeneratedFile)
                File.SetUnixFileMode(dest, (UnixFileMode)(e.IsElf ? e.Mode | 0x180 : e.Mode));
        }
    }

    private void Relocate(string imageRoot, List<PlannedEntry> elfEntries, Patchelf patchelf)
    {
        string libDir = $"{Prefix}/{ToolboxManifest.LibDir}";
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.ForEach(elfEntries, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, e =>
        {
            string staged = Path.Join(imageRoot, e.ImagePath);
            try
            {
                ElfFile elf;
                using (var fs = File.OpenRead(staged)) elf = ElfFile.Read(fs);
                string? interp = elf.Interpreter is { } i ? $"{libDir}/{Path.GetFileName(i)}" : null;
                bool needsRunpath = elf.Needed.Count > 0 || elf.Rpath is not null || elf.Runpath is not null;
                if (interp == elf.Interpreter && (!needsRunpath || (elf.Runpath == libDir && elf.Rpath is null))) return;
                patchelf.Patch(staged, interp == elf.Interpreter ? null : interp, needsRunpath ? libDir : null);
                using var check = File.OpenRead(staged);
                var problems = RelocationCheck.Problems(ElfFile.Read(check), Prefix);
                if (problems.Count > 0) failures.Add($"{e.ImagePath} (from {e.HostPath}): {string.Join("; ", problems)}");
            }
            catch (Exception ex) when (ex is RelocationException or InvalidDataException or IOException)
            {
                failures.Add($"{e.ImagePath} (from {e.HostPath}): {ex.Message}");
            }
        });
        if (!failures.IsEmpty)
            throw new RelocationException(imageRoot, "relocation failed:\n" + string.Join('\n', failures.Order(StringComparer.Ordinal)));
        foreach (var e in elfEntries) File.SetUnixFileMode(Path.Join(imageRoot, e.ImagePath), (UnixFileMode)e.Mode);
    }

    private void WriteBuildInfo(string imageRoot, ClosureResult closure)
    {
        long SizeOf(string imagePath) => new FileInfo(Path.Join(imageRoot, imagePath)).Length;
        var info = new BuildInfo(Prefix,
            tools.Select(t => new BuildInfo.Item(t.Spec.ImageName, $"{ToolboxManifest.BinDir}/{t.Spec.ImageName}", t.HostPath,
                options.Dpkg.Owner(t.RealPath), SizeOf(t.ImagePath), t.Spec.Aliases, t.Spec.NeedsWrapper)).ToList(),
            closure.Libraries.Select(l => new BuildInfo.Item(l.Name, $"{ToolboxManifest.LibDir}/{l.Name}", l.HostPath,
                options.Dpkg.Owner(l.HostPath), SizeOf($"{ToolboxManifest.LibDir}/{l.Name}"), [], false)
                { NeededBy = l.NeededBy.Select(ImagePathOf).Distinct(StringComparer.Ordinal).ToList() }).ToList(),
            files.Select(f => new BuildInfo.Item(f.Spec.Target, f.Spec.Target, f.Spec.Source,
                options.Dpkg.Owner(f.Spec.Source), f.ImagePaths.Sum(SizeOf), [], false) { FileCount = f.ImagePaths.Count }).ToList());
        string path = Path.Join(imageRoot, ToolboxManifest.BuildInfoPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, info.ToJson());
        File.SetUnixFileMode(path, (UnixFileMode)0x1A4);
    }

    // The closure names requesters by the host path it found them at (a soname link, /lib before merged /usr);
    // the plan keys copied files by their real path. Falls back to the host path for anything not staged.
    private string ImagePathOf(string hostPath)
    {
        imagePathByHost ??= plan.Entries.Where(e => e.HostPath is not null)
            .GroupBy(e => e.HostPath!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ImagePath).Min(StringComparer.Ordinal)!, StringComparer.Ordinal);
        return imagePathByHost.GetValueOrDefault(hostPath) ?? imagePathByHost.GetValueOrDefault(HostPath.Real(hostPath)) ?? hostPath;
    }

    // Owner and mtime come from the packer (root, SOURCE_DATE_EPOCH); set mtimes here too so the staged
    // tree itself is reproducible (e.g. for mke2fs -d comparisons). Symlink times are clamped by the writer.
    private void NormalizeMetadata(string imageRoot)
    {
        var epoch = DateTimeOffset.FromUnixTimeSeconds(options.SourceDateEpoch).UtcDateTime;
        foreach (var path in Directory.EnumerateFileSystemEntries(imageRoot, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                     .Append(imageRoot))
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null) continue;
            if (Directory.Exists(path))
            {
                File.SetUnixFileMode(path, (UnixFileMode)0x1ED);
                Directory.SetLastWriteTimeUtc(path, epoch);
            }
            else File.SetLastWriteTimeUtc(path, epoch);
        }
    }

    private static bool StartsWithShebang(string path)
    {
        try
        {
            using var fs = File.OpenRead(path);
            Span<byte> two = stackalloc byte[2];
            return fs.Read(two) == 2 && two[0] == '#' && two[1] == '!';
        }
        catch (IOException) { return false; }
    }
}
