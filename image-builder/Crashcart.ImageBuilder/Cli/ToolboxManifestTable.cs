// Prints /.crashcart/manifest.json (written by 'build') as a table under 'ls IMAGE /'.
// Deliberately tolerant: the schema belongs to the build command, so unknown shapes print nothing, never fail ls.
using System.Globalization;
using System.Text.Json;
using Crashcart.Ext3;
using Serilog;

namespace Crashcart.ImageBuilder.Cli;

public static class ToolboxManifestTable
{
    public const string ManifestPath = "/.crashcart/manifest.json";
    private const int MaxManifestBytes = 4 << 20;

    private static readonly string[] ToolKeys = ["tool", "name"];
    private static readonly string[] VersionKeys = ["version"];
    private static readonly string[] PackageKeys = ["package", "sourcePackage", "source_package", "source"];
    private static readonly string[] SizeKeys = ["size", "bytes", "sizeBytes", "size_bytes"];

    public static void TryPrint(Ext3Image image, TextWriter output)
    {
        string? json = TryRead(image);
        if (json == null) return;
        List<string[]> rows;
        try { rows = Rows(json); }
        catch (JsonException e)
        {
            Log.Debug("ignoring unreadable {Path}: {Error}", ManifestPath, e.Message);
            return;
        }
        if (rows.Count == 0) return;
        output.WriteLine();
        output.WriteLine($"toolbox manifest ({ManifestPath}):");
        foreach (var line in Format([["TOOL", "VERSION", "PACKAGE", "SIZE"], .. rows])) output.WriteLine(line);
    }

    /// <summary>Table rows (tool, version, package, size) from the manifest JSON; empty when it holds no tool list.</summary>
    public static List<string[]> Rows(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var tools = FindToolArray(doc.RootElement);
        var rows = new List<string[]>();
        if (tools is not { } array) return rows;
        foreach (var t in array.EnumerateArray())
        {
            if (t.ValueKind != JsonValueKind.Object) continue;
            rows.Add([Field(t, ToolKeys), Field(t, VersionKeys), Field(t, PackageKeys), SizeField(t)]);
        }
        return rows;
    }

    private static string? TryRead(Ext3Image image)
    {
        try
        {
            using var s = image.OpenFile(ManifestPath);
            using var reader = new StreamReader(s);
            var buf = new char[MaxManifestBytes];
            int n = reader.ReadBlock(buf, 0, buf.Length);
            return new string(buf, 0, n);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            return null; // absent (FileNotFoundException is an IOException) or unreadable: nothing extra to show
        }
    }

    private static JsonElement? FindToolArray(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array) return root;
        if (root.ValueKind != JsonValueKind.Object) return null;
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array) return tools;
        foreach (var p in root.EnumerateObject())
            if (p.Value.ValueKind == JsonValueKind.Array) return p.Value;
        return null;
    }

    private static string Field(JsonElement obj, string[] keys)
    {
        foreach (var p in obj.EnumerateObject())
            if (keys.Contains(p.Name, StringComparer.OrdinalIgnoreCase))
                return p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "-" : p.Value.ToString();
        return "-";
    }

    private static string SizeField(JsonElement obj)
    {
        foreach (var p in obj.EnumerateObject())
            if (SizeKeys.Contains(p.Name, StringComparer.OrdinalIgnoreCase) && p.Value.TryGetInt64(out long bytes))
                return bytes >= 1 << 20 ? (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + "M"
                    : bytes >= 1 << 10 ? (bytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + "K"
                    : bytes.ToString(CultureInfo.InvariantCulture);
        return Field(obj, SizeKeys);
    }

    private static IEnumerable<string> Format(List<string[]> table)
    {
        int cols = table[0].Length;
        var widths = Enumerable.Range(0, cols).Select(c => table.Max(r => r[c].Length)).ToArray();
        foreach (var r in table)
            yield return string.Join("  ", r.Select((cell, c) => c == cols - 1 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd();
    }
}
