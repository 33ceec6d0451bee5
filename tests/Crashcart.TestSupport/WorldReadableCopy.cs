// A copy of the test output folder (the built programs beside the tests) in a fresh temp dir that
// every user can read: tests that run our programs as an unprivileged user (setpriv) must not depend
// on where the repository was cloned (e.g. under a 0700 /root).
namespace Crashcart.TestSupport;

public static class WorldReadableCopy
{
    /// <summary>Copies <see cref="AppContext.BaseDirectory"/> into a new TempDir (removed on its Dispose).</summary>
    public static TempDir OfTestOutput()
    {
        var copy = new TempDir("crashcart-public");
        var mode = (UnixFileMode)0x1ED; // 0755
        File.SetUnixFileMode(copy.Path, mode);
        string source = AppContext.BaseDirectory.TrimEnd('/');
        foreach (var dir in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(copy.Path, System.IO.Path.GetRelativePath(source, dir));
            Directory.CreateDirectory(target);
            File.SetUnixFileMode(target, mode);
        }
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(copy.Path, System.IO.Path.GetRelativePath(source, file));
            File.Copy(file, target);
            File.SetUnixFileMode(target, mode);
        }
        return copy;
    }
}
