// The build manifest stored in the image at /.crashcart/manifest.json: every tool, library and file tree
// that went in, with its host source, Debian package, version and size, and for each library the image
// paths of the objects whose DT_NEEDED (or dlopen list) pulled it in. Written deterministically
// (fixed field order, sorted lists, no timestamps) so it does not break reproducibility.
using System.Reflection;
using System.Text.Json;

namespace Crashcart.ImageBuilder.Staging;

public sealed record BuildInfo(string Prefix, IReadOnlyList<BuildInfo.Item> Tools, IReadOnlyList<BuildInfo.Item> Libraries, IReadOnlyList<BuildInfo.Item> Files)
{
    public const int FormatVersion = 1;

    /// <param name="Name">Tool name, library file name, or a file entry's target.</param>
    /// <param name="ImagePath">Relative to the image root.</param>
    /// <param name="Source">Host path it was taken from.</param>
    public sealed record Item(string Name, string ImagePath, string Source, PackageInfo? Package, long Size,
        IReadOnlyList<string> Aliases, bool Wrapper)
    {
        /// <summary>Files entries: number of regular files copied.</summary>
        public int? FileCount { get; init; }
        /// <summary>Libraries: image paths of the objects that need it (answers "why is this library in the image?").</summary>
        public IReadOnlyList<string> NeededBy { get; init; } = [];
    }

    public byte[] ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("format", FormatVersion);
            w.WriteString("builder", $"crashcart-image {typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]}");
            w.WriteString("prefix", Prefix);
            WriteItems(w, "tools", Tools);
            WriteItems(w, "libraries", Libraries);
            WriteItems(w, "files", Files);
            w.WriteEndObject();
        }
        ms.WriteByte((byte)'\n');
        return ms.ToArray();
    }

    private static void WriteItems(Utf8JsonWriter w, string name, IReadOnlyList<Item> items)
    {
        w.WriteStartArray(name);
        foreach (var i in items.OrderBy(i => i.ImagePath, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("name", i.Name);
            w.WriteString("path", i.ImagePath);
            w.WriteString("hostPath", i.Source);
            w.WriteString("package", i.Package?.Package);
            w.WriteString("version", i.Package?.Version);
            w.WriteString("sourcePackage", i.Package?.SourcePackage);
            w.WriteNumber("size", i.Size);
            if (i.FileCount is { } n) w.WriteNumber("files", n);
            if (i.Aliases.Count > 0)
            {
                w.WriteStartArray("aliases");
                foreach (var a in i.Aliases) w.WriteStringValue(a);
                w.WriteEndArray();
            }
            if (i.Wrapper) w.WriteBoolean("wrapper", true);
            if (i.NeededBy.Count > 0)
            {
                w.WriteStartArray("neededBy");
                foreach (var by in i.NeededBy.Order(StringComparer.Ordinal)) w.WriteStringValue(by);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
