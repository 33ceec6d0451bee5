// How the toolbox gets into the container: the new mount API (detached mount moved in, no device
// node), the classic mknod + mount(2) inside the container, or the first with the second as fallback.
namespace Crashcart.Mounting;

public enum MountMethod
{
    /// <summary>fsmount, falling back to mknod when the kernel has no fsopen (ENOSYS, before 5.2).</summary>
    Auto,
    /// <summary>fsopen/fsmount on the host, move_mount in the container; fails on old kernels.</summary>
    Fsmount,
    /// <summary>A private block node in the container's /dev, mount(2), unlink.</summary>
    Mknod,
}

public static class MountMethods
{
    public const string Choices = "auto|fsmount|mknod";

    /// <summary>Parses the --mount-method value (case-insensitive); null when it is not one of <see cref="Choices"/>.</summary>
    public static MountMethod? Parse(string text) => text.ToLowerInvariant() switch
    {
        "auto" => MountMethod.Auto,
        "fsmount" => MountMethod.Fsmount,
        "mknod" => MountMethod.Mknod,
        _ => null,
    };
}
