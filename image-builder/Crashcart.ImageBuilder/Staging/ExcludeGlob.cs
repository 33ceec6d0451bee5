// Exclude patterns of a files entry: '*' and '?' stay within one path component, '**' spans any;
// a pattern without '/' matches a name at any depth (like .gitignore), one with '/' is anchored at the source.
using System.Text;
using System.Text.RegularExpressions;

namespace Crashcart.ImageBuilder.Staging;

public sealed class ExcludeGlob
{
    private readonly List<(Regex Regex, bool Anchored)> patterns = [];

    public ExcludeGlob(IEnumerable<string> globs)
    {
        foreach (var g in globs)
        {
            string p = g.Trim().TrimEnd('/');
            bool anchored = p.Contains('/');
            patterns.Add((new Regex("^" + ToRegex(p.TrimStart('/')) + "$", RegexOptions.CultureInvariant), anchored));
        }
    }

    /// <summary>True if <paramref name="relativePath"/> (relative to the source, '/'-separated) is excluded.</summary>
    public bool IsExcluded(string relativePath)
    {
        string name = relativePath[(relativePath.LastIndexOf('/') + 1)..];
        foreach (var (regex, anchored) in patterns)
            if (regex.IsMatch(anchored ? relativePath : name)) return true;
        return false;
    }

    private static string ToRegex(string glob)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                sb.Append(".*");
                i++;
                if (i + 1 < glob.Length && glob[i + 1] == '/') i++; // "**/" also matches zero directories
                continue;
            }
            sb.Append(c switch { '*' => "[^/]*", '?' => "[^/]", _ => Regex.Escape(c.ToString()) });
        }
        return sb.ToString();
    }
}
