// Property: for any generated tree, the image passes e2fsck and the kernel shows exactly the input.
using Crashcart.Ext3.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Crashcart.Ext3.Tests;

public class PropertyTests
{
    [SkippableTheory]
    [InlineData(4096, 25)]
    [InlineData(2048, 8)]
    [InlineData(1024, 8)]
    public void RandomTrees_PassFsck_AndMountIdentical(int blockSize, int cases)
    {
        Crashcart.TestSupport.Prerequisites.RequireLoopDevices();
        var seeds = Arb.From(Gen.Choose(0, int.MaxValue));
        var property = Prop.ForAll(seeds, seed =>
        {
            var entries = RandomTrees.Generate(seed, blockSize);
            ImageFixture.WriteAndCheck(entries, new Ext3Options { BlockSize = blockSize });
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(cases), property);
    }
}
