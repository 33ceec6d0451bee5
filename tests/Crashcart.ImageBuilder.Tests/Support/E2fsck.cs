// e2fsck as the judge of an image: '-fn' must find nothing, and '-fy' on a copy must change nothing
// (some inconsistencies only show up as silent fixes).
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests.Support;

public static class E2fsck
{
    public static void AssertClean(string image)
    {
        Prerequisites.RequireTool("e2fsck");
        var check = Exec.Run("e2fsck", ["-fn", image]);
        Assert.True(check.ExitCode == 0, $"e2fsck -fn {image} found problems: {check}");

        string copy = image + ".fsck-copy-" + Guid.NewGuid().ToString("N");
        try
        {
            File.Copy(image, copy);
            // e2fsck -fy always stamps "last checked" and "last written" with its clock; pinning the clock to the
            // image's own last-check time (E2FSCK_TIME, honoured by e2fsck) leaves real fixes as the only changes.
            var clock = new Dictionary<string, string?> { ["E2FSCK_TIME"] = LastCheckTime(image).ToString() };
            var fix = Exec.Run("e2fsck", ["-fy", copy], env: clock);
            Assert.True(fix.ExitCode == 0, $"e2fsck -fy on a copy of {image} changed something: {fix}");
            var changed = DifferingOffsets(image, copy, max: 8);
            Assert.True(changed.Count == 0,
                $"e2fsck -fy rewrote bytes of a copy of {image} (offsets {string.Join(", ", changed)}) although it reported nothing: {fix}");
        }
        finally
        {
            File.Delete(copy);
        }
    }

    /// <summary>s_lastcheck of the primary superblock (offset 1024 + 0x40).</summary>
    public static uint LastCheckTime(string image)
    {
        using var f = File.OpenRead(image);
        var b = new byte[4];
        f.Position = 1024 + 0x40;
        f.ReadExactly(b);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    /// <summary>Byte offsets where the files differ (at most <paramref name="max"/>); a length difference counts at the shorter length.</summary>
    public static List<long> DifferingOffsets(string a, string b, int max)
    {
        var result = new List<long>();
        byte[] ba = File.ReadAllBytes(a), bb = File.ReadAllBytes(b);
        int n = Math.Min(ba.Length, bb.Length);
        for (int i = 0; i < n && result.Count < max; i++)
            if (ba[i] != bb[i]) result.Add(i);
        if (ba.Length != bb.Length && result.Count < max) result.Add(n);
        return result;
    }

    public static bool FilesEqual(string a, string b)
    {
        using var fa = File.OpenRead(a);
        using var fb = File.OpenRead(b);
        if (fa.Length != fb.Length) return false;
        var ba = new byte[1 << 16];
        var bb = new byte[1 << 16];
        while (true)
        {
            int na = fa.ReadAtLeast(ba, ba.Length, throwOnEndOfStream: false);
            int nb = fb.ReadAtLeast(bb, bb.Length, throwOnEndOfStream: false);
            if (na != nb || !ba.AsSpan(0, na).SequenceEqual(bb.AsSpan(0, nb))) return false;
            if (na == 0) return true;
        }
    }
}
