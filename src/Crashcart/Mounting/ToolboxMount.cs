// Puts the toolbox at /dev/crashcart inside a target's mount namespace and takes it away again.
// The ext3 mount is created detached on the host (fsopen/fsmount on /dev/loopN) and moved into the
// container with move_mount, so no device node is ever created in the container. Refuses to touch a
// /dev/crashcart that is a file, a symlink, a non-empty directory or somebody else's mount.
using Crashcart.Interop;
using Crashcart.Loop;
using Crashcart.Namespaces;

namespace Crashcart.Mounting;

public static class ToolboxMount
{
    public const string MountPoint = "/dev/crashcart";
    public const uint Attributes = Mounts.MOUNT_ATTR_RDONLY | Mounts.MOUNT_ATTR_NOSUID | Mounts.MOUNT_ATTR_NODEV;

    /// <summary>The mount at /dev/crashcart in the target, or null.</summary>
    public static MountEntry? Current(int pid) => MountTable.Read(pid).At(MountPoint);

    public static void Mount(TargetNamespaces target, LoopDevice loop)
    {
        string name = target.Target.DisplayName;
        var table = MountTable.Read(target.Target.Pid);
        if (table.At(MountPoint) is { } other)
            throw new CrashcartException(
                $"{name}: {MountPoint} is already a mount ({other.FsType} from {other.Source}) that crashcart did not make; refusing to touch it");
        var devHolder = table.Holding("/dev");
        RefuseNonEmptyDirectory(target);

        using var detached = CreateDetached(loop.Path);
        NamespaceThread.Run(target, Interop.Namespaces.CLONE_NEWNS, () =>
        {
            AttachHere(detached, devHolder, name);
            return 0;
        });
    }

    /// <summary>Unmounts and removes /dev/crashcart. Lazy (MNT_DETACH) only when something still uses it.</summary>
    public static UnmountOutcome Unmount(TargetNamespaces target)
    {
        var devHolder = MountTable.Read(target.Target.Pid).Holding("/dev");
        return NamespaceThread.Run(target, Interop.Namespaces.CLONE_NEWNS, () => DetachHere(devHolder));
    }

    private static SafeFd CreateDetached(string loopPath)
    {
        try { return Mounts.CreateDetached("ext3", loopPath, readOnly: true, Attributes); }
        catch (SyscallException e) when (e.Errno == Errnos.ENODEV && e.Op == "fsopen")
        {
            // Kernels built without the ext3 alias mount ext3 images with the ext4 driver.
            return Mounts.CreateDetached("ext4", loopPath, readOnly: true, Attributes);
        }
    }

    private static void RefuseNonEmptyDirectory(TargetNamespaces target)
    {
        // Seen through /proc/PID/root; only a hint for the error message, the thread re-checks the type.
        string hostView = $"/proc/{target.Target.Pid}/root{MountPoint}";
        try
        {
            if (Directory.Exists(hostView) && !new FileInfo(hostView).Attributes.HasFlag(FileAttributes.ReparsePoint) &&
                Directory.EnumerateFileSystemEntries(hostView).Any())
                throw new CrashcartException(
                    $"{target.Target.DisplayName}: {MountPoint} exists and is not empty (not crashcart's); refusing to mount over it");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static void AttachHere(SafeFd detached, MountEntry? devHolder, string name)
    {
        bool created = false;
        FileStatus? st = null;
        try { st = FileStatus.Lstat(MountPoint); }
        catch (FileNotFoundException) { }
        if (st == null)
        {
            WritableDev.Modify(devHolder, () => Files.Mkdir(MountPoint, 0x1ED));
            created = true;
        }
        else if (!st.IsDirectory)
        {
            string kind = st.IsSymlink ? "a symlink" : st.IsRegularFile ? "a file" : "not a directory";
            throw new CrashcartException($"{name}: {MountPoint} exists and is {kind} (not crashcart's); refusing to touch it");
        }
        try
        {
            Mounts.Attach(detached, MountPoint);
        }
        catch
        {
            if (created) WritableDev.Modify(devHolder, () => Files.Rmdir(MountPoint));
            throw;
        }
    }

    private static UnmountOutcome DetachHere(MountEntry? devHolder)
    {
        bool lazy = false;
        int rc = Mounts.Unmount(MountPoint, Mounts.UMOUNT_NOFOLLOW);
        if (rc == Errnos.EBUSY)
        {
            // Something still runs from the toolbox (an orphan we could not kill): detach, it goes when they exit.
            Mounts.Unmount(MountPoint, Mounts.MNT_DETACH | Mounts.UMOUNT_NOFOLLOW);
            lazy = true;
        }
        string? leftover = null;
        try { WritableDev.Modify(devHolder, () => Files.Rmdir(MountPoint)); }
        catch (SyscallException e) when (e.IsNotFound) { }
        catch (SyscallException e) { leftover = e.Message; }
        return new UnmountOutcome(WasMounted: rc != Errnos.EINVAL && rc != Errnos.ENOENT, Lazy: lazy, RemoveProblem: leftover);
    }
}

/// <param name="WasMounted">Something was mounted at /dev/crashcart.</param>
/// <param name="Lazy">It was busy and got detached lazily (MNT_DETACH).</param>
/// <param name="RemoveProblem">Why the /dev/crashcart directory could not be removed, if it could not.</param>
public sealed record UnmountOutcome(bool WasMounted, bool Lazy, string? RemoveProblem);
