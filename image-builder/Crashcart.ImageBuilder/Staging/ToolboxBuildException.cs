// Everything that keeps a toolbox from being built (missing tools, libraries, files; conflicts), reported at once.
namespace Crashcart.ImageBuilder.Staging;

public sealed class ToolboxBuildException(IReadOnlyList<string> problems)
    : Exception(string.Join('\n', problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
