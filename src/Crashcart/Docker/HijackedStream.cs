// The raw byte stream of a hijacked exec connection: first the bytes that arrived with the
// HTTP head, then the connection. CloseWrite() half-closes it, which the daemon passes on as stdin EOF.
// Reads block a pool thread (the connection is blocking); cancelling a read aborts the connection.
namespace Crashcart.Docker;

public sealed class HijackedStream : Stream
{
    private readonly DockerConnection connection;
    private ReadOnlyMemory<byte> pending;

    internal HijackedStream(DockerConnection connection, ReadOnlyMemory<byte> alreadyReceived)
    {
        this.connection = connection;
        pending = alreadyReceived;
    }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;

    public override int Read(Span<byte> buffer)
    {
        if (!pending.IsEmpty)
        {
            int n = Math.Min(buffer.Length, pending.Length);
            pending.Span[..n].CopyTo(buffer);
            pending = pending[n..];
            return n;
        }
        try
        {
            return connection.Read(buffer);
        }
        catch (IOException)
        {
            return 0; // reset by the daemon, or aborted: the output is over either way
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        if (!pending.IsEmpty) return Read(buffer.Span);
        using var abort = ct.Register(connection.Abort);
        int n = await Task.Run(() => Read(buffer.Span), CancellationToken.None).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        return n;
    }

    public override void Write(ReadOnlySpan<byte> buffer) => connection.Write(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        connection.Write(buffer.Span); // small writes to a socket: not worth a thread hop
        return ValueTask.CompletedTask;
    }

    /// <summary>Half-close: no more input (stdin EOF for the exec'd process); output keeps flowing.</summary>
    public void CloseWrite()
    {
        try { connection.ShutdownWrite(); }
        catch (IOException) { } // already closed by the daemon
        catch (ObjectDisposedException) { }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

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
        if (disposing)
        {
            connection.Abort();
            connection.Dispose();
        }
        base.Dispose(disposing);
    }
}
