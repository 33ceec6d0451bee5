// The judge for every image a test writes: e2fsck -fn must report a clean filesystem, and
// e2fsck -fy on a copy must change nothing (e2fsck -n alone lets a few fixable things pass).
// A completed "e2fsck -f" always stamps s_lastcheck/s_wtime with the current time (even on
// mke2fs images), so both runs get e2fsprogs' test clock set to the image's own s_lastcheck.
using System.Buffers.Binary;
using Crashcart.TestSupport;

namespace Crashcart.Ext3.Tests.Support;

public static class ImageAssert
{
    public static void PassesFsck(string imagePath)
    {
        Prerequisites.RequireTool("e2fsck");
        var env = FakeClock(imagePath);
        var check = Exec.Run("e2fsck", ["-fn", imagePath], timeoutMs: 600_000, env: env);
        Assert.True(check.ExitCode == 0, $"e2fsck -fn {imagePath} found problems:\n{check}");

        var copy = imagePath + ".fsck-copy";
        try
        {
            // --sparse=always keeps multi-GiB test images cheap to copy.
            Exec.Check("cp", "--sparse=always", imagePath, copy);
            var fix = Exec.Run("e2fsck", ["-fy", copy], timeoutMs: 600_000, env: env);
            Assert.True(fix.ExitCode == 0, $"e2fsck -fy on a copy of {imagePath} exited {fix.ExitCode}:\n{fix}");
            var cmp = Exec.Run("cmp", [imagePath, copy], timeoutMs: 600_000);
            Assert.True(cmp.ExitCode == 0, $"e2fsck -fy changed {imagePath}: {cmp.Stdout}{cmp.Stderr}");
        }
        finally
        {
            File.Delete(copy);
        }
    }

    private static Dictionary<string, string?> FakeClock(string imagePath)
    {
        var sb = new byte[1024];
        using (var f = File.OpenRead(imagePath)) { f.Position = 1024; f.ReadExactly(sb); }
        uint lastCheck = BinaryPrimitives.ReadUInt32LittleEndian(sb.AsSpan(64));
        var t = Math.Max(1u, lastCheck).ToString();
        return new() { ["E2FSCK_TIME"] = t, ["E2FSPROGS_FAKE_TIME"] = t };
    }
}
