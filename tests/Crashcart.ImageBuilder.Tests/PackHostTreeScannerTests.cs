// HostTreeScanner: host directory -> FsEntry list (kinds, modes, owners, hard links, skipped sockets, errors, order independence).
using Crashcart.Ext3;
using Crashcart.ImageBuilder.Packing;
using Crashcart.ImageBuilder.Tests.Support;
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests;

public class PackHostTreeScannerTests
{
    [Fact]
    public void Scan_describes_every_entry_kind_sorted_with_the_root_first()
    {
        using var dir = new TempDir();
        SampleTree.Create(dir.Path, withDevices: Prerequisites.IsRoot, withSocket: true);
        var tree = HostTreeScanner.Scan(dir.Path, OwnerPolicy.Root);

        var paths = tree.Entries.Select(e => e.Path).ToList();
        Assert.Equal("", paths[0]);
        Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
        var byPath = tree.Entries.ToDictionary(e => e.Path);

        Assert.Equal(EntryKind.Directory, byPath[""].Kind);
        Assert.Equal(EntryKind.RegularFile, byPath["bin/tool"].Kind);
        Assert.Equal(100_000, byPath["bin/tool"].Size);
        Assert.Equal(0x9EDu, byPath["bin/suid"].Mode);     // 04755
        Assert.Equal(0x5EDu, byPath["bin/sgid"].Mode);     // 02755
        Assert.Equal(0x3FFu, byPath["tmp"].Mode);          // 01777
        Assert.Equal(EntryKind.Symlink, byPath["links/fast"].Kind);
        Assert.Equal("../etc/passwd", byPath["links/fast"].LinkTarget);
        Assert.Equal(EntryKind.Symlink, byPath["links/dir"].Kind); // not followed into
        Assert.DoesNotContain("links/dir/tool", byPath.Keys);
        Assert.Equal(EntryKind.Fifo, byPath["fifo"].Kind);
        Assert.Contains("odd/new\nline", byPath.Keys);
        Assert.Contains("odd/.dot", byPath.Keys);
        Assert.All(tree.Entries, e => Assert.Equal((0u, 0u), (e.Uid, e.Gid)));
        Assert.All(tree.Entries, e => Assert.Equal(SampleTree.Mtime, e.MtimeSeconds));
        if (Prerequisites.IsRoot)
        {
            Assert.Equal((EntryKind.CharDevice, 1u, 3u), (byPath["dev-null"].Kind, byPath["dev-null"].DeviceMajor, byPath["dev-null"].DeviceMinor));
            Assert.Equal((EntryKind.BlockDevice, 7u, 7u), (byPath["dev-loop7"].Kind, byPath["dev-loop7"].DeviceMajor, byPath["dev-loop7"].DeviceMinor));
            Assert.Equal((300u, 70000u), (byPath["dev-big"].DeviceMajor, byPath["dev-big"].DeviceMinor));
        }

        // The socket is left out, with a warning naming it.
        Assert.DoesNotContain("live.sock", byPath.Keys);
        var warning = Assert.Single(tree.Warnings);
        Assert.Contains(dir.Combine("live.sock"), warning);

        // Content bytes are what the writer will stream: hard links are not counted twice.
        long expected = tree.Entries.Where(e => e.Kind == EntryKind.RegularFile).Sum(e => e.Size);
        Assert.Equal(expected, tree.ContentBytes);
    }

    [Fact]
    public void Scan_keeps_hard_links_as_links_to_the_first_path_in_sorted_order()
    {
        using var dir = new TempDir();
        SampleTree.Create(dir.Path, withDevices: false);
        Exec.Check("ln", "-P", "--", dir.Combine("links", "fast"), dir.Combine("a-symlink-hardlink")); // sorts before links/
        var byPath = HostTreeScanner.Scan(dir.Path, OwnerPolicy.Root).Entries.ToDictionary(e => e.Path);

        Assert.Equal(EntryKind.RegularFile, byPath["bin/tool"].Kind);
        Assert.Equal((EntryKind.HardLink, "bin/tool"), (byPath["bin/tool-hardlink"].Kind, byPath["bin/tool-hardlink"].LinkTarget));
        Assert.Equal((EntryKind.HardLink, "bin/tool"), (byPath["etc/tool-elsewhere"].Kind, byPath["etc/tool-elsewhere"].LinkTarget));
        // Not only regular files: a hard-linked fifo or symlink stays one inode too.
        Assert.Equal(EntryKind.Fifo, byPath["fifo"].Kind);
        Assert.Equal((EntryKind.HardLink, "fifo"), (byPath["fifo-hardlink"].Kind, byPath["fifo-hardlink"].LinkTarget));
        Assert.Equal((EntryKind.Symlink, "../etc/passwd"), (byPath["a-symlink-hardlink"].Kind, byPath["a-symlink-hardlink"].LinkTarget));
        Assert.Equal((EntryKind.HardLink, "a-symlink-hardlink"), (byPath["links/fast"].Kind, byPath["links/fast"].LinkTarget));
    }

    [Fact]
    public void Scan_treats_a_file_whose_other_links_are_outside_the_tree_as_a_plain_file()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("tree"));
        File.WriteAllText(dir.Combine("outside"), "x");
        SampleTree.HardLink(dir.Combine("outside"), dir.Combine("tree", "inside"));
        var entry = HostTreeScanner.Scan(dir.Combine("tree"), OwnerPolicy.Root).Entries.Single(e => e.Path == "inside");
        Assert.Equal(EntryKind.RegularFile, entry.Kind);
        using var content = entry.OpenContent!();
        Assert.Equal("x", new StreamReader(content).ReadToEnd());
    }

    [Fact]
    public void Scan_with_owner_keep_keeps_host_ids()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("f"), "x");
        if (Prerequisites.IsRoot) Exec.Check("chown", "1234:5678", dir.Combine("f"));
        var st = Crashcart.Interop.FileStatus.Lstat(dir.Combine("f"));
        var entry = HostTreeScanner.Scan(dir.Path, OwnerPolicy.Keep).Entries.Single(e => e.Path == "f");
        Assert.Equal((st.Uid, st.Gid), (entry.Uid, entry.Gid));
        if (Prerequisites.IsRoot) Assert.Equal((1234u, 5678u), (entry.Uid, entry.Gid));
    }

    [Fact]
    public void Scan_result_does_not_depend_on_creation_order()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        SampleTree.Create(a.Path, reverse: false, withDevices: Prerequisites.IsRoot);
        SampleTree.Create(b.Path, reverse: true, withDevices: Prerequisites.IsRoot);
        static string Describe(FsEntry e) =>
            $"{e.Path}|{e.Kind}|{e.Mode}|{e.Uid}|{e.Gid}|{e.MtimeSeconds}|{e.Size}|{e.LinkTarget}|{e.DeviceMajor}|{e.DeviceMinor}";
        Assert.Equal(HostTreeScanner.Scan(a.Path, OwnerPolicy.Root).Entries.Select(Describe),
                     HostTreeScanner.Scan(b.Path, OwnerPolicy.Root).Entries.Select(Describe));
    }

    [Fact]
    public void Scan_follows_a_symlinked_root_but_nothing_below()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("real"));
        File.WriteAllText(dir.Combine("real", "f"), "x");
        File.CreateSymbolicLink(dir.Combine("alias"), "real");
        Assert.Contains(HostTreeScanner.Scan(dir.Combine("alias"), OwnerPolicy.Root).Entries, e => e.Path == "f");
    }

    [Fact]
    public void Scan_of_a_missing_source_names_it()
    {
        string missing = $"/tmp/crashcart-missing-{Guid.NewGuid():N}";
        var e = Assert.Throws<SourceTreeException>(() => HostTreeScanner.Scan(missing, OwnerPolicy.Root));
        Assert.Equal($"source directory does not exist: {missing}", e.Message);
    }

    [Fact]
    public void Scan_of_a_file_says_it_is_not_a_directory()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("f"), "x");
        var e = Assert.Throws<SourceTreeException>(() => HostTreeScanner.Scan(dir.Combine("f"), OwnerPolicy.Root));
        Assert.Equal($"source is not a directory: {dir.Combine("f")}", e.Message);
    }

    [Fact]
    public void Scan_rejects_a_name_that_is_not_utf8_naming_its_directory()
    {
        using var dir = new TempDir();
        // Byte 0xE9 alone is Latin-1 'é', invalid UTF-8; .NET cannot name such a file, so it must be an error, not a silent loss.
        SampleTree.CreateRawName(dir.Path, "caf\\351");
        using var cleanup = new Cleanup(() => SampleTree.RemoveRaw(dir.Path));
        var e = Assert.Throws<SourceTreeException>(() => HostTreeScanner.Scan(dir.Path, OwnerPolicy.Root));
        Assert.StartsWith("file name is not valid UTF-8: " + dir.Path + "/caf", e.Message);
    }

    [SkippableFact]
    public void Pack_of_an_unreadable_directory_as_an_unprivileged_user_exits_3_naming_it()
    {
        // Root reads every directory whatever its mode, so the pack runs as nobody (setpriv).
        Prerequisites.RequireRoot();
        Prerequisites.RequireTool("setpriv");
        using var dir = new TempDir();
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0x1FF); // 0777: nobody may write the output here
        string src = dir.Combine("src"), locked = dir.Combine("src", "locked");
        Directory.CreateDirectory(locked);
        File.WriteAllText(dir.Combine("src", "readable"), "x");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        string output = dir.Combine("t.img");
        using var programs = WorldReadableCopy.OfTestOutput();
        var r = Exec.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--",
                "dotnet", programs.Combine(Path.GetFileName(CrashcartImageCli.DllPath)), "pack", src, "-o", output],
            env: new Dictionary<string, string?> { ["HOME"] = dir.Path, ["DOTNET_CLI_HOME"] = dir.Path, ["SOURCE_DATE_EPOCH"] = null });
        Assert.True(r.ExitCode == 3, r.ToString());
        Assert.Contains(locked, r.Stderr);
        Assert.False(File.Exists(output), "no output image may be left");
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData(255, false)]
    [InlineData(256, true)]
    public void CheckName_allows_at_most_255_utf8_bytes(int bytes, bool throws)
    {
        string name = new string('é', bytes / 2) + (bytes % 2 == 1 ? "x" : ""); // 'é' is 2 bytes: counts bytes, not chars
        var e = Record.Exception(() => HostTreeScanner.CheckName(name, "/host/" + name));
        if (!throws) { Assert.Null(e); return; }
        var ste = Assert.IsType<SourceTreeException>(e);
        Assert.Equal($"name is {bytes} bytes long, ext3 allows at most 255: /host/{name}", ste.Message);
    }

    [Fact]
    public void OpenContent_of_a_vanished_file_names_it()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("gone"), "x");
        var entry = HostTreeScanner.Scan(dir.Path, OwnerPolicy.Root).Entries.Single(e => e.Path == "gone");
        File.Delete(dir.Combine("gone"));
        var e = Assert.Throws<SourceTreeException>(() => entry.OpenContent!());
        Assert.Equal($"file vanished while packing: {dir.Combine("gone")}", e.Message);
    }
}
