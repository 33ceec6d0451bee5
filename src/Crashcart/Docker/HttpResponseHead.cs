// The status line and headers of an HTTP/1.1 response, parsed from raw bytes (pure logic).
using System.Text;

namespace Crashcart.Docker;

public sealed record HttpResponseHead(int StatusCode, string Reason, IReadOnlyDictionary<string, string> Headers)
{
    private const int MaxHeadBytes = 64 * 1024;

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public bool IsChunked => Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true;

    public long? ContentLength => long.TryParse(Header("Content-Length"), out var n) && n >= 0 ? n : null;

    /// <summary>
    /// Parses the head if <paramref name="data"/> holds all of it; <paramref name="headLength"/> then counts
    /// the bytes up to and including the blank line (what follows belongs to the body or raw stream).
    /// </summary>
    /// <exception cref="InvalidDataException">Not an HTTP/1.x response, or the head is absurdly long.</exception>
    public static bool TryParse(ReadOnlySpan<byte> data, out HttpResponseHead? head, out int headLength)
    {
        head = null;
        headLength = data.IndexOf("\r\n\r\n"u8);
        if (headLength < 0)
        {
            if (data.Length > MaxHeadBytes) throw new InvalidDataException("HTTP response head longer than 64 KiB");
            return false;
        }
        var text = Encoding.ASCII.GetString(data[..headLength]);
        headLength += 4;
        var lines = text.Split("\r\n");
        // "HTTP/1.1 101 UPGRADED" / "HTTP/1.1 404 Not Found"
        var status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(status[1], out var code))
            throw new InvalidDataException($"not an HTTP response: '{lines[0]}'");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new InvalidDataException($"malformed HTTP header line: '{line}'");
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var prev) ? prev + ", " + value : value;
        }
        head = new HttpResponseHead(code, status.Length > 2 ? status[2] : "", headers);
        return true;
    }
}
