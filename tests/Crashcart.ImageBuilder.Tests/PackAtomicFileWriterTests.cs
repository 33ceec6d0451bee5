// AtomicFileWriter: all-or-nothing output files, no temp file left behind on any path, durable once committed.
using Crashcart.ImageBuilder.Packing;
using Crashcart.ImageBuilder.Tests.Support;
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests;

public class PackAtomicFileWriterTests
{
    [Fact]
    public void Commit_replaces_the_target_and_leaves_no_temp_file()
    {
        using var dir = new TempDir();
        string target = dir.Combine("out.img");
        File.WriteAllText(target, "old");
        using (var w = AtomicFileWriter.Create(target))
        {
            Assert.Equal(dir.Path, Path.GetDirectoryName(w.TempPath));
            Assert.StartsWith(".out.img.tmp-", Path.GetFileName(w.TempPath));
            w.Stream.Write("new"u8);
            Assert.Equal("old", File.ReadAllText(target)); // readers see the old file until the commit
            w.Commit();
        }
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Equal([target], OutputDir.List(dir.Path));
    }

    [Fact]
    public void Dispose_without_commit_deletes_the_temp_file_and_keeps_the_old_target()
    {
        using var dir = new TempDir();
        string target = dir.Combine("out.img");
        File.WriteAllText(target, "old");
        string temp;
        using (var w = AtomicFileWriter.Create(target))
        {
            temp = w.TempPath;
            w.Stream.Write(new byte[100_000]);
            Assert.True(File.Exists(temp));
        }
        Assert.False(File.Exists(temp));
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal([target], OutputDir.List(dir.Path));
    }

    [Fact]
    public void Create_in_a_missing_directory_names_the_directory()
    {
        using var dir = new TempDir();
        string missing = dir.Combine("no-such-dir");
        var e = Assert.Throws<OutputPathException>(() => AtomicFileWriter.Create(Path.Combine(missing, "x.img")));
        Assert.Equal($"output directory does not exist: {missing}", e.Message);
    }

    [Fact]
    public void Create_over_a_directory_refuses()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("d"));
        var e = Assert.Throws<OutputPathException>(() => AtomicFileWriter.Create(dir.Combine("d")));
        Assert.Equal($"output path is a directory: {dir.Combine("d")}", e.Message);
    }

    [SkippableFact]
    public void Create_in_a_read_only_directory_names_the_directory()
    {
        Prerequisites.RequireRoot(); // root ignores permission bits: a read-only tmpfs mount is the honest test
        using var dir = new TempDir();
        Exec.Check("mount", "-t", "tmpfs", "-o", "ro,size=1M", "tmpfs", dir.Path);
        try
        {
            var e = Assert.Throws<OutputPathException>(() => AtomicFileWriter.Create(dir.Combine("x.img")));
            Assert.StartsWith("cannot create a file in the output directory", e.Message);
            Assert.EndsWith(": " + dir.Path, e.Message);
            Assert.Empty(OutputDir.List(dir.Path));
        }
        finally
        {
            Exec.Check("umount", dir.Path);
        }
    }

    [SkippableFact]
    public void Pack_fsyncs_the_file_before_the_rename_and_the_directory_after_it()
    {
        Prerequisites.RequireTool("strace");
        using var dir = new TempDir();
        string src = dir.Combine("src"), outDir = dir.Combine("out"), img = Path.Combine(outDir, "t.img"), trace = dir.Combine("trace");
        Directory.CreateDirectory(src);
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(src, "f"), "x");
        // -y prints the path behind every descriptor, so "fsync(7</…/out>)" shows which object was flushed.
        var r = Exec.Run("strace", ["-f", "-qq", "-y", "-e", "trace=fsync,fdatasync,rename,renameat,renameat2", "-o", trace,
            "dotnet", CrashcartImageCli.DllPath, "pack", src, "-o", img], timeoutMs: 300_000);
        Assert.True(r.ExitCode == 0, r.ToString());
        var calls = File.ReadAllLines(trace);
        string all = string.Join("\n", calls);
        int rename = Array.FindIndex(calls, l => l.Contains("rename") && l.Contains($"\"{img}\""));
        Assert.True(rename >= 0, $"no rename onto {img} in the trace:\n{all}");
        Assert.True(calls[..rename].Any(l => l.Contains("sync(") && l.Contains($"<{outDir}/.t.img.tmp-")),
            $"the temp file was not fsync'd before the rename:\n{all}");
        Assert.True(calls[(rename + 1)..].Any(l => l.Contains("fsync(") && l.Contains($"<{outDir}>")),
            $"{outDir} was not fsync'd after the rename:\n{all}");
    }

    [Fact]
    public void Long_target_names_still_get_a_valid_temp_name()
    {
        using var dir = new TempDir();
        string target = dir.Combine(new string('i', 250));
        using (var w = AtomicFileWriter.Create(target))
        {
            w.Stream.Write("x"u8);
            w.Commit();
        }
        Assert.Equal("x", File.ReadAllText(target));
    }
}
