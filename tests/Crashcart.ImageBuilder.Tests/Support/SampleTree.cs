// Builds host trees for pack tests: every entry kind ext3 can hold, odd names, special mode bits,
// hard links, and (on request) a socket that pack must skip. Creation order is selectable so tests
// can prove the image does not depend on the order the host lists directories in.
using System.Net.Sockets;
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests.Support;

public static class SampleTree
{
    /// <summary>A fixed mtime for every entry, so trees built at different times are equal.</summary>
    public const long Mtime = 1_600_000_000;

    public static readonly string[] OddNames =
    [
        "with space", "-leading-dash", "new\nline", "tab\tand 'quotes' \"", "ünïcödé-名前", "emoji-🧰",
        new string('n', 255), "#hash", "star*?", "back\\slash", ".dot",
    ];

    /// <summary>
    /// Creates the tree under <paramref name="root"/> (which must exist). <paramref name="reverse"/> creates
    /// siblings in reverse order. Device nodes need root; <paramref name="withSocket"/> adds a bound unix socket.
    /// </summary>
    public static void Create(string root, bool reverse = false, bool withDevices = true, bool withSocket = false)
    {
        var steps = new List<Action>
        {
            () => Dir(root, "etc", 0b111_101_101),
            () => File(root, "etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0b110_100_100),
            () => Dir(root, "bin", 0b111_101_101),
            () => File(root, "bin/tool", Bytes(100_000, seed: 1), 0b111_101_101),
            () => File(root, "bin/suid", Bytes(5000, seed: 2), 0b100_111_101_101),   // 04755
            () => File(root, "bin/sgid", Bytes(10, seed: 3), 0b010_111_101_101),    // 02755
            () => Dir(root, "tmp", 0b001_111_111_111),                              // 01777
            () => File(root, "empty", "", 0b110_000_000),
            () => File(root, "big", Bytes(5 * 1024 * 1024 + 123, seed: 4), 0b110_100_100), // double-indirect territory at 4K blocks
            () => Dir(root, "links", 0b111_101_101),
            () => Link(root, "links/fast", "../etc/passwd"),
            () => Link(root, "links/dangling", "/does/not/exist"),
            () => Link(root, "links/slow", "/" + string.Join('/', Enumerable.Repeat("long-component", 10))), // > 60 bytes: stored in a block
            () => Link(root, "links/dir", "../bin"),
            () => Dir(root, "odd", 0b111_101_101),
            () => Dir(root, "deep/a/b/c/d/e", 0b111_000_000),
            () => File(root, "deep/a/b/c/d/e/leaf", "leaf", 0b100_100_100),
            () => Fifo(root, "fifo"),
        };
        foreach (var name in OddNames) steps.Add(() => File(root, "odd/" + name, name, 0b110_100_100));
        if (withDevices)
        {
            steps.Add(() => Node(root, "dev-null", 'c', 1, 3));
            steps.Add(() => Node(root, "dev-loop7", 'b', 7, 7));
            steps.Add(() => Node(root, "dev-big", 'c', 300, 70000)); // needs the "new" device encoding
        }
        if (reverse) steps.Reverse();
        foreach (var s in steps) s();

        // Hard links after their targets exist; also in either order.
        var hard = new List<(string, string)> { ("bin/tool", "bin/tool-hardlink"), ("bin/tool", "etc/tool-elsewhere"), ("fifo", "fifo-hardlink") };
        if (reverse) hard.Reverse();
        foreach (var (target, link) in hard) HardLink(Path.Combine(root, target), Path.Combine(root, link));
        if (withSocket) Socket(root, "live.sock");

        // Times last (creating children touches the parents), deepest first.
        foreach (var p in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                     .OrderByDescending(p => p.Length).Append(root))
            SetMtime(p, Mtime);
    }

    public static byte[] Bytes(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    /// <summary>ln TARGET LINK (.NET has no hard-link API).</summary>
    public static void HardLink(string target, string link) => Exec.Check("ln", "--", target, link);

    public static void SetMtime(string path, long seconds)
    {
        // touch -h sets the link itself, not its target.
        Exec.Check("touch", "-h", "-d", "@" + seconds, path);
    }

    private static void Dir(string root, string rel, int mode)
    {
        string p = Path.Combine(root, rel);
        Directory.CreateDirectory(p);
        System.IO.File.SetUnixFileMode(p, (UnixFileMode)mode);
    }

    private static void File(string root, string rel, string text, int mode) => File(root, rel, System.Text.Encoding.UTF8.GetBytes(text), mode);

    private static void File(string root, string rel, byte[] content, int mode)
    {
        string p = Path.Combine(root, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        System.IO.File.WriteAllBytes(p, content);
        System.IO.File.SetUnixFileMode(p, (UnixFileMode)mode);
    }

    private static void Link(string root, string rel, string target)
    {
        string p = Path.Combine(root, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        System.IO.File.CreateSymbolicLink(p, target);
    }

    private static void Fifo(string root, string rel) => Exec.Check("mkfifo", "-m", "0640", Path.Combine(root, rel));

    private static void Node(string root, string rel, char type, int major, int minor) =>
        Exec.Check("mknod", "-m", "0660", Path.Combine(root, rel), type.ToString(), major.ToString(), minor.ToString());

    private static void Socket(string root, string rel)
    {
        // .NET unlinks the path of a socket it bound when the socket closes; a second hard link keeps the inode.
        string bound = Path.Combine(root, rel + ".bound");
        using (var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            s.Bind(new UnixDomainSocketEndPoint(bound));
            HardLink(bound, Path.Combine(root, rel));
        }
        if (System.IO.File.Exists(bound)) System.IO.File.Delete(bound);
    }

    /// <summary>Creates an empty file whose name is the given raw bytes (e.g. not valid UTF-8), which .NET cannot name.</summary>
    public static void CreateRawName(string dir, string printfEscapedName) =>
        Exec.Check("sh", "-c", "touch \"$1/$(printf \"$2\")\"", "sh", dir, printfEscapedName);

    /// <summary>Removes a directory tree .NET cannot delete (names that are not UTF-8).</summary>
    public static void RemoveRaw(string dir) => Exec.Run("rm", ["-rf", "--", dir]);
}
