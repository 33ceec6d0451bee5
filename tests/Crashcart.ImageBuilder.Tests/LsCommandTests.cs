// 'crashcart-image ls': ls -l style listing of an image, recursion, errors, and the toolbox manifest table.
using Crashcart.Ext3;
using Crashcart.ImageBuilder.Cli;
using Crashcart.ImageBuilder.Tests.Support;

namespace Crashcart.ImageBuilder.Tests;

public class LsCommandTests
{
    // SampleTree.Mtime = 1600000000 = 2020-09-13 12:26:40 UTC
    private const string When = "2020-09-13 12:26:40";

    [Fact]
    public void Ls_root_lists_entries_with_mode_owner_size_mtime_and_name()
    {
        using var img = new PackedImage();
        var r = CrashcartImageCli.Run("ls", img.Image);
        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = r.Stdout.TrimEnd('\n').Split('\n');
        var names = lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last()).ToList();
        Assert.Contains("lost+found", names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Matches($@"^drwxrwxrwt +\d+ 0:0 +\d+ {When} tmp$", lines.Single(l => l.EndsWith(" tmp")));
        Assert.Matches($@"^-rw------- +1 0:0 +0 {When} empty$", lines.Single(l => l.EndsWith(" empty")));
        Assert.Matches($@"^-rw-r--r-- +1 0:0 +{5 * 1024 * 1024 + 123} {When} big$", lines.Single(l => l.EndsWith(" big")));
        Assert.Matches($@"^prw-r----- +2 0:0 +0 {When} fifo$", lines.Single(l => l.EndsWith(" fifo"))); // fifo-hardlink shares it
        if (Crashcart.TestSupport.Prerequisites.IsRoot)
            Assert.Matches($@"^crw-rw---- +1 0:0 +1, 3 {When} dev-null$", lines.Single(l => l.EndsWith(" dev-null")));
    }

    [Fact]
    public void Ls_of_a_subdirectory_shows_symlink_targets_and_special_bits()
    {
        using var img = new PackedImage();
        var links = CrashcartImageCli.Run("ls", img.Image, "/links");
        Assert.True(links.ExitCode == 0, links.ToString());
        Assert.Matches($@"(?m)^lrwxrwxrwx +1 0:0 +13 {When} fast -> \.\./etc/passwd$", links.Stdout);
        var bin = CrashcartImageCli.Run("ls", img.Image, "bin");
        Assert.Matches(@"(?m)^-rwsr-xr-x .* suid$", bin.Stdout);
        Assert.Matches(@"(?m)^-rwxr-sr-x .* sgid$", bin.Stdout);
        Assert.Matches(@"(?m)^-rwxr-xr-x +3 0:0 +100000 .* tool$", bin.Stdout); // 3 hard links
    }

    [Fact]
    public void Ls_recursive_lists_nested_paths_relative_to_the_start()
    {
        using var img = new PackedImage();
        var r = CrashcartImageCli.Run("ls", "-R", img.Image, "/deep");
        Assert.True(r.ExitCode == 0, r.ToString());
        var names = r.Stdout.TrimEnd('\n').Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last()).ToList();
        Assert.Equal(["a", "a/b", "a/b/c", "a/b/c/d", "a/b/c/d/e", "a/b/c/d/e/leaf"], names);
    }

    [Fact]
    public void Ls_of_a_file_prints_its_one_line()
    {
        using var img = new PackedImage();
        var r = CrashcartImageCli.Run("ls", img.Image, "/etc/passwd");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches($@"^-rw-r--r-- +1 0:0 +26 {When} etc/passwd\n$", r.Stdout);
    }

    [Fact]
    public void Ls_of_a_missing_path_exits_3_naming_it()
    {
        using var img = new PackedImage(sampleTree: false);
        var r = CrashcartImageCli.Run("ls", img.Image, "/no/such");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("no such path in the image: /no/such", r.Stderr);
    }

    [Fact]
    public void Ls_of_a_missing_image_or_a_non_ext_file_exits_3()
    {
        using var img = new PackedImage(sampleTree: false);
        string missing = img.Combine("missing.img"), junk = img.Combine("junk.img");
        File.WriteAllBytes(junk, SampleTree.Bytes(1 << 20, seed: 7));
        var r1 = CrashcartImageCli.Run("ls", missing);
        Assert.Equal(3, r1.ExitCode);
        Assert.Equal($"crashcart-image: image does not exist: {missing}", r1.Stderr.Trim());
        var r2 = CrashcartImageCli.Run("ls", junk);
        Assert.Equal(3, r2.ExitCode);
        Assert.StartsWith("crashcart-image: not an ext2/ext3 image", r2.Stderr);
        Assert.EndsWith(junk, r2.Stderr.Trim());
    }

    [Fact]
    public void Ls_root_prints_the_toolbox_manifest_as_a_table()
    {
        using var img = new PackedImage(src =>
        {
            Directory.CreateDirectory(Path.Combine(src, ".crashcart"));
            File.WriteAllText(Path.Combine(src, ".crashcart", "manifest.json"), """
                { "version": 1, "tools": [
                  { "name": "strace", "version": "6.1-0.1", "package": "strace", "size": 2621440 },
                  { "name": "gdb", "version": "13.1-3", "package": "gdb", "size": 12582912 } ] }
                """);
        }, sampleTree: false);
        var r = CrashcartImageCli.Run("ls", img.Image);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("toolbox manifest (/.crashcart/manifest.json):", r.Stdout);
        Assert.Matches(@"(?m)^TOOL +VERSION +PACKAGE +SIZE$", r.Stdout);
        Assert.Matches(@"(?m)^strace +6\.1-0\.1 +strace +2\.5M$", r.Stdout);
        Assert.Matches(@"(?m)^gdb +13\.1-3 +gdb +12\.0M$", r.Stdout);
        // Only for "/": listing elsewhere stays a plain listing.
        Assert.DoesNotContain("toolbox manifest", CrashcartImageCli.Run("ls", img.Image, "/.crashcart").Stdout);
    }

    [Fact]
    public void Ls_root_ignores_a_manifest_it_cannot_read()
    {
        using var img = new PackedImage(src =>
        {
            Directory.CreateDirectory(Path.Combine(src, ".crashcart"));
            File.WriteAllText(Path.Combine(src, ".crashcart", "manifest.json"), "{ not json");
        }, sampleTree: false);
        var r = CrashcartImageCli.Run("ls", img.Image);
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("toolbox manifest", r.Stdout);
        Assert.Contains(".crashcart", r.Stdout);
    }

    [Theory]
    [InlineData(Ext3FileType.Directory, "755", "drwxr-xr-x")]
    [InlineData(Ext3FileType.RegularFile, "4755", "-rwsr-xr-x")]
    [InlineData(Ext3FileType.RegularFile, "4644", "-rwSr--r--")] // setuid without x
    [InlineData(Ext3FileType.RegularFile, "2755", "-rwxr-sr-x")]
    [InlineData(Ext3FileType.RegularFile, "2745", "-rwxr-Sr-x")]
    [InlineData(Ext3FileType.Directory, "1777", "drwxrwxrwt")]
    [InlineData(Ext3FileType.Directory, "1776", "drwxrwxrwT")]
    [InlineData(Ext3FileType.Symlink, "777", "lrwxrwxrwx")]
    [InlineData(Ext3FileType.CharDevice, "660", "crw-rw----")]
    [InlineData(Ext3FileType.BlockDevice, "600", "brw-------")]
    [InlineData(Ext3FileType.Fifo, "0", "p---------")]
    [InlineData(Ext3FileType.Socket, "755", "srwxr-xr-x")]
    public void ModeString_renders_like_ls(Ext3FileType kind, string octal, string expected)
    {
        Assert.Equal(expected, EntryLine.ModeString(kind, Convert.ToUInt32(octal, 8)));
    }

    [Fact]
    public void ManifestRows_tolerate_other_shapes()
    {
        Assert.Equal([["bash", "5.2", "-", "512"]], ToolboxManifestTable.Rows("""[{"tool":"bash","version":"5.2","bytes":512}]"""));
        Assert.Empty(ToolboxManifestTable.Rows("""{"tools": 3}"""));
        Assert.Empty(ToolboxManifestTable.Rows("42"));
    }

    [Fact]
    public void Ls_help_lists_the_options()
    {
        var r = CrashcartImageCli.Run("ls", "--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var s in new[] { "IMAGE", "PATH", "--recursive", "-R" }) Assert.Contains(s, r.Stdout);
    }
}
