// 'crashcart-image build' of the default toolbox: e2fsck-clean, reproducible, nothing pointing at host
// paths outside the prefix, build manifest inside, the layout the sideloader relies on.
using System.Text.Json;
using Crashcart.Elf;
using Crashcart.Ext3;
using Crashcart.ImageBuilder.Relocation;
using Crashcart.ImageBuilder.Staging;
using Crashcart.ImageBuilder.Tests.Support;
using Crashcart.ImageBuilder.Tests.Toolbox;
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests;

[Collection(DefaultToolboxCollection.Name)]
public class BuildDefaultImageTests(DefaultToolboxImage toolbox)
{
    private const string Prefix = "/dev/crashcart";

    [SkippableFact]
    public void DefaultImage_IsCleanForE2fsck() => Fsck.AssertClean(toolbox.Image);

    [SkippableFact]
    public void DefaultImage_BuildingTwiceGivesTheSameBytes()
    {
        string second = DefaultToolboxImage.Build(toolbox.TempPath($"second-{Guid.NewGuid():N}.img"));
        try
        {
            var a = File.ReadAllBytes(toolbox.Image);
            var b = File.ReadAllBytes(second);
            Assert.Equal(a.Length, b.Length);
            int firstDiff = a.AsSpan().CommonPrefixLength(b);
            Assert.True(firstDiff == a.Length, $"images differ first at byte offset {firstDiff}");
        }
        finally { File.Delete(second); }
    }

    [SkippableFact]
    public void DefaultImage_NothingRefersToHostPathsOutsideThePrefix()
    {
        using var fs = File.OpenRead(toolbox.Image);
        using var img = Ext3Image.Open(fs);
        var problems = new List<string>();
        int elfCount = 0, scriptCount = 0;
        foreach (var (path, entry) in Walk(img, ""))
        {
            var st = img.Stat(path);
            if (entry.Kind == Ext3FileType.Symlink)
            {
                if (st.SymlinkTarget!.StartsWith('/') && !st.SymlinkTarget.StartsWith(Prefix + "/"))
                    problems.Add($"{path}: symlink to {st.SymlinkTarget}");
                continue;
            }
            if (entry.Kind != Ext3FileType.RegularFile || st.Size < 4) continue;
            using var content = img.OpenFile(path);
            var head = new byte[Math.Min(256, st.Size)];
            content.ReadExactly(head);
            if (ElfFile.HasElfMagic(head))
            {
                elfCount++;
                var ms = new MemoryStream();
                content.Position = 0;
                content.CopyTo(ms);
                var elf = ElfFile.Read(ms);
                problems.AddRange(RelocationCheck.Problems(elf, Prefix).Select(p => $"{path}: {p}"));
                if (elf.Interpreter is { } interp && interp != $"{Prefix}/lib/ld-linux-x86-64.so.2")
                    problems.Add($"{path}: PT_INTERP {interp}");
                if (elf.Runpath is { } rp && rp != $"{Prefix}/lib") problems.Add($"{path}: RUNPATH {rp}");
                if (elf.Rpath is not null) problems.Add($"{path}: has DT_RPATH {elf.Rpath}");
            }
            else if (Shebang.Parse(head) is { } shebang && (st.Mode & 0x49) != 0)
            {
                scriptCount++;
                if (!shebang.Interpreter.StartsWith(Prefix + "/")) problems.Add($"{path}: #!{shebang.Interpreter}");
                else if (!Exists(img, shebang.Interpreter[(Prefix.Length + 1)..])) problems.Add($"{path}: #!{shebang.Interpreter} is not in the image");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(elfCount > 200, $"only {elfCount} ELF files");
        Assert.True(scriptCount >= 10, $"only {scriptCount} scripts"); // wrappers, gunzip, zcat, egrep...
    }

    [SkippableFact]
    public void DefaultImage_HasTheLayoutTheSideloaderUses()
    {
        using var fs = File.OpenRead(toolbox.Image);
        using var img = Ext3Image.Open(fs);
        Assert.Equal(Ext3FileType.RegularFile, img.Stat("/lib/ld-linux-x86-64.so.2").Kind);
        Assert.Equal(Ext3FileType.RegularFile, img.Stat("/bin/bash").Kind);
        Assert.Equal("dash", img.Stat("/bin/sh").SymlinkTarget);
        Assert.Equal("vim", img.Stat("/bin/vi").SymlinkTarget);
        string gdb = ReadText(img, "/bin/gdb");
        Assert.StartsWith($"#!{Prefix}/bin/dash\n", gdb);
        Assert.Contains($"export PYTHONHOME='{Prefix}/usr'", gdb);
        Assert.Contains($"exec '{Prefix}/libexec/crashcart/gdb' '--data-directory={Prefix}/usr/share/gdb' \"$@\"", gdb);
        Assert.Equal(Ext3FileType.Directory, img.Stat("/usr/lib/python3.11/lib-dynload").Kind);
        Assert.Equal(Ext3FileType.RegularFile, img.Stat("/usr/share/gdb/python/gdb/__init__.py").Kind);
        Assert.Equal(Ext3FileType.RegularFile, img.Stat("/usr/lib/file/magic.mgc").Kind);
        Assert.Equal(Ext3FileType.RegularFile, img.Stat("/lib/terminfo/x/xterm").Kind);
        Assert.Throws<FileNotFoundException>(() => img.Stat("/usr/lib/python3.11/__pycache__"));
        // Python modules excluded for size, and the libraries only they needed.
        Assert.Throws<FileNotFoundException>(() => img.Stat("/usr/lib/python3.11/lib-dynload/_sqlite3.cpython-311-x86_64-linux-gnu.so"));
        Assert.Throws<FileNotFoundException>(() => img.Stat("/lib/libsqlite3.so.0"));
        Assert.Throws<FileNotFoundException>(() => img.Stat("/lib/libdb-5.3.so"));
        string rc = ReadText(img, "/etc/crashcartrc");
        Assert.Contains("CRASHCART_TARGET", rc);
        Assert.Contains($"TERMINFO_DIRS='{Prefix}/lib/terminfo:{Prefix}/usr/share/terminfo'", rc);
        Assert.Contains($"{Prefix}/bin", rc);
        // Owner root, one timestamp, no setuid.
        foreach (var p in new[] { "/bin/bash", "/lib/libc.so.6", "/etc/crashcartrc", "/usr" })
        {
            var st = img.Stat(p);
            Assert.Equal((0u, 0u), (st.Uid, st.Gid));
            Assert.Equal(BuildEpoch.Default, st.Mtime);
            Assert.Equal(0u, st.Mode & 0xE00);
        }
        Assert.Equal("crashcart", img.Superblock.VolumeName);
    }

    [SkippableFact]
    public void DefaultImage_CarriesABuildManifest_ListedByLs()
    {
        using var fs = File.OpenRead(toolbox.Image);
        using var img = Ext3Image.Open(fs);
        using var doc = JsonDocument.Parse(ReadText(img, "/.crashcart/manifest.json"));
        var root = doc.RootElement;
        Assert.Equal(Prefix, root.GetProperty("prefix").GetString());
        var tools = root.GetProperty("tools").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal("bash", tools["bash"].GetProperty("package").GetString());
        Assert.False(string.IsNullOrEmpty(tools["bash"].GetProperty("version").GetString()));
        Assert.Equal("procps", tools["ps"].GetProperty("sourcePackage").GetString());
        Assert.Equal("vim-tiny", tools["vim"].GetProperty("package").GetString());
        Assert.True(tools["gdb"].GetProperty("wrapper").GetBoolean());
        Assert.True(tools["gdb"].GetProperty("size").GetInt64() > 1_000_000);
        var libs = root.GetProperty("libraries").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal("glibc", libs["libc.so.6"].GetProperty("sourcePackage").GetString());
        string[] NeededBy(string lib) => [.. libs[lib].GetProperty("neededBy").EnumerateArray().Select(n => n.GetString()!)];
        Assert.Contains("libexec/crashcart/bash", NeededBy("libtinfo.so.6")); // bash has args: the real binary sits behind a wrapper
        Assert.Contains("libexec/crashcart/gdb", NeededBy("libpython3.11.so.1.0"));
        Assert.Contains("lib/libpython3.11.so.1.0", NeededBy("libexpat.so.1")); // transitive: named by image path

        var ls = CrashcartImageCli.Run("ls", toolbox.Image);
        Assert.True(ls.ExitCode == 0, ls.ToString());
        Assert.Matches(@"(?m)^strace +\S+ +strace +\S+$", ls.Stdout);
    }

    private static bool Exists(Ext3Image img, string imagePath)
    {
        try { img.Stat("/" + imagePath); return true; }
        catch (Exception e) when (e is FileNotFoundException or IOException) { return false; }
    }

    private static string ReadText(Ext3Image img, string path)
    {
        using var s = img.OpenFile(path);
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    private static IEnumerable<(string Path, Ext3DirEntry Entry)> Walk(Ext3Image img, string dir)
    {
        foreach (var e in img.List(dir.Length == 0 ? "/" : dir))
        {
            string p = $"{dir}/{e.Name}";
            yield return (p, e);
            if (e.Kind == Ext3FileType.Directory) foreach (var x in Walk(img, p)) yield return x;
        }
    }
}
