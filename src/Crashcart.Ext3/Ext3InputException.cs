// The entries given to the writer cannot become a valid image; the message names the entry.
namespace Crashcart.Ext3;

public sealed class Ext3InputException : Exception
{
    /// <summary>Image path of the offending entry ("" = root), or null when not about one entry.</summary>
    public string? EntryPath { get; }

    public Ext3InputException(string? entryPath, string problem)
        : base(entryPath == null ? problem : $"{(entryPath.Length == 0 ? "/" : entryPath)}: {problem}")
    {
        EntryPath = entryPath;
    }
}
