// Invalid writer input fails with one-line messages that name the entry.
using static Crashcart.Ext3.Tests.Support.TestEntries;

namespace Crashcart.Ext3.Tests;

public class BadInputTests
{
    private static Ext3InputException Fails(params FsEntry[] entries) =>
        Assert.Throws<Ext3InputException>(() => Ext3Writer.Write(entries, new MemoryStream(), new Ext3Options()));

    [Theory]
    [InlineData("a//b", "empty path component")]
    [InlineData("a/", "empty path component")]
    [InlineData("/a", "empty path component")]
    [InlineData("a/./b", "'.' is not allowed")]
    [InlineData("a/../b", "'..' is not allowed")]
    [InlineData("nul\0x", "NUL")]
    public void BadPaths(string path, string message)
    {
        var e = Fails(Text(path, "x"));
        Assert.Contains(message, e.Message);
        Assert.Equal(path, e.EntryPath);
        Assert.DoesNotContain("\n", e.Message.Replace(path, ""));
    }

    [Fact]
    public void NameLongerThan255Bytes()
    {
        var name = string.Concat(Enumerable.Repeat("é", 128)); // 256 bytes
        var e = Fails(Text("d/" + name, "x"));
        Assert.Contains("256 bytes", e.Message);
        Assert.StartsWith("d/", e.EntryPath);
    }

    [Fact]
    public void DuplicatePath() => Assert.Contains("duplicate", Fails(Text("a", "1"), Text("a", "2")).Message);

    [Fact]
    public void HardLinkToMissingTarget()
    {
        var e = Fails(HardLink("l", "nope"));
        Assert.Equal("l", e.EntryPath);
        Assert.Contains("'nope'", e.Message);
    }

    [Fact]
    public void HardLinkToDirectory()
    {
        var e = Fails(Dir("d"), HardLink("l", "d"));
        Assert.Equal("l", e.EntryPath);
        Assert.Contains("'d' is a directory", e.Message);
    }

    [Fact]
    public void HardLinkThroughALinkToADirectory() => Assert.Contains("is a directory", Fails(Dir("d"), HardLink("l1", "l2"), HardLink("l2", "d")).Message);

    [Fact]
    public void HardLinkCycle()
    {
        var e = Fails(HardLink("a", "b"), HardLink("b", "a"));
        Assert.Contains("cycle", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void ContentShorterThanSize()
    {
        var e = Fails(Bytes("f", new byte[10]) with { Size = 5000 });
        Assert.Equal("f", e.EntryPath);
        Assert.Contains("ended after 10 bytes", e.Message);
    }

    [Fact]
    public void ContentLongerThanSize() => Assert.Contains("longer", Fails(Bytes("f", new byte[10]) with { Size = 9 }).Message);

    [Fact]
    public void FileInsideAFile() => Assert.Contains("not a directory", Fails(Text("f", "x"), Text("f/g", "y")).Message);

    [Fact]
    public void EmptySymlinkTarget() => Assert.Contains("empty target", Fails(Symlink("s", "")).Message);

    [Fact]
    public void LostFoundMustBeADirectory() => Assert.Contains("lost+found", Fails(Text("lost+found", "x")).Message);

    [Fact]
    public void TooSmallSize_SaysHowMuchIsNeeded()
    {
        var entries = new[] { File("f", 10_000_000) };
        long min = Ext3Writer.MinimumSize(entries, new Ext3Options());
        var e = Assert.Throws<ImageTooSmallException>(() => Ext3Writer.Write(entries, new MemoryStream(), new Ext3Options { Size = min - 1 }));
        Assert.Equal(min, e.NeededBytes);
        Assert.Equal(min - 1, e.RequestedBytes);
    }

    [Fact]
    public void BadBlockSize() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Ext3Writer.Write([], new MemoryStream(), new Ext3Options { BlockSize = 512 }));
}
