// Splits a non-TTY exec stream into its stdout and stderr frames (pure logic over any Stream).
// Frame: 8-byte header [stream (0 stdin, 1 stdout, 2 stderr), 0, 0, 0, size as big-endian u32], then size bytes.
using System.Buffers.Binary;

namespace Crashcart.Docker;

public enum StdStream : byte { Stdin = 0, Stdout = 1, Stderr = 2 }

public sealed class MultiplexedStreamReader(Stream source)
{
    private readonly byte[] header = new byte[8];

    /// <summary>
    /// Reads the next frame's header; returns null at a clean end of stream.
    /// </summary>
    /// <exception cref="InvalidDataException">The stream ended inside a header or the stream byte is unknown.</exception>
    public async Task<(StdStream Stream, int Length)?> ReadHeaderAsync(CancellationToken ct = default)
    {
        int got = await ReadAtLeastAsync(header, ct).ConfigureAwait(false);
        if (got == 0) return null;
        if (got < header.Length) throw new InvalidDataException($"exec stream ended inside a frame header ({got} of 8 bytes)");
        if (header[0] > 2) throw new InvalidDataException($"exec stream frame has unknown stream byte {header[0]}");
        uint size = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
        if (size > int.MaxValue) throw new InvalidDataException($"exec stream frame of {size} bytes");
        return ((StdStream)header[0], (int)size);
    }

    /// <summary>Copies every frame's payload to <paramref name="stdout"/> or <paramref name="stderr"/>, flushing per frame.</summary>
    public async Task CopyToAsync(Stream stdout, Stream stderr, CancellationToken ct = default)
    {
        var buffer = new byte[32 * 1024];
        while (await ReadHeaderAsync(ct).ConfigureAwait(false) is var (stream, length))
        {
            var target = stream == StdStream.Stderr ? stderr : stdout;
            while (length > 0)
            {
                int n = await source.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, length)), ct).ConfigureAwait(false);
                if (n == 0) throw new InvalidDataException($"exec stream ended inside a {stream} frame ({length} bytes missing)");
                await target.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                length -= n;
            }
            await target.FlushAsync(ct).ConfigureAwait(false);
        }
    }

    private async Task<int> ReadAtLeastAsync(byte[] into, CancellationToken ct)
    {
        int got = 0;
        while (got < into.Length)
        {
            int n = await source.ReadAsync(into.AsMemory(got), ct).ConfigureAwait(false);
            if (n == 0) break;
            got += n;
        }
        return got;
    }
}
