// Writes entries to a temp image file and runs the standard checks on it: e2fsck (both ways),
// our own Verify(), and — as root — a kernel mount compared entry by entry with the input.
using Crashcart.TestSupport;

namespace Crashcart.Ext3.Tests.Support;

public static class ImageFixture
{
    public static Ext3WriteResult WriteAndCheck(IReadOnlyList<FsEntry> entries, Ext3Options options, bool mount = true)
    {
        using var tmp = new TempDir("ext3-img");
        var path = tmp.Combine("image.ext3");
        Ext3WriteResult result;
        using (var fs = new FileStream(path, FileMode.Create, FileAccess.ReadWrite))
            result = Ext3Writer.Write(entries, fs, options);
        Fsck.AssertClean(path);
        using (var img = Ext3Image.Open(File.OpenRead(path)))
        {
            var problems = img.Verify();
            Assert.True(problems.Count == 0, "Verify() on a written image: " + string.Join("; ", problems));
        }
        if (mount)
        {
            using var m = new LoopMount(path);
            TreeComparer.AssertMatches(m.MountPoint, entries, options.SourceDateEpoch);
        }
        return result;
    }
}
