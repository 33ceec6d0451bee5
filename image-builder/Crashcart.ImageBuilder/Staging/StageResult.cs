// Summary of a staged toolbox, for the build log and the build manifest.
namespace Crashcart.ImageBuilder.Staging;

public sealed record StageResult(string ImageRoot, int Tools, int Libraries, int DataFiles, int RelocatedElfFiles, long ContentBytes, IReadOnlyList<string> Warnings);
