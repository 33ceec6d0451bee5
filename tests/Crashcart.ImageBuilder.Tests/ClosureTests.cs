// Dependency closure from ELF files: real host binaries, $ORIGIN RUNPATHs made with patchelf on temp copies,
// RPATH/RUNPATH precedence, missing libraries, ld.so.conf parsing.
using Crashcart.ImageBuilder.Closure;
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests;

public class ClosureTests
{
    private static readonly IReadOnlyList<string> HostDirs = SystemLibraryDirectories.Load(Crashcart.Elf.ElfConstants.EM_X86_64);

    private static ClosureResult Closure(string path, params string[] dlopen)
    {
        var cache = new ElfCache();
        return new DependencyClosure(new LibraryResolver(HostDirs, cache), cache).Compute([new ClosureRoot(path, "test", dlopen)]);
    }

    [Fact]
    public void Bash_NeedsTinfoLibcAndTheLoader()
    {
        var c = Closure("/bin/bash");
        Assert.Empty(c.Missing);
        Assert.Empty(c.Conflicts);
        var names = c.Libraries.Select(l => l.Name).ToList();
        Assert.Equal(["ld-linux-x86-64.so.2", "libc.so.6", "libtinfo.so.6"], names);
        Assert.Equal(["/lib64/ld-linux-x86-64.so.2"], c.Interpreters);
        Assert.All(c.Libraries, l => Assert.True(File.Exists(l.HostPath), l.HostPath));
        Assert.Contains("/bin/bash", c.Libraries.Single(l => l.Name == "libtinfo.so.6").NeededBy);
    }

    [Fact]
    public void Gdb_ClosureIsTransitiveAndComplete()
    {
        var c = Closure("/usr/bin/gdb");
        Assert.Empty(c.Missing);
        var names = c.Libraries.Select(l => l.Name).ToHashSet();
        Assert.Contains("libpython3.11.so.1.0", names);
        Assert.Contains("libexpat.so.1", names); // needed by libpython, not by gdb directly
        Assert.Equal(names.Order(StringComparer.Ordinal), c.Libraries.Select(l => l.Name));
    }

    [Fact]
    public void Dlopen_AddsLibrariesWithoutDtNeeded()
    {
        var c = Closure("/bin/bash", "libz.so.1");
        Assert.Contains(c.Libraries, l => l.Name == "libz.so.1");
    }

    [SkippableFact]
    public void OriginRunpath_WinsOverSystemDirectories()
    {
        Prerequisites.RequireTool("patchelf");
        using var tmp = new TempDir("crashcart-closure");
        Directory.CreateDirectory(tmp.Combine("bin"));
        Directory.CreateDirectory(tmp.Combine("private"));
        File.Copy("/bin/bash", tmp.Combine("bin", "bash"));
        File.Copy("/lib/x86_64-linux-gnu/libtinfo.so.6", tmp.Combine("private", "libtinfo.so.6"));
        Exec.Check("patchelf", "--set-rpath", "$ORIGIN/../private", tmp.Combine("bin", "bash"));

        var c = Closure(tmp.Combine("bin", "bash"));
        Assert.Equal(tmp.Combine("private", "libtinfo.so.6"), c.Libraries.Single(l => l.Name == "libtinfo.so.6").HostPath);
        Assert.StartsWith("/lib", c.Libraries.Single(l => l.Name == "libc.so.6").HostPath); // not in $ORIGIN dir: system
    }

    [SkippableFact]
    public void Rpath_IsIgnoredWhenRunpathIsPresent_AndInheritedOtherwise()
    {
        Prerequisites.RequireTool("patchelf");
        using var tmp = new TempDir("crashcart-closure");
        Directory.CreateDirectory(tmp.Combine("a"));
        File.Copy("/bin/bash", tmp.Combine("bash"));
        File.Copy("/lib/x86_64-linux-gnu/libtinfo.so.6", tmp.Combine("a", "libtinfo.so.6"));
        // DT_RPATH (forced): searched first.
        Exec.Check("patchelf", "--force-rpath", "--set-rpath", tmp.Combine("a"), tmp.Combine("bash"));
        Assert.Equal(tmp.Combine("a", "libtinfo.so.6"), Closure(tmp.Combine("bash")).Libraries.Single(l => l.Name == "libtinfo.so.6").HostPath);

        var resolver = new LibraryResolver(HostDirs, new ElfCache());
        var exe = new LoadedObject(tmp.Combine("bash"), ReadElf(tmp.Combine("bash")));
        var libc = new LoadedObject("/lib/x86_64-linux-gnu/libc.so.6", ReadElf("/lib/x86_64-linux-gnu/libc.so.6"));
        // The executable's DT_RPATH is inherited by a library without DT_RUNPATH...
        Assert.Equal(tmp.Combine("a"), resolver.SearchDirectories(libc, [exe]).First());
        // ...but a DT_RUNPATH on the executable is not inherited.
        Exec.Check("patchelf", "--set-rpath", tmp.Combine("a"), tmp.Combine("bash")); // converts to DT_RUNPATH
        var exe2 = new LoadedObject(tmp.Combine("bash"), ReadElf(tmp.Combine("bash")));
        Assert.NotNull(exe2.Elf.Runpath);
        Assert.DoesNotContain(tmp.Combine("a"), resolver.SearchDirectories(libc, [exe2]));
    }

    [SkippableFact]
    public void MissingLibraries_AreAllListed()
    {
        Prerequisites.RequireTool("patchelf");
        using var tmp = new TempDir("crashcart-closure");
        File.Copy("/bin/bash", tmp.Combine("bash"));
        Exec.Check("patchelf", "--add-needed", "libnothere.so.1", "--add-needed", "libalsonothere.so.2", tmp.Combine("bash"));
        var c = Closure(tmp.Combine("bash"), "libdlopenmissing.so.3");
        Assert.Equal(["libalsonothere.so.2", "libdlopenmissing.so.3", "libnothere.so.1"], c.Missing.Select(m => m.Name));
        Assert.All(c.Missing, m => Assert.Equal(tmp.Combine("bash"), m.NeededBy));
        Assert.Contains("/usr/lib/x86_64-linux-gnu", c.Missing[0].Searched);
    }

    [Fact]
    public void ExpandPath_HandlesOriginForms()
    {
        Assert.Equal(["/opt/x/lib", "/opt/x/bin/sub", "/abs"],
            LibraryResolver.ExpandPath("$ORIGIN/../lib:${ORIGIN}/sub::/abs", "/opt/x/bin/tool").ToList());
        Assert.Equal(["/usr/lib/x86_64-linux-gnu"], LibraryResolver.ExpandPath("/usr/$LIB", "/x").ToList());
    }

    [Fact]
    public void LdSoConf_IncludesAreFollowedInOrder()
    {
        using var root = new TempDir("crashcart-ldconf");
        Directory.CreateDirectory(root.Combine("etc", "ld.so.conf.d"));
        foreach (var d in new[] { "opt/b", "opt/a", "opt/c", "lib/x86_64-linux-gnu", "usr/lib" })
            Directory.CreateDirectory(root.Combine(d.Split('/')));
        File.WriteAllText(root.Combine("etc", "ld.so.conf"), "# comment\n/opt/c\ninclude /etc/ld.so.conf.d/*.conf\n/opt/missing\n");
        File.WriteAllText(root.Combine("etc", "ld.so.conf.d", "b.conf"), "/opt/b\n");
        File.WriteAllText(root.Combine("etc", "ld.so.conf.d", "a.conf"), "/opt/a # trailing comment\n");
        var dirs = SystemLibraryDirectories.Load(Crashcart.Elf.ElfConstants.EM_X86_64, root.Path);
        Assert.Equal(new[] { "opt/c", "opt/a", "opt/b", "lib/x86_64-linux-gnu", "lib", "usr/lib" }.Select(d => root.Combine(d.Split('/'))), dirs);
    }

    [Fact]
    public void HostPathReal_ResolvesMergedUsrAndAlternatives()
    {
        Assert.Equal("/usr/bin/bash", HostPath.Real("/bin/bash"));
        Assert.Equal("/usr/bin/gawk", HostPath.Real("/usr/bin/awk")); // awk → /etc/alternatives/awk → gawk
    }

    private static Crashcart.Elf.ElfFile ReadElf(string path)
    {
        using var fs = File.OpenRead(path);
        return Crashcart.Elf.ElfFile.Read(fs);
    }
}
