// Decodes an HTTP/1.1 chunked body (pure logic): "<hex size>[;ext]\r\n<data>\r\n ... 0\r\n[trailers]\r\n".
using System.Globalization;
using System.Text;

namespace Crashcart.Docker;

public static class ChunkedEncoding
{
    /// <summary>
    /// Decodes as many complete chunks as <paramref name="data"/> holds. Returns true when the final
    /// zero-size chunk was seen (<paramref name="body"/> then holds the whole body).
    /// </summary>
    /// <exception cref="InvalidDataException">A chunk size line is not hex or a chunk lacks its CRLF.</exception>
    public static bool TryDecode(ReadOnlySpan<byte> data, out byte[] body)
    {
        var output = new MemoryStream();
        body = [];
        int pos = 0;
        while (true)
        {
            int eol = data[pos..].IndexOf("\r\n"u8);
            if (eol < 0) return false;
            var sizeText = Encoding.ASCII.GetString(data.Slice(pos, eol));
            var semicolon = sizeText.IndexOf(';');
            if (semicolon >= 0) sizeText = sizeText[..semicolon];
            if (!long.TryParse(sizeText.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
                throw new InvalidDataException($"bad chunk size line '{sizeText}'");
            pos += eol + 2;
            if (size == 0)
            {
                body = output.ToArray();
                return true; // trailers, if any, are ignored
            }
            if (data.Length - pos < size + 2) return false;
            output.Write(data.Slice(pos, (int)size));
            pos += (int)size;
            if (!data.Slice(pos, 2).SequenceEqual("\r\n"u8)) throw new InvalidDataException("chunk not followed by CRLF");
            pos += 2;
        }
    }
}
