// Read-only, seekable view of one inode's content through its block map.
using Crashcart.Ext3.Format;

namespace Crashcart.Ext3.Reading;

internal sealed class Ext3FileStream(Ext3Image image, Inode inode) : Stream
{
    private long _pos;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => inode.Size;
    public override long Position { get => _pos; set => _pos = value < 0 ? throw new ArgumentOutOfRangeException(nameof(value)) : value; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int bs = image.BlockSize;
        int total = 0;
        while (total < buffer.Length && _pos < inode.Size)
        {
            long block = _pos / bs;
            int inBlock = (int)(_pos % bs);
            long phys = image.MapBlock(inode, block);
            // Extend over physically consecutive blocks so large reads become few stream reads.
            int len = (int)Math.Min(Math.Min(bs - inBlock, buffer.Length - total), inode.Size - _pos);
            while (phys != 0 && total + len < buffer.Length && _pos + len < inode.Size && len < (1 << 22)
                   && image.MapBlock(inode, (_pos + len) / bs) == phys + (inBlock + len) / bs)
                len += (int)Math.Min(Math.Min(bs, buffer.Length - total - len), inode.Size - _pos - len);
            var dest = buffer.Slice(total, len);
            if (phys == 0) dest.Clear();
            else image.ReadAt(phys * bs + inBlock, dest);
            total += len;
            _pos += len;
        }
        return total;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _pos + offset,
        _ => inode.Size + offset,
    };

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
