// toolbox-manifest.yaml → ToolboxManifest. Works on YamlDotNet's node tree (not the object
// deserializer) so every error can name the line and the field path, unknown fields are rejected,
// and all errors are collected and reported together. Pure: never looks at the host filesystem.
using System.Text;
using System.Text.RegularExpressions;
using Crashcart.ImageBuilder.Packing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Crashcart.ImageBuilder.Manifest;

public sealed partial class ManifestParser
{
    public const string PrefixPlaceholder = "{prefix}";

    private static readonly string[] TopFields = ["prefix", "image", "shell", "tools", "files"];
    private static readonly string[] ImageFields = ["label", "headroom", "size"];
    private static readonly string[] ShellFields = ["rc", "prompt", "env"];
    private static readonly string[] ToolFields = ["name", "names", "path", "as", "aliases", "env", "args", "launcher", "files", "dlopen"];
    private static readonly string[] FileFields = ["source", "target", "exclude"];

    private readonly string fileName;
    private readonly List<ManifestError> errors = [];
    private string prefix = ToolboxManifest.DefaultPrefix;

    private ManifestParser(string fileName) => this.fileName = fileName;

    /// <summary>Reads and parses a manifest file. Throws <see cref="ManifestException"/> listing every problem.</summary>
    public static ToolboxManifest ParseFile(string path, string? displayName = null)
    {
        string name = displayName ?? path;
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException([new ManifestError(name, 0, null, $"cannot read the manifest: {e.Message}")]);
        }
        return Parse(text, name);
    }

    /// <summary>Parses manifest text. Throws <see cref="ManifestException"/> listing every problem.</summary>
    public static ToolboxManifest Parse(string text, string fileName)
    {
        var parser = new ManifestParser(fileName);
        var manifest = parser.ParseDocument(text);
        if (parser.errors.Count > 0 || manifest is null)
            throw new ManifestException(parser.errors.OrderBy(e => e.Line).ToList());
        return manifest;
    }

    private ToolboxManifest? ParseDocument(string text)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e)
        {
            // YamlDotNet's message repeats the position as "(Line: 3, Col: 5, ...)"; we lead with it instead.
            string message = (e.InnerException ?? e).Message;
            message = PositionSuffix().Replace(message, "").Trim();
            var lines = text.Split('\n');
            int line = (int)e.Start.Line;
            // The classic trap: PYTHONHOME: {prefix}/usr is a flow mapping followed by text.
            if (line >= 1 && line <= lines.Length && lines[line - 1].Contains(": {", StringComparison.Ordinal))
                message += " (quote values that start with '{', e.g. \"{prefix}/usr\")";
            Error(line, null, $"invalid YAML: {message}");
            return null;
        }
        catch (ArgumentException e)
        {
            // Duplicate mapping keys surface here.
            Error(1, null, $"invalid YAML: {e.Message}");
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            Error(1, null, "the manifest is empty");
            return null;
        }
        if (stream.Documents.Count > 1)
            Error((int)stream.Documents[1].RootNode.Start.Line, null, "only one YAML document is allowed");
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error((int)stream.Documents[0].RootNode.Start.Line, null, "the manifest must be a mapping (prefix:, image:, tools:, ...)");
            return null;
        }

        var top = Fields(root, "", TopFields);
        if (top.TryGetValue("prefix", out var prefixNode)) prefix = ParsePrefix(prefixNode) ?? prefix;
        var image = top.TryGetValue("image", out var imageNode) ? ParseImage(imageNode) : ImageSettings.Default;
        var shell = top.TryGetValue("shell", out var shellNode) ? ParseShell(shellNode) : null;
        var tools = top.TryGetValue("tools", out var toolsNode) ? ParseTools(toolsNode) : [];
        var files = top.TryGetValue("files", out var filesNode) ? ParseFileList(filesNode, "files") : [];
        if (tools.Count == 0 && errors.Count == 0)
            Error((int)root.Start.Line, "tools", "at least one tool is required");
        CheckDuplicateBinNames(tools);
        return new ToolboxManifest(fileName, prefix, image, shell, tools, files);
    }

    private string? ParsePrefix(YamlNode node)
    {
        string? p = Scalar(node, "prefix");
        if (p is null) return null;
        if (!p.StartsWith('/') || p.Length < 2 || p.EndsWith('/') || p.Split('/').Skip(1).Any(s => s is "" or "." or ".."))
        {
            Error(node, "prefix", $"'{p}' must be an absolute, normalized directory path such as /dev/crashcart");
            return null;
        }
        return p;
    }

    private ImageSettings ParseImage(YamlNode node)
    {
        var image = ImageSettings.Default;
        if (Mapping(node, "image") is not { } map) return image;
        var f = Fields(map, "image", ImageFields);
        if (f.TryGetValue("label", out var labelNode) && Scalar(labelNode, "image.label") is { } label)
        {
            if (Encoding.UTF8.GetByteCount(label) > 16) Error(labelNode, "image.label", $"'{label}' is longer than 16 bytes");
            else image = image with { Label = label };
        }
        if (f.TryGetValue("headroom", out var hrNode) && Scalar(hrNode, "image.headroom") is { } hr)
        {
            if (SizeSpec.TryParseHeadroom(hr, out double fraction, out long bytes))
                image = image with { HeadroomFraction = fraction, HeadroomBytes = bytes };
            else Error(hrNode, "image.headroom", $"'{hr}' is not a percentage (10%) or a size (64M)");
        }
        if (f.TryGetValue("size", out var sizeNode) && Scalar(sizeNode, "image.size") is { } size)
        {
            if (SizeSpec.TryParseBytes(size, out long bytes) && bytes > 0) image = image with { Size = bytes };
            else Error(sizeNode, "image.size", $"'{size}' is not a size such as 512M or 1G");
            if (hrNode is not null) Error(hrNode, "image.headroom", "give either image.size or image.headroom, not both");
        }
        return image;
    }

    private ShellSettings? ParseShell(YamlNode node)
    {
        if (Mapping(node, "shell") is not { } map) return null;
        var f = Fields(map, "shell", ShellFields);
        string rc = "etc/crashcartrc";
        if (f.TryGetValue("rc", out var rcNode)) rc = ImageRelativePath(rcNode, "shell.rc") ?? rc;
        string? prompt = f.TryGetValue("prompt", out var promptNode) ? Scalar(promptNode, "shell.prompt") : null;
        var env = f.TryGetValue("env", out var envNode) ? ParseEnv(envNode, "shell.env") : [];
        return new ShellSettings((int)map.Start.Line, rc, prompt, env);
    }

    private List<ToolSpec> ParseTools(YamlNode node)
    {
        var tools = new List<ToolSpec>();
        if (Sequence(node, "tools") is not { } seq) return tools;
        for (int i = 0; i < seq.Children.Count; i++)
        {
            string field = $"tools[{i}]";
            var item = seq.Children[i];
            // A bare string is the common case: "- bash".
            if (item is YamlScalarNode)
            {
                if (ToolName(item, field) is { } bare)
                    tools.Add(NewTool((int)item.Start.Line, field, bare, null, bare, [], [], [], [], [], []));
                continue;
            }
            if (Mapping(item, field) is not { } map) continue;
            var f = Fields(map, field, ToolFields);
            int given = (f.ContainsKey("name") ? 1 : 0) + (f.ContainsKey("names") ? 1 : 0) + (f.ContainsKey("path") ? 1 : 0);
            if (given != 1)
            {
                Error((int)map.Start.Line, field, given == 0 ? "needs one of 'name', 'names' or 'path'" : "give only one of 'name', 'names' or 'path'");
                continue;
            }
            var aliases = f.TryGetValue("aliases", out var aliasNode) ? StringList(aliasNode, $"{field}.aliases")
                .Select(a => ToolName(a.Node, a.Field)).OfType<string>().ToList() : [];
            var env = f.TryGetValue("env", out var envNode) ? ParseEnv(envNode, $"{field}.env") : [];
            var args = f.TryGetValue("args", out var argsNode) ? StringList(argsNode, $"{field}.args")
                .Select(a => ExpandPrefix(a.Value)).ToList() : [];
            var launcher = f.TryGetValue("launcher", out var launcherNode) ? StringList(launcherNode, $"{field}.launcher")
                .Select(a => ExpandPrefix(a.Value)).ToList() : [];
            if (launcher.Count > 0 && (launcher[0].Length == 0 || (launcher[0].Contains('/') && !launcher[0].StartsWith('/'))))
                Error(launcherNode!, $"{field}.launcher", $"'{launcher[0]}' must be a toolbox program name or an absolute path");
            var files = f.TryGetValue("files", out var filesNode) ? ParseFileList(filesNode, $"{field}.files") : [];
            var dlopen = f.TryGetValue("dlopen", out var dlNode) ? StringList(dlNode, $"{field}.dlopen")
                .Select(d => new Located(d.Value, (int)d.Node.Start.Line, d.Field)).ToList() : [];
            foreach (var d in dlopen)
                if (d.Value.Contains('/') && !d.Value.StartsWith('/'))
                    Error(d.Line, d.Field, $"'{d.Value}' must be a library name (libfoo.so.1) or an absolute path");
            string? asName = f.TryGetValue("as", out var asNode) ? ToolName(asNode, $"{field}.as") : null;

            if (f.TryGetValue("names", out var namesNode))
            {
                if (asNode is not null) Error(asNode, $"{field}.as", "cannot be used with 'names' (each name keeps its own)");
                if (aliasNode is not null) Error(aliasNode, $"{field}.aliases", "cannot be used with 'names'; give the tool its own entry");
                foreach (var (nameNode, nameField, _) in StringList(namesNode, $"{field}.names"))
                    if (ToolName(nameNode, nameField) is { } n)
                        tools.Add(NewTool((int)nameNode.Start.Line, nameField, n, null, n, [], env, args, files, dlopen, launcher));
            }
            else if (f.TryGetValue("name", out var nameNode))
            {
                if (ToolName(nameNode, $"{field}.name") is { } n)
                    tools.Add(NewTool((int)nameNode.Start.Line, $"{field}.name", n, null, asName ?? n, aliases, env, args, files, dlopen, launcher));
            }
            else if (f.TryGetValue("path", out var pathNode) && HostPath(pathNode, $"{field}.path") is { } p)
            {
                string imageName = asName ?? Path.GetFileName(p);
                tools.Add(NewTool((int)pathNode.Start.Line, $"{field}.path", null, p, imageName, aliases, env, args, files, dlopen, launcher));
            }
        }
        return tools;
    }

    private static ToolSpec NewTool(int line, string field, string? name, string? path, string imageName, List<string> aliases,
        List<KeyValuePair<string, string>> env, List<string> args, List<FileSpec> files, List<Located> dlopen, List<string> launcher) =>
        new(line, field, name, path, imageName, aliases, env, args, files, dlopen, launcher);

    private List<FileSpec> ParseFileList(YamlNode node, string field)
    {
        var list = new List<FileSpec>();
        if (Sequence(node, field) is not { } seq) return list;
        for (int i = 0; i < seq.Children.Count; i++)
        {
            string itemField = $"{field}[{i}]";
            var item = seq.Children[i];
            if (item is YamlScalarNode)
            {
                if (HostPath(item, itemField) is { } src)
                    list.Add(new FileSpec((int)item.Start.Line, itemField, src, src.TrimStart('/'), []));
                continue;
            }
            if (Mapping(item, itemField) is not { } map) continue;
            var f = Fields(map, itemField, FileFields);
            if (!f.TryGetValue("source", out var srcNode))
            {
                Error((int)map.Start.Line, itemField, "needs 'source'");
                continue;
            }
            if (HostPath(srcNode, $"{itemField}.source") is not { } source) continue;
            string target = source.TrimStart('/');
            if (f.TryGetValue("target", out var targetNode)) target = ImageRelativePath(targetNode, $"{itemField}.target") ?? target;
            var exclude = f.TryGetValue("exclude", out var exNode)
                ? StringList(exNode, $"{itemField}.exclude").Select(e => e.Value).ToList() : [];
            list.Add(new FileSpec((int)map.Start.Line, itemField, source, target, exclude));
        }
        return list;
    }

    private List<KeyValuePair<string, string>> ParseEnv(YamlNode node, string field)
    {
        var env = new List<KeyValuePair<string, string>>();
        if (Mapping(node, field) is not { } map) return env;
        foreach (var (k, v) in map.Children)
        {
            string? key = Scalar(k, field);
            if (key is null) continue;
            if (key == "<<")
            {
                // YAML merge key ("<<: *terminfo"): explicit keys of this mapping win.
                var sources = v is YamlSequenceNode s ? s.Children.ToList() : [v];
                foreach (var merged in sources.SelectMany(src => ParseEnv(src, field)))
                    if (!map.Children.Keys.OfType<YamlScalarNode>().Any(x => x.Value == merged.Key) && env.All(e => e.Key != merged.Key))
                        env.Add(merged);
                continue;
            }
            if (!EnvName().IsMatch(key)) { Error(k, $"{field}.{key}", "is not a valid environment variable name"); continue; }
            if (Scalar(v, $"{field}.{key}") is { } value) env.Add(new(key, ExpandPrefix(value)));
        }
        return env;
    }

    private void CheckDuplicateBinNames(List<ToolSpec> tools)
    {
        var seen = new Dictionary<string, ToolSpec>(StringComparer.Ordinal);
        foreach (var t in tools)
            foreach (var name in t.Aliases.Prepend(t.ImageName))
            {
                if (seen.TryGetValue(name, out var first))
                    Error(t.Line, t.Field, $"'{name}' is already in bin/ from {first.Field} (line {first.Line})");
                else seen[name] = t;
            }
    }

    private string ExpandPrefix(string value) => value.Replace(PrefixPlaceholder, prefix, StringComparison.Ordinal);

    // ---- node helpers: each reports its own error and returns null on a shape mismatch ----

    private Dictionary<string, YamlNode> Fields(YamlMappingNode map, string field, string[] allowed)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            string? key = Scalar(k, field);
            if (key is null) continue;
            if (key == "<<")
            {
                // YAML merge key: "<<: *defaults" copies fields the mapping does not set itself.
                var sources = v is YamlSequenceNode s ? s.Children.ToList() : [v];
                foreach (var src in sources)
                    if (Mapping(src, field) is { } m)
                        foreach (var (mk, mv) in Fields(m, field, allowed))
                            result.TryAdd(mk, mv);
                continue;
            }
            if (!allowed.Contains(key))
            {
                string where = field == "" ? "" : $"{field}: ";
                errors.Add(new ManifestError(fileName, (int)k.Start.Line, null,
                    $"{where}unknown field '{key}' (expected one of: {string.Join(", ", allowed)})"));
                continue;
            }
            result[key] = v;
        }
        return result;
    }

    private string? Scalar(YamlNode node, string field)
    {
        if (node is YamlScalarNode s) return s.Value ?? "";
        string hint = node is YamlMappingNode { Style: YamlDotNet.Core.Events.MappingStyle.Flow } ? " (quote values that start with '{')" : "";
        Error(node, field, $"expected a string, found a {Kind(node)}{hint}");
        return null;
    }

    private YamlMappingNode? Mapping(YamlNode node, string field)
    {
        if (node is YamlMappingNode m) return m;
        Error(node, field, $"expected a mapping (key: value), found a {Kind(node)}");
        return null;
    }

    private YamlSequenceNode? Sequence(YamlNode node, string field)
    {
        if (node is YamlSequenceNode s) return s;
        Error(node, field, $"expected a list (- item), found a {Kind(node)}");
        return null;
    }

    /// <summary>A list of strings; a single string counts as a one-element list.</summary>
    private List<(YamlNode Node, string Field, string Value)> StringList(YamlNode node, string field)
    {
        var list = new List<(YamlNode, string, string)>();
        if (node is YamlScalarNode single)
        {
            list.Add((single, field, single.Value ?? ""));
            return list;
        }
        if (Sequence(node, field) is not { } seq) return list;
        for (int i = 0; i < seq.Children.Count; i++)
            if (Scalar(seq.Children[i], $"{field}[{i}]") is { } v) list.Add((seq.Children[i], $"{field}[{i}]", v));
        return list;
    }

    private string? ToolName(YamlNode node, string field)
    {
        string? n = Scalar(node, field);
        if (n is null) return null;
        if (n is "" or "." or ".." || n.Contains('/') || n.Contains('\0'))
        {
            Error(node, field, $"'{n}' is not a valid command name (no '/', not empty)");
            return null;
        }
        return n;
    }

    private string? HostPath(YamlNode node, string field)
    {
        string? p = Scalar(node, field);
        if (p is null) return null;
        if (!p.StartsWith('/') || p.Contains('\0'))
        {
            Error(node, field, $"'{p}' must be an absolute host path");
            return null;
        }
        return p.Length > 1 ? p.TrimEnd('/') : p;
    }

    private string? ImageRelativePath(YamlNode node, string field)
    {
        string? p = Scalar(node, field);
        if (p is null) return null;
        var parts = p.Split('/');
        if (p.StartsWith('/') || parts.Any(s => s is "" or "." or ".."))
        {
            Error(node, field, $"'{p}' must be a normalized path relative to the prefix (e.g. share/terminfo)");
            return null;
        }
        return p;
    }

    private static string Kind(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        YamlScalarNode => "string",
        _ => node.NodeType.ToString().ToLowerInvariant(),
    };

    private void Error(YamlNode node, string? field, string message) => Error((int)node.Start.Line, field, message);

    private void Error(long line, string? field, string message) =>
        errors.Add(new ManifestError(fileName, (int)line, field, message));

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvName();

    [GeneratedRegex(@"^\s*\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex PositionSuffix();
}
