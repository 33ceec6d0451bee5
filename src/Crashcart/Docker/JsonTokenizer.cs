// A small pull tokenizer for the daemon's JSON answers (pure logic, no allocation but strings).
// Why not System.Text.Json's Utf8JsonReader: its first use in a process costs ~15 ms of start-up,
// more than the rest of target resolution together. Accepts valid JSON; rejects what it cannot read.
using System.Text;

namespace Crashcart.Docker;

internal enum JsonToken { None, StartObject, EndObject, StartArray, EndArray, PropertyName, String, Number, True, False, Null }

internal ref struct JsonTokenizer
{
    private readonly ReadOnlySpan<byte> json;
    private int pos;
    private int valueStart, valueLength; // raw bytes of the current string (without quotes) or number
    private bool valueHasEscapes;
    private int depth;

    public JsonTokenizer(ReadOnlySpan<byte> json) => this.json = json;

    public JsonToken Token { get; private set; }

    /// <summary>Moves to the next token; false at the end of the input.</summary>
    /// <exception cref="InvalidDataException">Malformed JSON.</exception>
    public bool Read()
    {
        SkipSeparators();
        if (pos >= json.Length)
        {
            if (depth != 0) throw Error("unexpected end of JSON");
            Token = JsonToken.None;
            return false;
        }
        byte c = json[pos];
        switch (c)
        {
            case (byte)'{': pos++; depth++; Token = JsonToken.StartObject; break;
            case (byte)'}': pos++; depth--; Token = JsonToken.EndObject; break;
            case (byte)'[': pos++; depth++; Token = JsonToken.StartArray; break;
            case (byte)']': pos++; depth--; Token = JsonToken.EndArray; break;
            case (byte)'"':
                ScanString();
                // A string followed by ':' is a property name.
                int after = pos;
                while (after < json.Length && IsWhitespace(json[after])) after++;
                if (after < json.Length && json[after] == (byte)':')
                {
                    pos = after + 1;
                    Token = JsonToken.PropertyName;
                }
                else Token = JsonToken.String;
                break;
            case (byte)'t': Literal("true"u8); Token = JsonToken.True; break;
            case (byte)'f': Literal("false"u8); Token = JsonToken.False; break;
            case (byte)'n': Literal("null"u8); Token = JsonToken.Null; break;
            default:
                if (c == (byte)'-' || (c >= (byte)'0' && c <= (byte)'9'))
                {
                    valueStart = pos;
                    while (pos < json.Length && IsNumberChar(json[pos])) pos++;
                    valueLength = pos - valueStart;
                    Token = JsonToken.Number;
                    break;
                }
                throw Error($"unexpected character '{(char)c}'");
        }
        if (depth < 0) throw Error("unbalanced brackets");
        return true;
    }

    /// <summary>On a property name: skips its value. On an object/array start: skips to its end.</summary>
    public void Skip()
    {
        if (Token == JsonToken.PropertyName) Next();
        if (Token is JsonToken.StartObject or JsonToken.StartArray)
        {
            int target = depth - 1;
            while (depth > target) Next();
        }
    }

    /// <summary>Read(), but the end of input is an error.</summary>
    public JsonToken Next() => Read() ? Token : throw Error("unexpected end of JSON");

    /// <summary>The current string or property name, unescaped.</summary>
    public readonly string GetString()
    {
        if (Token is not (JsonToken.String or JsonToken.PropertyName)) throw Error($"expected a string, found {Token}");
        var raw = json.Slice(valueStart, valueLength);
        return valueHasEscapes ? Unescape(raw) : Encoding.UTF8.GetString(raw);
    }

    /// <summary>Whether the current property name is exactly <paramref name="name"/> (no escapes in either).</summary>
    public readonly bool NameIs(ReadOnlySpan<byte> name) =>
        !valueHasEscapes && json.Slice(valueStart, valueLength).SequenceEqual(name);

    public readonly int GetInt32()
    {
        if (Token != JsonToken.Number) throw Error($"expected a number, found {Token}");
        return int.TryParse(json.Slice(valueStart, valueLength), System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : throw Error("number is not a 32-bit integer");
    }

    private void ScanString()
    {
        pos++; // opening quote
        valueStart = pos;
        valueHasEscapes = false;
        while (true)
        {
            if (pos >= json.Length) throw Error("unterminated string");
            byte c = json[pos];
            if (c == (byte)'"') break;
            if (c == (byte)'\\')
            {
                valueHasEscapes = true;
                pos += 2;
                continue;
            }
            if (c < 0x20) throw Error("control character in string");
            pos++;
        }
        valueLength = pos - valueStart;
        pos++; // closing quote
    }

    private static string Unescape(ReadOnlySpan<byte> raw)
    {
        var sb = new StringBuilder(raw.Length);
        int i = 0;
        while (i < raw.Length)
        {
            int backslash = raw[i..].IndexOf((byte)'\\');
            if (backslash < 0)
            {
                sb.Append(Encoding.UTF8.GetString(raw[i..]));
                break;
            }
            sb.Append(Encoding.UTF8.GetString(raw.Slice(i, backslash)));
            i += backslash + 1;
            if (i >= raw.Length) throw new InvalidDataException("JSON: unterminated escape");
            byte e = raw[i++];
            switch (e)
            {
                case (byte)'"': sb.Append('"'); break;
                case (byte)'\\': sb.Append('\\'); break;
                case (byte)'/': sb.Append('/'); break;
                case (byte)'b': sb.Append('\b'); break;
                case (byte)'f': sb.Append('\f'); break;
                case (byte)'n': sb.Append('\n'); break;
                case (byte)'r': sb.Append('\r'); break;
                case (byte)'t': sb.Append('\t'); break;
                case (byte)'u':
                    if (i + 4 > raw.Length || !ushort.TryParse(raw.Slice(i, 4), System.Globalization.NumberStyles.AllowHexSpecifier,
                            System.Globalization.CultureInfo.InvariantCulture, out var code))
                        throw new InvalidDataException("JSON: bad \\u escape");
                    sb.Append((char)code); // surrogate pairs arrive as two escapes and join up in the string
                    i += 4;
                    break;
                default: throw new InvalidDataException($"JSON: bad escape '\\{(char)e}'");
            }
        }
        return sb.ToString();
    }

    private void Literal(ReadOnlySpan<byte> word)
    {
        if (!json[pos..].StartsWith(word)) throw Error("unexpected literal");
        pos += word.Length;
    }

    private void SkipSeparators()
    {
        while (pos < json.Length && (IsWhitespace(json[pos]) || json[pos] == (byte)',')) pos++;
    }

    private static bool IsWhitespace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    private static bool IsNumberChar(byte c) =>
        (c >= (byte)'0' && c <= (byte)'9') || c is (byte)'-' or (byte)'+' or (byte)'.' or (byte)'e' or (byte)'E';

    private readonly InvalidDataException Error(string what) => new($"JSON: {what} at byte {pos}");
}
