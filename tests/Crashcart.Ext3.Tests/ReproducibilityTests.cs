// Same entries in any order → the same bytes; SOURCE_DATE_EPOCH clamps times.
using Crashcart.Ext3.Tests.Support;
using static Crashcart.Ext3.Tests.Support.TestEntries;

namespace Crashcart.Ext3.Tests;

public class ReproducibilityTests
{
    private static byte[] Image(IReadOnlyList<FsEntry> entries, Ext3Options options)
    {
        using var ms = new MemoryStream();
        Ext3Writer.Write(entries, ms, options);
        return ms.ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ShuffledInput_GivesIdenticalBytes(int seed)
    {
        var entries = RandomTrees.Generate(seed, 4096);
        var shuffled = entries.OrderBy(_ => Random.Shared.Next()).ToList();
        var a = Image(entries, new Ext3Options());
        var b = Image(shuffled, new Ext3Options());
        Assert.True(a.AsSpan().SequenceEqual(b), "images of the same entries in different order differ");
    }

    [Fact]
    public void DifferentTrees_GetDifferentUuids_AndGivenUuidIsUsed()
    {
        using var ms = new MemoryStream();
        var r1 = Ext3Writer.Write([Text("a", "1")], ms, new Ext3Options());
        var r2 = Ext3Writer.Write([Text("b", "1")], ms, new Ext3Options());
        Assert.NotEqual(r1.Uuid, r2.Uuid);
        var given = Guid.Parse("0123abcd-0000-4000-8000-00000000beef");
        var r3 = Ext3Writer.Write([Text("a", "1")], ms, new Ext3Options { Uuid = given });
        Assert.Equal(given, r3.Uuid);
        ms.Position = 0;
        using var img = Ext3Image.Open(ms, leaveOpen: true);
        Assert.Equal(given, img.Superblock.Uuid);
    }

    [SkippableFact]
    public void SourceDateEpoch_ClampsTimes()
    {
        const long sde = 1_600_000_000;
        var entries = new List<FsEntry> { File("new", 3, 1, mtime: 1_700_000_000), File("old", 3, 1, mtime: 1_500_000_000), File("implicit/x", 1) };
        ImageFixture.WriteAndCheck(entries, new Ext3Options { SourceDateEpoch = sde });
        using var ms = new MemoryStream(Image(entries, new Ext3Options { SourceDateEpoch = sde }));
        using var img = Ext3Image.Open(ms);
        Assert.Equal(sde, img.Stat("/new").Mtime);
        Assert.Equal(1_500_000_000, img.Stat("/old").Mtime);
        Assert.Equal(sde, img.Stat("/implicit").Mtime);
        Assert.Equal((uint)sde, img.Superblock.WriteTime);
        Assert.Equal((uint)sde, img.Superblock.MkfsTime);
    }
}
