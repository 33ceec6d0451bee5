// Whose files the image says they are: a toolbox is mounted on other machines, so host uids mean nothing there by default.
namespace Crashcart.ImageBuilder.Packing;

public enum OwnerPolicy
{
    /// <summary>Every entry becomes root:root (the default).</summary>
    Root,
    /// <summary>Keep the host's numeric uid/gid.</summary>
    Keep,
}
