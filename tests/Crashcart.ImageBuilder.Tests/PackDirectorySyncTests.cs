// DirectorySync.Fsync (what makes pack's rename durable): works on directories, and errors name the path.
using Crashcart.Interop;
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests;

public class PackDirectorySyncTests
{
    [Fact]
    public void Fsync_of_a_directory_succeeds()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("f"), "x");
        DirectorySync.Fsync(dir.Path);
        DirectorySync.Fsync("/");
    }

    [Fact]
    public void Fsync_of_a_missing_directory_names_it_with_ENOENT()
    {
        using var dir = new TempDir();
        string missing = dir.Combine("gone");
        var e = Assert.Throws<IOException>(() => DirectorySync.Fsync(missing));
        Assert.Equal(2, e.HResult);
        Assert.StartsWith($"open {missing}: ", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void Fsync_of_a_regular_file_refuses_with_ENOTDIR()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("f"), "x");
        var e = Assert.Throws<IOException>(() => DirectorySync.Fsync(dir.Combine("f")));
        Assert.Equal(20, e.HResult); // O_DIRECTORY: a file is not flushed in a directory's place
        Assert.Contains(dir.Combine("f"), e.Message);
    }
}
