// A small toolbox ext3 image for sideloading tests, packed once per test process.
//
// Usage:
//     string img = ToolboxImage.Path;                 // shared, read-only use: do not modify it
//     using var own = ToolboxImage.PrivateCopy();     // own.Path: a copy only this test uses, so
//                                                     // LeakAssert's loop-device check sees only its loops
//     crashcart -i own.Path -e /dev/crashcart/bin/sh -c 'echo hi' <container>
//
// Content (everything root:root):
//     bin/busybox                 busybox-static, 0755
//     bin/<applet> -> busybox     every applet busybox lists (sh, ls, cat, echo, env, id, ps, ...)
//     bin/bash                    "#!/dev/crashcart/bin/sh" wrapper that execs sh (crashcart's default shell)
//     TOOLBOX                     the text ToolboxImage.MarkerContent, to prove the mount is ours
// The entries are an FsEntry list written by the project's own Ext3Writer, and the result must pass
// `e2fsck -fn`, else every sideloading test would fail for the wrong reason; the fixture then fails
// loudly. CRASHCART_TEST_TOOLBOX_WRITER=mke2fs packs the same entries with `mke2fs -d` instead
// (to tell a writer bug from a sideloader bug).
using System.Text;
using Crashcart.Ext3;
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests.Fixtures;

public static class ToolboxImage
{
    public const string MarkerContent = "crashcart test toolbox\n";
    /// <summary>Where the toolbox's busybox is inside a container once sideloaded.</summary>
    public const string BusyboxInContainer = "/dev/crashcart/bin/busybox";
    public const string ShellInContainer = "/dev/crashcart/bin/sh";

    private const string BusyboxHostPath = "/bin/busybox";
    private static readonly Lazy<string> image = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);
    private static string? dir;

    /// <summary>Path of the shared image file (deleted when the test process exits).</summary>
    public static string Path => image.Value;

    /// <summary>A private copy of the image, deleted on Dispose.</summary>
    public static PrivateImage PrivateCopy()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"crashcart-toolbox-{Guid.NewGuid():N}.img");
        File.Copy(Path, path);
        return new PrivateImage(path);
    }

    public sealed class PrivateImage(string path) : IDisposable
    {
        public string Path { get; } = path;
        public void Dispose()
        {
            try { File.Delete(Path); } catch (IOException) { }
        }
    }

    /// <summary>The image's content as writer entries.</summary>
    public static IReadOnlyList<FsEntry> Entries()
    {
        Prerequisites.Require(File.Exists(BusyboxHostPath), $"{BusyboxHostPath} (Debian package busybox-static)");
        var applets = Exec.Check(BusyboxHostPath, "--list").Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var busyboxSize = new FileInfo(BusyboxHostPath).Length;
        var bash = Encoding.ASCII.GetBytes("#!/dev/crashcart/bin/sh\nexec /dev/crashcart/bin/sh \"$@\"\n");
        var marker = Encoding.ASCII.GetBytes(MarkerContent);
        var entries = new List<FsEntry>
        {
            new() { Path = "bin", Kind = EntryKind.Directory },
            new() { Path = "bin/busybox", Kind = EntryKind.RegularFile, Size = busyboxSize,
                    OpenContent = () => File.OpenRead(BusyboxHostPath) },
            new() { Path = "bin/bash", Kind = EntryKind.RegularFile, Size = bash.Length,
                    OpenContent = () => new MemoryStream(bash) },
            new() { Path = "TOOLBOX", Kind = EntryKind.RegularFile, Mode = 0x1A4, Size = marker.Length,
                    OpenContent = () => new MemoryStream(marker) },
        };
        foreach (var a in applets.Where(a => a is not ("busybox" or "bash")))
            entries.Add(new() { Path = $"bin/{a}", Kind = EntryKind.Symlink, Mode = 0x1FF, LinkTarget = "busybox" });
        return entries;
    }

    private static string Build()
    {
        var entries = Entries();
        dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"crashcart-toolbox-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        };
        var img = System.IO.Path.Combine(dir, "toolbox.img");
        if (Environment.GetEnvironmentVariable("CRASHCART_TEST_TOOLBOX_WRITER") == "mke2fs")
        {
            WriteWithMke2fs(entries, img);
            return img;
        }
        using (var output = new FileStream(img, FileMode.CreateNew, FileAccess.ReadWrite))
            Ext3Writer.Write(entries, output, new Ext3Options { Label = "crashcart-test", SourceDateEpoch = 1_700_000_000 });
        Prerequisites.RequireTool("e2fsck");
        var fsck = Exec.Run("e2fsck", ["-fn", img]);
        if (fsck.ExitCode != 0)
            throw new InvalidOperationException(
                $"toolbox image {img} written by Ext3Writer fails e2fsck -fn (CRASHCART_TEST_TOOLBOX_WRITER=mke2fs uses mke2fs instead): {fsck}");
        return img;
    }

    /// <summary>Stand-in writer: materialises the entries in a folder and lets mke2fs -d pack it.</summary>
    private static void WriteWithMke2fs(IReadOnlyList<FsEntry> entries, string img)
    {
        Prerequisites.RequireTool("mke2fs");
        var root = System.IO.Path.Combine(dir!, "root");
        Directory.CreateDirectory(root);
        foreach (var e in entries)
        {
            var p = System.IO.Path.Combine(root, e.Path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(p)!);
            switch (e.Kind)
            {
                case EntryKind.Directory:
                    Directory.CreateDirectory(p);
                    File.SetUnixFileMode(p, (UnixFileMode)e.Mode);
                    break;
                case EntryKind.RegularFile:
                    using (var src = e.OpenContent!())
                    using (var dst = File.Create(p))
                        src.CopyTo(dst);
                    File.SetUnixFileMode(p, (UnixFileMode)e.Mode);
                    break;
                case EntryKind.Symlink:
                    File.CreateSymbolicLink(p, e.LinkTarget!);
                    break;
                default:
                    throw new NotSupportedException($"toolbox fixture: {e.Kind} entry {e.Path}");
            }
        }
        var r = Exec.Run("mke2fs", ["-q", "-t", "ext3", "-d", root, "-F", img, "16M"],
            env: new Dictionary<string, string?> { ["E2FSPROGS_FAKE_TIME"] = "1700000000" });
        if (r.ExitCode != 0) throw new InvalidOperationException($"mke2fs {img} failed: {r}");
        Directory.Delete(root, recursive: true);
    }
}
