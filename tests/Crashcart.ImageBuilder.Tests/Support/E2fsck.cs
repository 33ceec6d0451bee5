// Kept only under this name for the build tests (BuildDefaultImageTests), which call E2fsck.AssertClean;
// the judge itself is shared with the ext3 tests in Crashcart.TestSupport.Fsck. Pack/ls/verify tests use Fsck.
namespace Crashcart.ImageBuilder.Tests.Support;

public static class E2fsck
{
    public static void AssertClean(string image) => Crashcart.TestSupport.Fsck.AssertClean(image);
}
