// An output directory for CLI tests, with the assertion every failing pack must pass: nothing left in it.
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests.Support;

public static class OutputDir
{
    /// <summary>Everything in <paramref name="dir"/>, dot files included (.NET's plain listing hides them, and temp files are dot files).</summary>
    public static string[] List(string dir) =>
        Directory.GetFileSystemEntries(dir, "*", new EnumerationOptions { AttributesToSkip = 0 });

    /// <summary>Asserts <paramref name="dir"/> holds no files at all: no image, no ".NAME.tmp-*" leftover.</summary>
    public static void AssertEmpty(string dir, ExecResult because)
    {
        var left = OutputDir.List(dir);
        Assert.True(left.Length == 0, $"left behind in {dir}: {string.Join(", ", left)}\n{because}");
    }

    /// <summary>Mounts a tmpfs on <paramref name="dir"/> (root only) and returns the unmounter.</summary>
    public static IDisposable MountTmpfs(string dir, string options)
    {
        Prerequisites.RequireRoot();
        Exec.Check("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir);
        return new Unmount(dir);
    }

    private sealed class Unmount(string dir) : IDisposable
    {
        // Lazy when busy (a killed pack may still hold a file open): the mount must never outlive the test.
        public void Dispose()
        {
            if (Exec.Run("umount", [dir]).ExitCode != 0) Exec.Run("umount", ["-l", dir]);
        }
    }
}
