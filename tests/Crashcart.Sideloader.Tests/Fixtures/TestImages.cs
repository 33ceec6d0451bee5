// Local Docker images for tests, built once per test run and reused across runs.
//
// Usage:
//     Prerequisites.RequireDocker();
//     using var c = TestContainer.Start(TestImages.Busybox);      // busybox rootfs, user app (1000:1000)
//     using var d = TestContainer.Start(TestImages.Distroless);   // only /app: static, no shell, no libc
//
// Images are tagged with a hash of their content (busybox binary + C source + this file's recipe
// version), so a changed recipe builds a new image and parallel test processes agree on names.
// Built with `tar | docker import` (there is no registry).
using System.Diagnostics;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests.Fixtures;

public static class TestImages
{
    private const string RecipeVersion = "3";
    private const string BusyboxPath = "/bin/busybox";

    private static readonly Lazy<string> busybox = new(BuildBusybox, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> distroless = new(BuildDistroless, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>"crashcart-test/busybox:&lt;tag&gt;": busybox-static with applet symlinks in /bin,
    /// /etc/passwd with root and app (1000:1000), /tmp, /home/app. Runs a shell waiting on sleep;
    /// exits promptly on SIGTERM.</summary>
    public static string Busybox => busybox.Value;

    /// <summary>"crashcart-test/distroless:&lt;tag&gt;": just /app, a static C program that listens on
    /// 0.0.0.0:8080 and sleeps until SIGTERM. No /bin, no libc, no /etc.</summary>
    public static string Distroless => distroless.Value;

    /// <summary>The static C program behind <see cref="Distroless"/>.</summary>
    internal const string DistrolessSource = """
        #include <signal.h>
        #include <unistd.h>
        #include <stdlib.h>
        #include <string.h>
        #include <netinet/in.h>
        #include <sys/socket.h>

        static void on_term(int sig) { (void)sig; _exit(0); }

        int main(void) {
            signal(SIGTERM, on_term);
            signal(SIGINT, on_term);
            int s = socket(AF_INET, SOCK_STREAM, 0);
            if (s >= 0) {
                int one = 1;
                setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
                struct sockaddr_in a;
                memset(&a, 0, sizeof a);
                a.sin_family = AF_INET;
                a.sin_port = htons(8080);
                a.sin_addr.s_addr = htonl(INADDR_ANY);
                if (bind(s, (struct sockaddr *)&a, sizeof a) == 0) listen(s, 16);
            }
            for (;;) pause();
        }
        """;

    private static string BuildBusybox()
    {
        Prerequisites.RequireDocker();
        Prerequisites.Require(File.Exists(BusyboxPath), $"{BusyboxPath} (Debian package busybox-static)");
        var bytes = File.ReadAllBytes(BusyboxPath);
        var tag = Tag("busybox", bytes);
        var name = $"crashcart-test/busybox:{tag}";
        if (ImageExists(name)) return name;

        var applets = Exec.Check(BusyboxPath, "--list").Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tar = new MemoryStream();
        using (var w = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var dir in new[] { "bin", "etc", "tmp", "root", "home", "home/app" })
            {
                var mode = dir == "tmp" ? (UnixFileMode)0x3FF | UnixFileMode.StickyBit : (UnixFileMode)0x1ED;
                AddDir(w, dir, mode, dir == "home/app" ? 1000 : 0);
            }
            AddFile(w, "bin/busybox", bytes, (UnixFileMode)0x1ED);
            foreach (var applet in applets.Where(a => a != "busybox"))
                AddSymlink(w, $"bin/{applet}", "busybox");
            AddFile(w, "etc/passwd", Encoding.ASCII.GetBytes(
                "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n"),
                (UnixFileMode)0x1A4);
            AddFile(w, "etc/group", Encoding.ASCII.GetBytes("root:x:0:\napp:x:1000:\nnogroup:x:65534:\n"),
                (UnixFileMode)0x1A4);
        }
        // The trap makes `docker stop` quick: a shell as PID 1 otherwise ignores SIGTERM.
        Import(tar, name, """CMD ["/bin/sh","-c","trap 'exit 0' TERM; sleep 100000 & wait"]""");
        return name;
    }

    private static string BuildDistroless()
    {
        Prerequisites.RequireDocker();
        Prerequisites.RequireTool("gcc");
        var tag = Tag("distroless", Encoding.UTF8.GetBytes(DistrolessSource));
        var name = $"crashcart-test/distroless:{tag}";
        if (ImageExists(name)) return name;

        using var tmp = new TempDir("crashcart-distroless");
        var src = tmp.Combine("app.c");
        var bin = tmp.Combine("app");
        File.WriteAllText(src, DistrolessSource);
        var cc = Exec.Run("gcc", ["-static", "-O2", "-o", bin, src]);
        Prerequisites.Require(cc.ExitCode == 0, $"gcc -static (Debian package libc6-dev): {cc.Stderr.Trim()}");
        var tar = new MemoryStream();
        using (var w = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            AddFile(w, "app", File.ReadAllBytes(bin), (UnixFileMode)0x1ED);
        Import(tar, name, """CMD ["/app"]""");
        return name;
    }

    private static string Tag(string what, byte[] content)
    {
        var h = SHA256.HashData([.. Encoding.UTF8.GetBytes(what + RecipeVersion), .. content]);
        return Convert.ToHexStringLower(h)[..16];
    }

    private static bool ImageExists(string name) =>
        Exec.Run("docker", ["image", "inspect", "--format", "{{.Id}}", name], timeoutMs: 30_000).ExitCode == 0;

    private static void Import(MemoryStream tar, string name, string change)
    {
        var psi = new ProcessStartInfo("docker")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "import", "--change", change, "-", name }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var so = p.StandardOutput.ReadToEndAsync();
        var se = p.StandardError.ReadToEndAsync();
        tar.Position = 0;
        tar.CopyTo(p.StandardInput.BaseStream);
        p.StandardInput.Close();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"docker import {name} did not finish in 120 s");
        }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"docker import {name} failed: {se.Result.Trim()} {so.Result.Trim()}");
    }

    private static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static void AddDir(TarWriter w, string path, UnixFileMode mode, int owner) =>
        w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, path + "/")
        { Mode = mode, Uid = owner, Gid = owner, ModificationTime = Epoch });

    private static void AddFile(TarWriter w, string path, byte[] content, UnixFileMode mode) =>
        w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path)
        { Mode = mode, ModificationTime = Epoch, DataStream = new MemoryStream(content) });

    private static void AddSymlink(TarWriter w, string path, string target) =>
        w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, path)
        { LinkName = target, Mode = (UnixFileMode)0x1FF, ModificationTime = Epoch });
}
