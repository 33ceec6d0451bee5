namespace Crashcart.Ext3;

/// <summary>The tree does not fit the explicit size; says how much is needed.</summary>
public sealed class ImageTooSmallException(long requestedBytes, long neededBytes)
    : Exception($"the tree needs at least {neededBytes} bytes ({neededBytes / (1024.0 * 1024):F1} MiB) but --size is {requestedBytes} bytes")
{
    public long RequestedBytes { get; } = requestedBytes;
    public long NeededBytes { get; } = neededBytes;
}
