// 'crashcart-image pack' run as a real process: images e2fsck accepts and the kernel mounts with every
// entry intact, reproducibility, options, and every bad input (exit code, message, nothing left behind).
using Crashcart.ImageBuilder.Tests.Support;
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests;

public class PackCommandTests
{
    [SkippableTheory]
    [InlineData("root", null)]
    [InlineData("keep", null)]
    [InlineData("root", 1_500_000_000L)] // older than the tree: every time is clamped
    public void Pack_gives_an_image_that_e2fsck_accepts_and_mounts_with_every_entry_intact(string owner, long? epoch)
    {
        Prerequisites.RequireLoopDevices();
        using var dir = new TempDir();
        string src = dir.Combine("src"), img = dir.Combine("out", "t.img");
        Directory.CreateDirectory(src);
        Directory.CreateDirectory(dir.Combine("out"));
        SampleTree.Create(src, withDevices: true, withSocket: true);
        // Some non-root owners so --owner keep has something to keep (chown -h: the link itself).
        Exec.Check("chown", "-h", "1000:2000", Path.Combine(src, "etc", "passwd"), Path.Combine(src, "links", "fast"), Path.Combine(src, "tmp"));
        Exec.Check("chown", "-h", "4242:0", Path.Combine(src, "dev-null"));

        var env = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = epoch?.ToString() };
        var r = CrashcartImageCli.Run(["pack", src, "-o", img, "--owner", owner], env);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"skipping socket (ext3 images cannot carry live sockets): {Path.Combine(src, "live.sock")}", r.Stderr);
        Assert.Matches(@"packed \d+ entries", r.Stderr);
        Assert.Equal([img], OutputDir.List(dir.Combine("out")));

        Fsck.AssertClean(img);
        using var mount = new LoopMount(img);
        TreeComparer.AssertSame(src, mount.MountPoint, keepOwner: owner == "keep", sourceDateEpoch: epoch);
    }

    [SkippableFact]
    public void Pack_keeps_hard_links_to_fifos_devices_and_symlinks_as_hard_links()
    {
        Prerequisites.RequireLoopDevices(); // mknod and the loop mount need root
        using var dir = new TempDir();
        string src = dir.Combine("src"), img = dir.Combine("t.img");
        Directory.CreateDirectory(Path.Combine(src, "sub"));
        File.WriteAllText(Path.Combine(src, "file"), "shared");
        Exec.Check("mkfifo", "-m", "0600", Path.Combine(src, "fifo"));
        Exec.Check("mknod", "-m", "0660", Path.Combine(src, "chr"), "c", "1", "7");
        Exec.Check("mknod", "-m", "0660", Path.Combine(src, "blk"), "b", "7", "300");
        File.CreateSymbolicLink(Path.Combine(src, "symlink"), "file");
        // Each group: the first name and its other names, as "ln -P" (never through a symlink) makes them.
        (string First, string[] Others)[] groups =
        [
            ("file", ["sub/file-2"]), ("fifo", ["fifo-2", "sub/fifo-3"]), ("chr", ["sub/chr-2"]),
            ("blk", ["blk-2"]), ("symlink", ["sub/symlink-2", "symlink-3"]),
        ];
        foreach (var (first, others) in groups)
            foreach (var o in others) Exec.Check("ln", "-P", "--", Path.Combine(src, first), Path.Combine(src, o));

        var r = CrashcartImageCli.Run("pack", src, "-o", img);
        Assert.True(r.ExitCode == 0, r.ToString());
        Fsck.AssertClean(img);
        using var mount = new LoopMount(img);
        TreeComparer.AssertSame(src, mount.MountPoint, keepOwner: false);
        foreach (var (first, others) in groups)
        {
            var st = Crashcart.Interop.FileStatus.Lstat(Path.Combine(mount.MountPoint, first));
            Assert.True(st.Nlink == (ulong)(1 + others.Length), $"/{first}: link count {st.Nlink} in the image, expected {1 + others.Length}");
            foreach (var o in others)
                Assert.True(Crashcart.Interop.FileStatus.Lstat(Path.Combine(mount.MountPoint, o)).Ino == st.Ino,
                    $"/{o}: not the same inode as /{first} in the image");
        }
    }

    [Fact]
    public void Pack_is_byte_identical_for_the_same_tree_in_any_creation_order()
    {
        using var dir = new TempDir();
        string a = dir.Combine("a"), b = dir.Combine("b");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(b);
        SampleTree.Create(a, reverse: false, withDevices: Prerequisites.IsRoot);
        SampleTree.Create(b, reverse: true, withDevices: Prerequisites.IsRoot);

        foreach (var (src, img) in new[] { (a, "a1.img"), (a, "a2.img"), (b, "b.img") })
        {
            var r = CrashcartImageCli.Run("pack", src, "-o", dir.Combine(img));
            Assert.True(r.ExitCode == 0, r.ToString());
        }
        Assert.True(FileCompare.Equal(dir.Combine("a1.img"), dir.Combine("a2.img")), "two packs of one tree differ");
        Assert.True(FileCompare.Equal(dir.Combine("a1.img"), dir.Combine("b.img")), "packs of a tree and of its reverse-created copy differ");
    }

    [Fact]
    public void Pack_with_SOURCE_DATE_EPOCH_ignores_newer_host_times()
    {
        using var dir = new TempDir();
        string a = dir.Combine("a"), b = dir.Combine("b");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(b);
        SampleTree.Create(a, withDevices: false);
        SampleTree.Create(b, withDevices: false, reverse: true);
        foreach (var p in TreeWalk.Paths(b)) SampleTree.SetMtime(Path.Combine(b, p), SampleTree.Mtime + 12345);

        var env = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1500000000" };
        Assert.Equal(0, CrashcartImageCli.Run(["pack", a, "-o", dir.Combine("a.img")], env).ExitCode);
        Assert.Equal(0, CrashcartImageCli.Run(["pack", b, "-o", dir.Combine("b.img")], env).ExitCode);
        Assert.True(FileCompare.Equal(dir.Combine("a.img"), dir.Combine("b.img")));
    }

    [Fact]
    public void Pack_honours_size_label_uuid_and_block_size()
    {
        Prerequisites.RequireTool("dumpe2fs");
        using var dir = new TempDir();
        string src = dir.Combine("src"), img = dir.Combine("t.img");
        Directory.CreateDirectory(src);
        SampleTree.Create(src, withDevices: false);
        var r = CrashcartImageCli.Run("pack", src, "-o", img, "--size", "48M", "--label", "toolbox",
            "--uuid", "0d8c3b0e-5b8f-4a53-9d55-2f1e6a7c9b10", "--block-size", "1024");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(48L << 20, new FileInfo(img).Length);
        string header = Exec.Check("dumpe2fs", "-h", img).Stdout;
        Assert.Matches(@"Filesystem volume name:\s+toolbox\n", header);
        Assert.Matches(@"Filesystem UUID:\s+0d8c3b0e-5b8f-4a53-9d55-2f1e6a7c9b10\n", header);
        Assert.Matches(@"Block size:\s+1024\n", header);
        Assert.Matches(@"Filesystem features:.*has_journal", header);
        Fsck.AssertClean(img);
    }

    [Fact]
    public void Pack_headroom_grows_the_image_over_the_minimum()
    {
        using var dir = new TempDir();
        string src = dir.Combine("src");
        Directory.CreateDirectory(src);
        SampleTree.Create(src, withDevices: false);
        Assert.Equal(0, CrashcartImageCli.Run("pack", src, "-o", dir.Combine("0.img"), "--headroom", "0%").ExitCode);
        Assert.Equal(0, CrashcartImageCli.Run("pack", src, "-o", dir.Combine("abs.img"), "--headroom", "16M").ExitCode);
        Assert.Equal(0, CrashcartImageCli.Run("pack", src, "-o", dir.Combine("default.img")).ExitCode);
        long min = new FileInfo(dir.Combine("0.img")).Length;
        long abs = new FileInfo(dir.Combine("abs.img")).Length;
        long dflt = new FileInfo(dir.Combine("default.img")).Length;
        Assert.InRange(abs - min, 16L << 20, (16L << 20) + (2L << 20)); // rounding to whole blocks/groups only
        Assert.True(dflt > min, $"default headroom (10%) gave {dflt} bytes, no more than the minimum {min}");
        Fsck.AssertClean(dir.Combine("0.img"));
    }

    public static TheoryData<string, string[], int, string> UsageErrors => new()
    {
        { "no -o", ["pack", "{src}"], 2, "Option '--output' is required" },
        { "bad size", ["pack", "{src}", "-o", "{out}", "--size", "12X"], 2, "--size: '12X' is not a size" },
        { "bad headroom", ["pack", "{src}", "-o", "{out}", "--headroom", "lots"], 2, "--headroom: 'lots' is neither" },
        { "bad owner", ["pack", "{src}", "-o", "{out}", "--owner", "nobody"], 2, "nobody" },
        { "bad uuid", ["pack", "{src}", "-o", "{out}", "--uuid", "xyz"], 2, "--uuid: 'xyz' is not a UUID" },
        { "bad block size", ["pack", "{src}", "-o", "{out}", "--block-size", "512"], 2, "512" },
        { "long label", ["pack", "{src}", "-o", "{out}", "--label", "seventeen-bytes!!"], 2, "--label: 'seventeen-bytes!!' is longer than 16 bytes" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public void Pack_usage_errors_exit_2_and_write_nothing(string why, string[] args, int exit, string message)
    {
        using var dir = new TempDir();
        string src = dir.Combine("src"), outDir = dir.Combine("out");
        Directory.CreateDirectory(src);
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(src, "f"), "x");
        var r = CrashcartImageCli.Run(args.Select(a => a.Replace("{src}", src).Replace("{out}", Path.Combine(outDir, "t.img"))));
        Assert.True(r.ExitCode == exit, $"{why}: {r}");
        Assert.Contains(message, r.Stderr);
        OutputDir.AssertEmpty(outDir, r);
    }

    [Fact]
    public void Pack_rejects_a_bad_SOURCE_DATE_EPOCH()
    {
        using var dir = new TempDir();
        var r = CrashcartImageCli.Run(["pack", dir.Path, "-o", dir.Combine("t.img")], new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "yesterday" });
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("SOURCE_DATE_EPOCH: 'yesterday' is not a number of seconds", r.Stderr);
        Assert.False(File.Exists(dir.Combine("t.img")));
    }

    [Fact]
    public void Pack_of_a_missing_source_exits_3_naming_it()
    {
        using var dir = new TempDir();
        string missing = dir.Combine("nope");
        var r = CrashcartImageCli.Run("pack", missing, "-o", dir.Combine("t.img"));
        Assert.Equal(3, r.ExitCode);
        Assert.Equal($"crashcart-image: source directory does not exist: {missing}", r.Stderr.Trim());
        OutputDir.AssertEmpty(dir.Path, r);
    }

    [Fact]
    public void Pack_of_a_file_exits_3()
    {
        using var dir = new TempDir();
        string outDir = dir.Combine("out");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(dir.Combine("f"), "x");
        var r = CrashcartImageCli.Run("pack", dir.Combine("f"), "-o", Path.Combine(outDir, "t.img"));
        Assert.Equal(3, r.ExitCode);
        Assert.Contains($"source is not a directory: {dir.Combine("f")}", r.Stderr);
        OutputDir.AssertEmpty(outDir, r);
    }

    [Fact]
    public void Pack_of_a_name_that_is_not_utf8_exits_3_naming_its_directory()
    {
        using var dir = new TempDir();
        string src = dir.Combine("src"), outDir = dir.Combine("out");
        Directory.CreateDirectory(src);
        Directory.CreateDirectory(outDir);
        SampleTree.CreateRawName(src, "caf\\351");
        using var cleanup = new Cleanup(() => SampleTree.RemoveRaw(src));
        var r = CrashcartImageCli.Run("pack", src, "-o", Path.Combine(outDir, "t.img"));
        Assert.Equal(3, r.ExitCode);
        Assert.Contains($"file name is not valid UTF-8: {src}/caf", r.Stderr);
        OutputDir.AssertEmpty(outDir, r);
    }

    [Fact]
    public void Pack_of_a_tree_the_writer_refuses_exits_3_naming_the_entry()
    {
        using var dir = new TempDir();
        string src = dir.Combine("src"), outDir = dir.Combine("out");
        Directory.CreateDirectory(src);
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(src, "lost+found"), "a file where ext3 needs its lost+found directory");
        var r = CrashcartImageCli.Run("pack", src, "-o", Path.Combine(outDir, "t.img"));
        Assert.Equal(3, r.ExitCode);
        Assert.Contains($"cannot pack {src}: lost+found", r.Stderr);
        OutputDir.AssertEmpty(outDir, r);
    }

    [Fact]
    public void Pack_of_a_tree_too_big_for_size_exits_3_saying_how_much_is_needed()
    {
        using var dir = new TempDir();
        string src = dir.Combine("src"), outDir = dir.Combine("out");
        Directory.CreateDirectory(src);
        Directory.CreateDirectory(outDir);
        File.WriteAllBytes(Path.Combine(src, "big"), SampleTree.Bytes(8 << 20, seed: 9));
        var r = CrashcartImageCli.Run("pack", src, "-o", Path.Combine(outDir, "t.img"), "--size", "4M");
        Assert.Equal(3, r.ExitCode);
        Assert.Matches($@"crashcart-image: {System.Text.RegularExpressions.Regex.Escape(src)} does not fit: the tree needs at least \d+ bytes", r.Stderr);
        OutputDir.AssertEmpty(outDir, r);
    }

    [Fact]
    public void Pack_into_a_missing_directory_exits_4_naming_it()
    {
        using var dir = new TempDir();
        string missing = dir.Combine("no", "such");
        var r = CrashcartImageCli.Run("pack", dir.Path, "-o", Path.Combine(missing, "t.img"));
        Assert.Equal(4, r.ExitCode);
        Assert.Equal($"crashcart-image: output directory does not exist: {missing}", r.Stderr.Trim());
    }

    [Fact]
    public void Pack_onto_a_directory_exits_4()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("src"));
        Directory.CreateDirectory(dir.Combine("taken"));
        var r = CrashcartImageCli.Run("pack", dir.Combine("src"), "-o", dir.Combine("taken"));
        Assert.Equal(4, r.ExitCode);
        Assert.Contains($"output path is a directory: {dir.Combine("taken")}", r.Stderr);
        Assert.Empty(OutputDir.List(dir.Combine("taken")));
    }

    [SkippableFact]
    public void Pack_into_a_read_only_directory_exits_4_and_leaves_nothing()
    {
        using var dir = new TempDir();
        string src = dir.Combine("src"), outDir = dir.Combine("ro");
        Directory.CreateDirectory(src);
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(src, "f"), "x");
        using var ro = OutputDir.MountTmpfs(outDir, "ro,size=1M"); // root ignores mode bits; a read-only mount it cannot
        var r = CrashcartImageCli.Run("pack", src, "-o", Path.Combine(outDir, "t.img"));
        Assert.Equal(4, r.ExitCode);
        Assert.Contains("cannot create a file in the output directory", r.Stderr);
        Assert.Contains(outDir, r.Stderr);
        OutputDir.AssertEmpty(outDir, r);
    }

    [SkippableFact]
    public void Pack_onto_a_full_disk_exits_4_and_leaves_no_temp_file()
    {
        using var dir = new TempDir();
        string src = dir.Combine("src"), outDir = dir.Combine("small");
        Directory.CreateDirectory(src);
        Directory.CreateDirectory(outDir);
        File.WriteAllBytes(Path.Combine(src, "big"), SampleTree.Bytes(12 << 20, seed: 5));
        using var small = OutputDir.MountTmpfs(outDir, "size=4M");
        var r = CrashcartImageCli.Run("pack", src, "-o", Path.Combine(outDir, "t.img"));
        Assert.Equal(4, r.ExitCode);
        Assert.Contains(Path.Combine(outDir, "t.img"), r.Stderr);
        Assert.DoesNotContain("internal error", r.Stderr);
        OutputDir.AssertEmpty(outDir, r);
    }

    [SkippableTheory]
    [InlineData("SIGINT")]
    [InlineData("SIGTERM")]
    [InlineData("SIGHUP")]
    public void Pack_interrupted_by_a_signal_leaves_no_temp_file_and_no_image(string signal)
    {
        using var dir = new TempDir();
        string src = dir.Combine("src"), outDir = dir.Combine("out");
        Directory.CreateDirectory(src);
        Directory.CreateDirectory(outDir);
        // A big sparse file costs no disk to read and keeps the writer busy for seconds.
        using (var f = File.Create(Path.Combine(src, "sparse"))) f.SetLength(4L << 30);
        using var tmpfs = OutputDir.MountTmpfs(outDir, "size=5G"); // the writer leaves holes, but never risk the real disk

        using var p = CrashcartImageCli.Start("pack", src, "-o", Path.Combine(outDir, "t.img"), "--headroom", "0%");
        var stderr = p.StandardError.ReadToEndAsync();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (OutputDir.List(outDir).Length == 0 && !p.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(2);
            // Freeze it mid-write so the signal provably lands while the temp file exists.
            Exec.Check("kill", "-s", "STOP", p.Id.ToString());
            var during = OutputDir.List(outDir);
            Assert.True(during.Length == 1 && Path.GetFileName(during[0]).StartsWith(".t.img.tmp-"),
                $"expected only the temp file while packing, found: {string.Join(", ", during)}");
            Exec.Check("kill", "-s", signal, p.Id.ToString());
            Exec.Check("kill", "-s", "CONT", p.Id.ToString());
            Assert.True(p.WaitForExit(30_000), "pack did not stop after " + signal);
            Assert.NotEqual(0, p.ExitCode);
            var left = OutputDir.List(outDir);
            Assert.True(left.Length == 0, $"left behind after {signal}: {string.Join(", ", left)}\n{stderr.Result}");
        }
        finally
        {
            if (!p.HasExited) { p.Kill(); p.WaitForExit(); }
        }
    }

    [Fact]
    public void Pack_help_lists_every_option()
    {
        var r = CrashcartImageCli.Run("pack", "--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var opt in new[] { "DIR", "--output", "-o", "--size", "--headroom", "--label", "--uuid", "--block-size", "--owner", "SOURCE_DATE_EPOCH", "10%" })
            Assert.Contains(opt, r.Stdout);
    }
}
