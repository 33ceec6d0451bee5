// Generates the small sh script that gives a tool its run-time environment and fixed arguments,
// then execs the real binary. Values are single-quoted: no expansion happens at run time.
using System.Text;

namespace Crashcart.ImageBuilder.Relocation;

public static class WrapperScript
{
    public static string Generate(string shell, string toolName, string realBinary,
        IReadOnlyList<KeyValuePair<string, string>> env, IReadOnlyList<string> args, IReadOnlyList<string>? launcher = null)
    {
        var sb = new StringBuilder();
        sb.Append("#!").Append(shell).Append('\n');
        sb.Append("# crashcart-image wrapper for ").Append(toolName).Append(": run-time environment, then the real binary.\n");
        foreach (var (k, v) in env) sb.Append("export ").Append(k).Append('=').Append(Quote(v)).Append('\n');
        sb.Append("exec");
        foreach (var l in launcher ?? []) sb.Append(' ').Append(Quote(l));
        sb.Append(' ').Append(Quote(realBinary));
        foreach (var a in args) sb.Append(' ').Append(Quote(a));
        sb.Append(" \"$@\"\n");
        return sb.ToString();
    }

    /// <summary>POSIX sh single quoting: 'it'\''s'.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}
