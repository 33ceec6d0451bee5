// One byte-stream connection to the daemon: a unix socket on raw syscalls (the usual case, and
// the cheapest to start) or a TCP socket. Blocking calls; the caller bounds waits with WaitReadable.
using System.Net;
using System.Net.Sockets;
using Crashcart.Interop;

namespace Crashcart.Docker;

internal abstract class DockerConnection : IDisposable
{
    public abstract void Write(ReadOnlySpan<byte> data);
    /// <summary>Blocks until data arrives; 0 = the daemon closed the connection.</summary>
    public abstract int Read(Span<byte> buffer);
    public abstract bool WaitReadable(TimeSpan timeout);
    /// <summary>Half-close: end of input for the exec'd process.</summary>
    public abstract void ShutdownWrite();
    /// <summary>Ends both directions; wakes a Read blocked in another thread.</summary>
    public abstract void Abort();
    public abstract void Dispose();

    public static DockerConnection Open(DockerEndpoint endpoint, TimeSpan timeout) =>
        endpoint.SocketPath != null ? new Unix(UnixSocket.Connect(endpoint.SocketPath)) : Tcp.Connect(endpoint, timeout);

    private sealed class Unix(UnixSocket socket) : DockerConnection
    {
        public override void Write(ReadOnlySpan<byte> data) => socket.Write(data);
        public override int Read(Span<byte> buffer) => socket.Read(buffer);
        public override bool WaitReadable(TimeSpan timeout) => socket.WaitReadable(timeout);
        public override void ShutdownWrite() => socket.ShutdownWrite();
        public override void Abort() => socket.Abort();
        public override void Dispose() => socket.Dispose();
    }

    private sealed class Tcp(Socket socket) : DockerConnection
    {
        public static Tcp Connect(DockerEndpoint endpoint, TimeSpan timeout)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var cts = new CancellationTokenSource(timeout);
                socket.ConnectAsync(new DnsEndPoint(endpoint.Host!, endpoint.Port), cts.Token).AsTask().GetAwaiter().GetResult();
                return new Tcp(socket);
            }
            catch (OperationCanceledException)
            {
                socket.Dispose();
                throw new IOException($"no connection within {timeout.TotalSeconds:0.###} s");
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw new IOException(e.SocketErrorCode == SocketError.ConnectionRefused
                    ? "connection refused (is dockerd running?)" : e.Message, e);
            }
        }

        // SocketException becomes IOException: callers handle one exception type for both transports.
        public override void Write(ReadOnlySpan<byte> data)
        {
            try { while (!data.IsEmpty) data = data[socket.Send(data)..]; }
            catch (SocketException e) { throw new IOException(e.Message, e); }
        }

        public override int Read(Span<byte> buffer)
        {
            try { return socket.Receive(buffer); }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown) { return 0; }
            catch (SocketException e) { throw new IOException(e.Message, e); }
        }

        public override bool WaitReadable(TimeSpan timeout)
        {
            try { return socket.Poll(timeout, SelectMode.SelectRead); }
            catch (SocketException e) { throw new IOException(e.Message, e); }
        }

        public override void ShutdownWrite()
        {
            try { socket.Shutdown(SocketShutdown.Send); }
            catch (SocketException) { } // already closed by the daemon
        }

        public override void Abort()
        {
            try { socket.Shutdown(SocketShutdown.Both); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        }

        public override void Dispose() => socket.Dispose();
    }
}
