// SizeSpec: the --size / --headroom grammar.
using Crashcart.ImageBuilder.Packing;

namespace Crashcart.ImageBuilder.Tests;

public class PackSizeSpecTests
{
    [Theory]
    [InlineData("4096", 4096L)]
    [InlineData("0", 0L)]
    [InlineData("64K", 64L << 10)]
    [InlineData("64k", 64L << 10)]
    [InlineData("64M", 64L << 20)]
    [InlineData("64MiB", 64L << 20)]
    [InlineData("64MB", 64L << 20)]
    [InlineData("2G", 2L << 30)]
    [InlineData("1T", 1L << 40)]
    [InlineData(" 8M ", 8L << 20)]
    public void TryParseBytes_accepts_plain_numbers_and_binary_suffixes(string text, long expected)
    {
        Assert.True(SizeSpec.TryParseBytes(text, out long bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("M")]
    [InlineData("-1")]
    [InlineData("1.5M")]
    [InlineData("12X")]
    [InlineData("10%")]
    [InlineData("99999999999999999999")]
    [InlineData("9999999999T")] // overflows long after the shift
    public void TryParseBytes_rejects_garbage(string text)
    {
        Assert.False(SizeSpec.TryParseBytes(text, out _));
    }

    [Theory]
    [InlineData("10%", 0.10, 0L)]
    [InlineData("0%", 0.0, 0L)]
    [InlineData("12.5%", 0.125, 0L)]
    [InlineData("16M", 0.0, 16L << 20)]
    [InlineData("0", 0.0, 0L)]
    public void TryParseHeadroom_accepts_percentages_or_sizes(string text, double fraction, long bytes)
    {
        Assert.True(SizeSpec.TryParseHeadroom(text, out double f, out long b));
        Assert.Equal(fraction, f, 6);
        Assert.Equal(bytes, b);
    }

    [Theory]
    [InlineData("%")]
    [InlineData("-5%")]
    [InlineData("2000%")]
    [InlineData("ten%")]
    [InlineData("abc")]
    public void TryParseHeadroom_rejects_garbage(string text)
    {
        Assert.False(SizeSpec.TryParseHeadroom(text, out _, out _));
    }
}
