// Parses and rewrites "#!" lines so scripts run the toolbox's interpreters instead of the container's.
using System.Text;

namespace Crashcart.ImageBuilder.Relocation;

/// <param name="Interpreter">The path after "#!", e.g. /bin/sh or /usr/bin/env.</param>
/// <param name="Arguments">The rest of the line (may be empty), as written.</param>
/// <param name="LineLength">Bytes of the first line, without the newline.</param>
public sealed record Shebang(string Interpreter, string Arguments, int LineLength)
{
    // The kernel reads at most 256 bytes of the first line (BINPRM_BUF_SIZE since Linux 5.1).
    public const int MaxLineBytes = 255;

    /// <summary>The "#!" line at the start of <paramref name="content"/>, or null if there is none.</summary>
    public static Shebang? Parse(ReadOnlySpan<byte> content)
    {
        if (content.Length < 2 || content[0] != '#' || content[1] != '!') return null;
        int nl = content.IndexOf((byte)'\n');
        var line = content[2..(nl < 0 ? content.Length : nl)];
        string text = Encoding.UTF8.GetString(line).Trim(' ', '\t', '\r');
        int split = text.IndexOfAny([' ', '\t']);
        string interp = split < 0 ? text : text[..split];
        string args = split < 0 ? "" : text[(split + 1)..].Trim(' ', '\t');
        return new Shebang(interp, args, nl < 0 ? content.Length : nl);
    }

    /// <summary>The program the script really wants: "python3" for "#!/usr/bin/env python3", "sh" for "#!/bin/sh".</summary>
    public (string Program, string Arguments)? Target()
    {
        if (Path.GetFileName(Interpreter) != "env") return (Path.GetFileName(Interpreter), Arguments);
        var words = Arguments.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 0 && words[0] == "-S") words.RemoveAt(0); // env -S splits the rest itself
        if (words.Count == 0 || words[0].StartsWith('-') || words[0].Contains('=')) return null;
        return (Path.GetFileName(words[0]), string.Join(' ', words.Skip(1)));
    }

    /// <summary>
    /// Returns <paramref name="content"/> with the first line replaced by "#!<paramref name="newInterpreter"/> args".
    /// </summary>
    public byte[] Rewrite(byte[] content, string newInterpreter, string arguments)
    {
        string line = arguments.Length == 0 ? $"#!{newInterpreter}" : $"#!{newInterpreter} {arguments}";
        var head = Encoding.UTF8.GetBytes(line);
        var result = new byte[head.Length + content.Length - LineLength];
        head.CopyTo(result, 0);
        content.AsSpan(LineLength).CopyTo(result.AsSpan(head.Length));
        return result;
    }
}
