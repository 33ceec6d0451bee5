// Parses the size arguments of the CLI: "4096", "64K", "64M", "1G" (binary units) and, for headroom, "10%".
using System.Globalization;

namespace Crashcart.ImageBuilder.Packing;

public static class SizeSpec
{
    /// <summary>Bytes from "N", "NK", "NM", "NG", "NT" (case-insensitive, optional trailing "B" or "iB").</summary>
    public static bool TryParseBytes(string text, out long bytes)
    {
        bytes = 0;
        string s = text.Trim();
        if (s.EndsWith("iB", StringComparison.OrdinalIgnoreCase)) s = s[..^2];
        else if (s.Length > 1 && char.IsLetter(s[^2]) && (s[^1] is 'B' or 'b')) s = s[..^1];
        if (s.Length == 0) return false;
        int shift = char.ToUpperInvariant(s[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 };
        if (shift != 0) s = s[..^1];
        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long n)) return false;
        if (n > (long.MaxValue >> shift)) return false;
        bytes = n << shift;
        return true;
    }

    /// <summary>Headroom: "N%" (0..1000) as a fraction, or an absolute size as bytes. Exactly one is non-zero.</summary>
    public static bool TryParseHeadroom(string text, out double fraction, out long bytes)
    {
        fraction = 0;
        bytes = 0;
        string s = text.Trim();
        if (s.EndsWith('%'))
        {
            if (!double.TryParse(s[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double pct)
                || pct < 0 || pct > 1000) return false;
            fraction = pct / 100;
            return true;
        }
        return TryParseBytes(s, out bytes);
    }
}
