// Byte-wise comparison of two files, streamed (test images may be several GiB).
namespace Crashcart.TestSupport;

public static class FileCompare
{
    public static bool Equal(string a, string b) => DifferingOffsets(a, b, max: 1).Count == 0;

    /// <summary>Byte offsets where the files differ (at most <paramref name="max"/>); a length difference counts at the shorter length.</summary>
    public static List<long> DifferingOffsets(string a, string b, int max)
    {
        var result = new List<long>();
        using var fa = File.OpenRead(a);
        using var fb = File.OpenRead(b);
        var ba = new byte[1 << 20];
        var bb = new byte[1 << 20];
        long pos = 0;
        while (result.Count < max)
        {
            int na = fa.ReadAtLeast(ba, ba.Length, throwOnEndOfStream: false);
            int nb = fb.ReadAtLeast(bb, bb.Length, throwOnEndOfStream: false);
            int n = Math.Min(na, nb);
            if (!ba.AsSpan(0, n).SequenceEqual(bb.AsSpan(0, n)))
                for (int i = 0; i < n && result.Count < max; i++)
                    if (ba[i] != bb[i]) result.Add(pos + i);
            if (na != nb)
            {
                if (result.Count < max) result.Add(pos + n);
                break;
            }
            if (na == 0) break;
            pos += n;
        }
        return result;
    }
}
