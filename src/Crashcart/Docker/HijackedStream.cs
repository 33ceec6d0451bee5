// The raw byte stream of a hijacked exec connection: first the bytes that arrived with the
// HTTP head, then the socket. CloseWrite() half-closes it, which the daemon passes on as stdin EOF.
using System.Net.Sockets;

namespace Crashcart.Docker;

public sealed class HijackedStream : Stream
{
    private readonly Socket socket;
    private ReadOnlyMemory<byte> pending;

    internal HijackedStream(Socket socket, ReadOnlyMemory<byte> alreadyReceived)
    {
        this.socket = socket;
        pending = alreadyReceived;
    }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (!pending.IsEmpty)
        {
            int n = Math.Min(buffer.Length, pending.Length);
            pending[..n].CopyTo(buffer);
            pending = pending[n..];
            return n;
        }
        try
        {
            return await socket.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown)
        {
            return 0; // the daemon closed the stream: treat as end of output
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        while (!buffer.IsEmpty)
        {
            int n = await socket.SendAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
            buffer = buffer[n..];
        }
    }

    /// <summary>Half-close: no more input (stdin EOF for the exec'd process); output keeps flowing.</summary>
    public void CloseWrite()
    {
        try { socket.Shutdown(SocketShutdown.Send); }
        catch (SocketException) { } // already closed by the daemon
        catch (ObjectDisposedException) { }
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override void Flush() { }
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) socket.Dispose();
        base.Dispose(disposing);
    }
}
