// Makes a read-only /dev writable just long enough to create or remove /dev/crashcart, then puts
// it back: per-mount read-only via mount_setattr, per-superblock read-only via fspick/reconfigure.
// Runs on the namespace thread (the paths are the container's).
using Crashcart.Interop;

namespace Crashcart.Mounting;

internal static class WritableDev
{
    /// <summary>Runs <paramref name="change"/>; if it hits EROFS and <paramref name="holder"/> is read-only, flips it rw, retries, flips back.</summary>
    public static void Modify(MountEntry? holder, Action change)
    {
        try
        {
            change();
            return;
        }
        catch (SyscallException e) when (e.Errno == Errnos.EROFS && holder != null && (holder.MountReadOnly || holder.SuperReadOnly))
        {
            // fall through: make it writable and retry
        }
        bool mountFlipped = false, superFlipped = false;
        try
        {
            if (holder.MountReadOnly)
            {
                Mounts.SetAttributes(holder.MountPoint, set: 0, clear: Mounts.MOUNT_ATTR_RDONLY);
                mountFlipped = true;
            }
            if (holder.SuperReadOnly)
            {
                Mounts.ReconfigureReadOnly(holder.MountPoint, readOnly: false);
                superFlipped = true;
            }
            change();
        }
        finally
        {
            // Reverse order; a failure to restore is reported by the exception it throws.
            if (superFlipped) Mounts.ReconfigureReadOnly(holder.MountPoint, readOnly: true);
            if (mountFlipped) Mounts.SetAttributes(holder.MountPoint, set: Mounts.MOUNT_ATTR_RDONLY, clear: 0);
        }
    }
}
