// The full list of what will be staged, keyed by image path; two different sources for one path are an error.
namespace Crashcart.ImageBuilder.Staging;

public sealed class StagingPlan
{
    private readonly SortedDictionary<string, PlannedEntry> entries = new(StringComparer.Ordinal);
    private readonly List<string> conflicts = [];

    public IEnumerable<PlannedEntry> Entries => entries.Values;
    public IReadOnlyList<string> Conflicts => conflicts;

    public bool Contains(string imagePath) => entries.ContainsKey(imagePath);

    public PlannedEntry? Get(string imagePath) => entries.GetValueOrDefault(imagePath);

    /// <summary>Adds <paramref name="entry"/>; the same object planned twice identically is fine, differently is a conflict.</summary>
    public void Add(PlannedEntry entry)
    {
        if (entries.TryGetValue(entry.ImagePath, out var have))
        {
            if (!SameSource(have, entry))
                conflicts.Add($"{entry.ImagePath}: wanted by {have.Origin} ({Describe(have)}) and by {entry.Origin} ({Describe(entry)})");
            return;
        }
        entries[entry.ImagePath] = entry;
    }

    public void Replace(PlannedEntry entry) => entries[entry.ImagePath] = entry;

    private static bool SameSource(PlannedEntry a, PlannedEntry b) => a.Kind == b.Kind && a.Kind switch
    {
        PlannedKind.Directory => true,
        PlannedKind.CopiedFile => a.HostPath == b.HostPath,
        PlannedKind.Symlink => a.LinkTarget == b.LinkTarget,
        _ => a.Content is not null && b.Content is not null && a.Content.AsSpan().SequenceEqual(b.Content),
    };

    private static string Describe(PlannedEntry e) => e.Kind switch
    {
        PlannedKind.CopiedFile => e.HostPath!,
        PlannedKind.Symlink => $"symlink to {e.LinkTarget}",
        PlannedKind.Directory => "directory",
        _ => "generated file",
    };
}
