// Unit tests for the hand-written HTTP pieces: response head parsing and chunked bodies.
using System.Text;
using Crashcart.Docker;

namespace Crashcart.Sideloader.Tests;

public class DockerHttpParsingTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    [Fact]
    public void Head_IsParsed_AndBytesAfterTheBlankLineAreLeftOver()
    {
        var data = B("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nhello");
        Assert.True(HttpResponseHead.TryParse(data, out var head, out var length));
        Assert.Equal(101, head!.StatusCode);
        Assert.Equal("UPGRADED", head.Reason);
        Assert.Equal("tcp", head.Header("upgrade"));
        Assert.Equal("hello", Encoding.ASCII.GetString(data.AsSpan(length)));
    }

    [Fact]
    public void Head_Incomplete_IsNotParsedYet()
    {
        Assert.False(HttpResponseHead.TryParse(B("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"), out _, out _));
    }

    [Fact]
    public void Head_ContentLengthAndChunked_AreRecognised()
    {
        Assert.True(HttpResponseHead.TryParse(B("HTTP/1.1 200 OK\r\nContent-Length: 42\r\n\r\n"), out var a, out _));
        Assert.Equal(42, a!.ContentLength);
        Assert.False(a.IsChunked);
        Assert.True(HttpResponseHead.TryParse(B("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), out var b, out _));
        Assert.True(b!.IsChunked);
        Assert.Null(b.ContentLength);
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH\r\n\r\n")]
    [InlineData("HTTP/1.1 abc OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")]
    public void Head_Garbage_IsRejected(string text)
    {
        Assert.Throws<InvalidDataException>(() => HttpResponseHead.TryParse(B(text), out _, out _));
    }

    [Fact]
    public void Chunked_WholeBody_IsDecoded()
    {
        Assert.True(ChunkedEncoding.TryDecode(B("4\r\nWiki\r\n6;ext=1\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\n\r\n"), out var body));
        Assert.Equal("Wikipedia in \r\n\r\nchunks.", Encoding.ASCII.GetString(body));
    }

    [Theory]
    [InlineData("4\r\nWi")]
    [InlineData("4\r\nWiki\r\n")]
    [InlineData("4\r\nWiki\r\n0")]
    [InlineData("")]
    public void Chunked_Partial_IsNotDoneYet(string text)
    {
        Assert.False(ChunkedEncoding.TryDecode(B(text), out _));
    }

    [Theory]
    [InlineData("zz\r\nabc\r\n0\r\n\r\n")]
    [InlineData("3\r\nabcXY0\r\n\r\n")]
    public void Chunked_Malformed_IsRejected(string text)
    {
        Assert.Throws<InvalidDataException>(() => ChunkedEncoding.TryDecode(B(text), out _));
    }
}
