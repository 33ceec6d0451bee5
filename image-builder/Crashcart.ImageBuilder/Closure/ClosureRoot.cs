// A starting point of the dependency walk: a tool's executable or an ELF file among copied data.
namespace Crashcart.ImageBuilder.Closure;

/// <param name="HostPath">Where the object is on the host ($ORIGIN is its directory).</param>
/// <param name="Description">How errors name it, e.g. "tools[3] (gdb)" or the host path.</param>
/// <param name="Dlopen">Libraries it loads at run time without DT_NEEDED (names or absolute paths).</param>
public sealed record ClosureRoot(string HostPath, string Description, IReadOnlyList<string> Dlopen);
