// Unit tests for splitting a non-TTY exec stream into stdout and stderr.
using System.Text;
using Crashcart.Docker;

namespace Crashcart.Sideloader.Tests;

public class DockerMultiplexTests
{
    private static byte[] Frame(byte stream, string payload)
    {
        var p = Encoding.UTF8.GetBytes(payload);
        var f = new byte[8 + p.Length];
        f[0] = stream;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(4), (uint)p.Length);
        p.CopyTo(f, 8);
        return f;
    }

    /// <summary>Delivers its bytes a few at a time, like a socket does.</summary>
    private sealed class TricklingStream(byte[] data, int step) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, step));
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, step)], ct);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task Frames_GoToTheirStreams_InOrder(int step)
    {
        byte[] data = [.. Frame(1, "out1 "), .. Frame(2, "err1 "), .. Frame(1, ""), .. Frame(1, "out2"), .. Frame(2, "err2")];
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        await new MultiplexedStreamReader(new TricklingStream(data, step)).CopyToAsync(stdout, stderr);
        Assert.Equal("out1 out2", Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal("err1 err2", Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [Fact]
    public async Task EmptyStream_IsCleanEnd()
    {
        var stdout = new MemoryStream();
        await new MultiplexedStreamReader(new MemoryStream()).CopyToAsync(stdout, stdout);
        Assert.Equal(0, stdout.Length);
    }

    [Fact]
    public async Task TruncatedHeader_IsAnError()
    {
        var data = Frame(1, "abc")[..5];
        await Assert.ThrowsAsync<InvalidDataException>(() => new MultiplexedStreamReader(new MemoryStream(data)).CopyToAsync(Stream.Null, Stream.Null));
    }

    [Fact]
    public async Task TruncatedPayload_IsAnError()
    {
        var data = Frame(2, "abcdef")[..10];
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => new MultiplexedStreamReader(new MemoryStream(data)).CopyToAsync(Stream.Null, Stream.Null));
        Assert.Contains("Stderr", e.Message);
    }

    [Fact]
    public async Task UnknownStreamByte_IsAnError()
    {
        var data = Frame(7, "x");
        await Assert.ThrowsAsync<InvalidDataException>(() => new MultiplexedStreamReader(new MemoryStream(data)).CopyToAsync(Stream.Null, Stream.Null));
    }
}
