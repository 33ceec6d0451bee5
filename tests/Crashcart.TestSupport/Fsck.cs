// e2fsck as the judge of every image a test writes: "-fn" must report a clean filesystem, and
// "-fy" on a copy must change nothing (some inconsistencies only show up as silent fixes).
// A completed "e2fsck -f" always stamps s_lastcheck/s_wtime with the current time (even on
// mke2fs images), so both runs get e2fsprogs' test clock set to the image's own s_lastcheck.
using System.Buffers.Binary;
using Xunit;

namespace Crashcart.TestSupport;

public static class Fsck
{
    private const int TimeoutMs = 600_000; // multi-GiB sparse images take a while

    public static void AssertClean(string image)
    {
        Prerequisites.RequireTool("e2fsck");
        var clock = FakeClock(image);
        var check = Exec.Run("e2fsck", ["-fn", image], TimeoutMs, env: clock);
        Assert.True(check.ExitCode == 0, $"e2fsck -fn {image} found problems:\n{check}");

        string copy = $"{image}.fsck-copy-{Guid.NewGuid():N}";
        try
        {
            // --sparse=always keeps multi-GiB test images cheap to copy.
            Exec.Check("cp", "--sparse=always", image, copy);
            var fix = Exec.Run("e2fsck", ["-fy", copy], TimeoutMs, env: clock);
            Assert.True(fix.ExitCode == 0, $"e2fsck -fy on a copy of {image} exited {fix.ExitCode}:\n{fix}");
            var changed = FileCompare.DifferingOffsets(image, copy, max: 8);
            Assert.True(changed.Count == 0,
                $"e2fsck -fy rewrote bytes of a copy of {image} (offsets {string.Join(", ", changed)}) although it exited 0:\n{fix}");
        }
        finally
        {
            File.Delete(copy);
        }
    }

    /// <summary>s_lastcheck of the primary superblock (offset 1024 + 0x40).</summary>
    public static uint LastCheckTime(string image)
    {
        var b = new byte[4];
        using (var f = File.OpenRead(image)) { f.Position = 1024 + 0x40; f.ReadExactly(b); }
        return BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    private static Dictionary<string, string?> FakeClock(string image)
    {
        // 0 means "unset" to e2fsprogs, which would then fall back to the real clock.
        string t = Math.Max(1u, LastCheckTime(image)).ToString();
        return new() { ["E2FSCK_TIME"] = t, ["E2FSPROGS_FAKE_TIME"] = t };
    }
}
