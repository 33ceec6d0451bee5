// Output of the dependency walk: every library to put into lib/, the loader, and what could not be found.
namespace Crashcart.ImageBuilder.Closure;

/// <param name="Name">File name in lib/: the DT_NEEDED name (usually the soname).</param>
/// <param name="HostPath">The file the loader would open on the host.</param>
/// <param name="NeededBy">Host paths of the objects that asked for it (sorted).</param>
public sealed record ResolvedLibrary(string Name, string HostPath, IReadOnlyList<string> NeededBy);

public sealed record MissingLibrary(string Name, string NeededBy, IReadOnlyList<string> Searched)
{
    public override string ToString() => $"{Name} (needed by {NeededBy})";
}

/// <param name="Libraries">Sorted by name; includes the dynamic loader under its file name.</param>
/// <param name="Interpreters">Distinct PT_INTERP values of the roots (host paths), sorted.</param>
/// <param name="Conflicts">Two different files wanted under one name in the flat lib/ directory.</param>
public sealed record ClosureResult(
    IReadOnlyList<ResolvedLibrary> Libraries,
    IReadOnlyList<string> Interpreters,
    IReadOnlyList<MissingLibrary> Missing,
    IReadOnlyList<string> Conflicts);
