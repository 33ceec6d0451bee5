// Hand-written HTTP/1.1 over the Docker socket: one request per connection (Connection: close),
// so there is no pool and no HttpClient start-up cost; and the hijacked exec stream for upgrades.
// Plain calls block; every wait for the daemon is bounded by poll(2) with the call timeout.
using System.Text;

namespace Crashcart.Docker;

internal sealed class DockerHttp(DockerEndpoint endpoint, TimeSpan timeout)
{
    public DockerEndpoint Endpoint { get; } = endpoint;

    /// <summary>Sends one request and returns the status head and the whole body.</summary>
    public (HttpResponseHead Head, byte[] Body) Send(string method, string path, byte[]? jsonBody)
    {
        using var connection = Endpoint.Connect(timeout);
        try
        {
            WriteRequest(connection, method, path, jsonBody, upgrade: false);
            var (head, buffer, used, headLength) = ReadHead(connection, path);
            return (head, ReadBody(connection, head, buffer, used, headLength, path));
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw Endpoint.Unreachable($"{method} {path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Sends an upgrade request (Connection: Upgrade, Upgrade: tcp). On 101 (or 200, older daemons)
    /// returns the raw stream: the bytes that came with the head belong to it. Otherwise returns the error body.
    /// </summary>
    public (HttpResponseHead Head, HijackedStream? Stream, byte[] ErrorBody) Upgrade(string path, byte[] jsonBody)
    {
        var connection = Endpoint.Connect(timeout);
        try
        {
            WriteRequest(connection, "POST", path, jsonBody, upgrade: true);
            var (head, buffer, used, headLength) = ReadHead(connection, path);
            if (head.StatusCode is 101 or 200)
                return (head, new HijackedStream(connection, buffer.AsMemory(headLength, used - headLength)), []);
            var body = ReadBody(connection, head, buffer, used, headLength, path);
            connection.Dispose();
            return (head, null, body);
        }
        catch (Exception e)
        {
            connection.Dispose();
            if (e is IOException or InvalidDataException)
                throw Endpoint.Unreachable($"POST {path}: {e.Message}", e);
            throw;
        }
    }

    private static void WriteRequest(DockerConnection connection, string method, string path, byte[]? body, bool upgrade)
    {
        var sb = new StringBuilder(256);
        sb.Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\n");
        sb.Append("Host: docker\r\nUser-Agent: crashcart\r\n");
        sb.Append(upgrade ? "Connection: Upgrade\r\nUpgrade: tcp\r\n" : "Connection: close\r\n");
        if (body != null) sb.Append("Content-Type: application/json\r\nContent-Length: ").Append(body.Length).Append("\r\n");
        sb.Append("\r\n");
        byte[] head = Encoding.ASCII.GetBytes(sb.ToString());
        connection.Write(body == null ? head : [.. head, .. body]);
    }

    private (HttpResponseHead Head, byte[] Buffer, int Used, int HeadLength) ReadHead(DockerConnection connection, string path)
    {
        var buffer = new byte[8192];
        int used = 0;
        while (true)
        {
            if (used == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            WaitReadable(connection, path);
            int n = connection.Read(buffer.AsSpan(used));
            if (n == 0) throw new IOException($"connection closed before a response to {path}");
            used += n;
            if (HttpResponseHead.TryParse(buffer.AsSpan(0, used), out var head, out var headLength))
                return (head!, buffer, used, headLength);
        }
    }

    private byte[] ReadBody(DockerConnection connection, HttpResponseHead head, byte[] buffer, int used, int headLength, string path)
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
            WaitReadable(connection, path);
            int n = connection.Read(chunk);
            if (n == 0)
            {
                if (head.IsChunked || length != null) throw new IOException($"connection closed in the middle of the response to {path}");
                return body.ToArray(); // no length, no chunking: the body ends with the connection
            }
            body.Write(chunk, 0, n);
        }
    }

    /// <summary>poll(2) for input, so a daemon that stops answering cannot hang crashcart.</summary>
    private void WaitReadable(DockerConnection connection, string path)
    {
        if (!connection.WaitReadable(timeout))
            throw new IOException($"no answer within {timeout.TotalSeconds:0.###} s");
    }
}
