// FileStatus.Lstat (the one P/Invoke pack needs) against stat(1), and the struct statx layout against the kernel header.
using System.Globalization;
using Crashcart.Interop;
using Crashcart.ImageBuilder.Tests.Support;
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests;

public class PackFileStatusTests
{
    [Fact]
    public void Lstat_matches_stat_1_for_files_symlinks_and_directories()
    {
        using var dir = new TempDir();
        string file = dir.Combine("f"), link = dir.Combine("l");
        File.WriteAllBytes(file, new byte[1234]);
        File.CreateSymbolicLink(link, "f-target-that-does-not-exist");
        SampleTree.HardLink(file, dir.Combine("h"));
        foreach (var p in new[] { file, link, dir.Path })
        {
            // %f raw mode hex, %i ino, %d dev, %h nlink, %u uid, %g gid, %s size, %Y mtime
            var fields = Exec.Check("stat", "-c", "%f %i %d %h %u %g %s %Y", p).Stdout.Trim().Split(' ');
            var st = FileStatus.Lstat(p);
            Assert.Equal(uint.Parse(fields[0], NumberStyles.HexNumber), st.Mode);
            Assert.Equal(ulong.Parse(fields[1]), st.Ino);
            Assert.Equal(ulong.Parse(fields[3]), st.Nlink);
            Assert.Equal(uint.Parse(fields[4]), st.Uid);
            Assert.Equal(uint.Parse(fields[5]), st.Gid);
            Assert.Equal(long.Parse(fields[6]), st.Size);
            Assert.Equal(long.Parse(fields[7]), st.MtimeSeconds);
        }
        Assert.True(FileStatus.Lstat(link).IsSymlink); // not followed
        Assert.Equal(2u, FileStatus.Lstat(file).Nlink);
        Assert.Equal(FileStatus.Lstat(file).Dev, FileStatus.Lstat(dir.Path).Dev);
    }

    [Fact]
    public void Lstat_reports_device_numbers()
    {
        var st = FileStatus.Lstat("/dev/null");
        Assert.Equal(FileStatus.S_IFCHR, st.Type);
        Assert.Equal((1u, 3u), (st.RdevMajor, st.RdevMinor));
    }

    [Fact]
    public void Lstat_of_a_missing_path_throws_FileNotFound_naming_it()
    {
        string p = $"/tmp/does-not-exist-{Guid.NewGuid():N}/x";
        var e = Assert.Throws<FileNotFoundException>(() => FileStatus.Lstat(p));
        Assert.Contains(p, e.Message);
    }

    [SkippableFact]
    public void StatxBuffer_offsets_match_linux_stat_h()
    {
        Prerequisites.RequireTool("gcc");
        using var dir = new TempDir();
        // The managed struct uses these offsets; the C compiler proves them against the installed kernel header.
        File.WriteAllText(dir.Combine("check.c"), """
            #include <stddef.h>
            #include <fcntl.h>
            #include <linux/stat.h>
            _Static_assert(sizeof(struct statx) == 256, "size");
            _Static_assert(offsetof(struct statx, stx_nlink) == 16, "nlink");
            _Static_assert(offsetof(struct statx, stx_uid) == 20, "uid");
            _Static_assert(offsetof(struct statx, stx_gid) == 24, "gid");
            _Static_assert(offsetof(struct statx, stx_mode) == 28, "mode");
            _Static_assert(offsetof(struct statx, stx_ino) == 32, "ino");
            _Static_assert(offsetof(struct statx, stx_size) == 40, "size");
            _Static_assert(offsetof(struct statx, stx_mtime) == 112, "mtime");
            _Static_assert(offsetof(struct statx, stx_rdev_major) == 128, "rdev_major");
            _Static_assert(offsetof(struct statx, stx_rdev_minor) == 132, "rdev_minor");
            _Static_assert(offsetof(struct statx, stx_dev_major) == 136, "dev_major");
            _Static_assert(offsetof(struct statx, stx_dev_minor) == 140, "dev_minor");
            _Static_assert(AT_SYMLINK_NOFOLLOW == 0x100, "nofollow");
            _Static_assert(AT_FDCWD == -100, "fdcwd");
            _Static_assert(STATX_BASIC_STATS == 0x7ff, "mask");
            int main(void) { return 0; }
            """);
        var r = Exec.Run("gcc", ["-fsyntax-only", dir.Combine("check.c")]);
        Assert.True(r.ExitCode == 0, r.ToString());
    }
}
