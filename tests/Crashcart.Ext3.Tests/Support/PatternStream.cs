// A read-only stream of a given length whose bytes are a cheap deterministic function of the
// offset and a seed. With seed 0 it is all zeros except a few marker bytes (for sparse huge files).
namespace Crashcart.Ext3.Tests.Support;

public sealed class PatternStream(long length, int seed) : Stream
{
    private long _pos;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _pos; set => throw new NotSupportedException(); }

    public static byte ByteAt(long offset, int seed)
    {
        if (seed == 0)
        {
            // Sparse pattern: markers at every GiB boundary and near the end of 4 GiB.
            if (offset % (1L << 30) == 7) return (byte)(0x40 + offset / (1L << 30));
            if (offset == (1L << 32) + 4093) return 0x5A;
            return 0;
        }
        ulong x = (ulong)offset * 0x9E3779B97F4A7C15UL + (ulong)seed * 0xD1B54A32D192ED03UL;
        return (byte)((x >> 29) ^ (x >> 47));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = (int)Math.Min(buffer.Length, length - _pos);
        if (n <= 0) return 0;
        if (seed == 0)
        {
            buffer[..n].Clear();
            // Only the marker positions can be non-zero.
            for (long gib = _pos >> 30; gib <= (_pos + n) >> 30; gib++)
            {
                long at = (gib << 30) + 7;
                if (at >= _pos && at < _pos + n) buffer[(int)(at - _pos)] = ByteAt(at, 0);
            }
            long m = (1L << 32) + 4093;
            if (m >= _pos && m < _pos + n) buffer[(int)(m - _pos)] = 0x5A;
        }
        else
        {
            for (int i = 0; i < n; i++) buffer[i] = ByteAt(_pos + i, seed);
        }
        _pos += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
