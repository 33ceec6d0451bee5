// Thrown when a manifest is invalid; carries every error found, so the user fixes them in one round.
namespace Crashcart.ImageBuilder.Manifest;

public sealed class ManifestException(IReadOnlyList<ManifestError> errors)
    : Exception(string.Join('\n', errors.Select(e => e.ToString())))
{
    public IReadOnlyList<ManifestError> Errors { get; } = errors;
}
