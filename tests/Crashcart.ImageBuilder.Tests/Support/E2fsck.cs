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
            var fix = Exec.Run("e2fsck", ["-fy", copy]);
            Assert.True(fix.ExitCode == 0, $"e2fsck -fy on a copy of {image} changed something: {fix}");
            Assert.True(FilesEqual(image, copy), $"e2fsck -fy rewrote bytes of a copy of {image} although it reported nothing: {fix}");
        }
        finally
        {
            File.Delete(copy);
        }
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
