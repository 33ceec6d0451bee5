// Hand-written HTTP/1.1 over the Docker socket: one request per connection (Connection: close),
// so there is no pool and no HttpClient start-up cost; and the hijacked exec stream for upgrades.
// Plain calls block (see DockerEndpoint.Connect); socket timeouts bound them.
using System.Net.Sockets;
using System.Text;

namespace Crashcart.Docker;

internal sealed class DockerHttp(DockerEndpoint endpoint, TimeSpan timeout)
{
    public DockerEndpoint Endpoint { get; } = endpoint;

    /// <summary>Sends one request and returns the status head and the whole body.</summary>
    public (HttpResponseHead Head, byte[] Body) Send(string method, string path, byte[]? jsonBody)
    {
        using var socket = Endpoint.Connect(timeout);
        try
        {
            WriteRequest(socket, method, path, jsonBody, upgrade: false);
            var (head, buffer, used, headLength) = ReadHead(socket, path);
            return (head, ReadBody(socket, head, buffer, used, headLength, path));
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidDataException)
        {
            var reason = e is SocketException { SocketErrorCode: SocketError.TimedOut }
                ? $"no answer within {timeout.TotalSeconds:F0} s" : e.Message;
            throw Endpoint.Unreachable($"{method} {path}: {reason}", e);
        }
    }

    /// <summary>
    /// Sends an upgrade request (Connection: Upgrade, Upgrade: tcp). On 101 (or 200, older daemons)
    /// returns the raw stream: the bytes that came with the head belong to it. Otherwise returns the error body.
    /// </summary>
    public (HttpResponseHead Head, HijackedStream? Stream, byte[] ErrorBody) Upgrade(string path, byte[] jsonBody)
    {
        var socket = Endpoint.Connect(timeout);
        try
        {
            WriteRequest(socket, "POST", path, jsonBody, upgrade: true);
            var (head, buffer, used, headLength) = ReadHead(socket, path);
            if (head.StatusCode is 101 or 200)
            {
                socket.ReceiveTimeout = socket.SendTimeout = 0; // the session lasts as long as the user wants
                return (head, new HijackedStream(socket, buffer.AsMemory(headLength, used - headLength)), []);
            }
            var body = ReadBody(socket, head, buffer, used, headLength, path);
            socket.Dispose();
            return (head, null, body);
        }
        catch (Exception e)
        {
            socket.Dispose();
            if (e is SocketException or IOException or InvalidDataException)
                throw Endpoint.Unreachable($"POST {path}: {e.Message}", e);
            throw;
        }
    }

    private static void WriteRequest(Socket socket, string method, string path, byte[]? body, bool upgrade)
    {
        var sb = new StringBuilder(256);
        sb.Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\n");
        sb.Append("Host: docker\r\nUser-Agent: crashcart\r\n");
        sb.Append(upgrade ? "Connection: Upgrade\r\nUpgrade: tcp\r\n" : "Connection: close\r\n");
        if (body != null) sb.Append("Content-Type: application/json\r\nContent-Length: ").Append(body.Length).Append("\r\n");
        sb.Append("\r\n");
        byte[] head = Encoding.ASCII.GetBytes(sb.ToString());
        byte[] all = body == null ? head : [.. head, .. body];
        int sent = 0;
        while (sent < all.Length) sent += socket.Send(all, sent, all.Length - sent, SocketFlags.None);
    }

    private static (HttpResponseHead Head, byte[] Buffer, int Used, int HeadLength) ReadHead(Socket socket, string path)
    {
        var buffer = new byte[8192];
        int used = 0;
        while (true)
        {
            if (used == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            int n = socket.Receive(buffer, used, buffer.Length - used, SocketFlags.None);
            if (n == 0) throw new IOException($"connection closed before a response to {path}");
            used += n;
            if (HttpResponseHead.TryParse(buffer.AsSpan(0, used), out var head, out var headLength))
                return (head!, buffer, used, headLength);
        }
    }

    private static byte[] ReadBody(Socket socket, HttpResponseHead head, byte[] buffer, int used, int headLength, string path)
    {
        var body = new MemoryStream();
        body.Write(buffer, headLength, used - headLength);
        long? length = head.ContentLength;
        if (head.StatusCode is 204 or 304 || (length == 0 && !head.IsChunked)) return [];
        var chunk = new byte[16384];
        while (true)
        {
            if (!head.IsChunked && length is long want && body.Length >= want) return body.GetBuffer().AsSpan(0, (int)want).ToArray();
            if (head.IsChunked && ChunkedEncoding.TryDecode(body.GetBuffer().AsSpan(0, (int)body.Length), out var decoded)) return decoded;
            int n = socket.Receive(chunk, SocketFlags.None);
            if (n == 0)
            {
                if (head.IsChunked || length != null) throw new IOException($"connection closed in the middle of the response to {path}");
                return body.ToArray(); // no length, no chunking: the body ends with the connection
            }
            body.Write(chunk, 0, n);
        }
    }
}
