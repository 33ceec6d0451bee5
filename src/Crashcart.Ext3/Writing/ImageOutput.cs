// Positioned writes into the image stream through one large buffer. Blocks that are all zero
// are skipped (the stream was zero-filled by SetLength), which keeps sparse files and empty
// journals cheap; seeks happen only when the write position really jumps.
namespace Crashcart.Ext3.Writing;

internal sealed class ImageOutput(Stream stream, int blockSize) : IDisposable
{
    private readonly BufferedStream _buffered = new(stream, 1 << 20);
    private long _position = stream.Position;

    public void WriteAt(long offset, ReadOnlySpan<byte> data)
    {
        int i = 0;
        while (i < data.Length)
        {
            // Skip a run of zero blocks, then write the following run of non-zero blocks in one go.
            while (i < data.Length && IsZero(data.Slice(i, Math.Min(blockSize, data.Length - i)))) i += blockSize;
            int start = i;
            while (i < data.Length && !IsZero(data.Slice(i, Math.Min(blockSize, data.Length - i)))) i += blockSize;
            i = Math.Min(i, data.Length);
            if (i > start) Put(offset + start, data[start..i]);
        }
    }

    private void Put(long offset, ReadOnlySpan<byte> data)
    {
        if (offset != _position) _buffered.Seek(offset, SeekOrigin.Begin);
        _buffered.Write(data);
        _position = offset + data.Length;
    }

    private static bool IsZero(ReadOnlySpan<byte> s) => s.IndexOfAnyExcept((byte)0) < 0;

    public void Flush() => _buffered.Flush();

    public void Dispose() => _buffered.Flush();
}
