// Puts the toolbox at /dev/crashcart inside a target's mount namespace and takes it away again.
// Normally the ext3 mount is created detached on the host (fsopen/fsmount on /dev/loopN) and moved
// into the container with move_mount, so no device node is ever created in the container. Kernels
// without that API (< 5.2) get the classic path: a private block node in the container's /dev,
// re-checked, mount(2), unlinked again. Refuses to touch a /dev/crashcart that is a file, a symlink,
// a non-empty directory or somebody else's mount.
using Crashcart.Interop;
using Crashcart.Loop;
using Crashcart.Namespaces;
using Serilog;

namespace Crashcart.Mounting;

public static class ToolboxMount
{
    public const string MountPoint = "/dev/crashcart";
    public const uint Attributes = Mounts.MOUNT_ATTR_RDONLY | Mounts.MOUNT_ATTR_NOSUID | Mounts.MOUNT_ATTR_NODEV;
    public const ulong ClassicFlags = Mounts.MS_RDONLY | Mounts.MS_NOSUID | Mounts.MS_NODEV;
    /// <summary>Prefix of the temporary block node the mknod path creates in the container's /dev.</summary>
    public const string NodePrefix = "/dev/.crashcart-loop";

    /// <summary>The mount at /dev/crashcart in the target, or null.</summary>
    public static MountEntry? Current(int pid) => MountTable.Read(pid).At(MountPoint);

    public static void Mount(TargetNamespaces target, LoopDevice loop, MountMethod method = MountMethod.Auto)
    {
        string name = target.Target.DisplayName;
        var table = MountTable.Read(target.Target.Pid);
        if (table.At(MountPoint) is { } other)
            throw new CrashcartException(
                $"{name}: {MountPoint} is already a mount ({other.FsType} from {other.Source}) that crashcart did not make; refusing to touch it");
        var devHolder = table.Holding("/dev");
        RefuseNonEmptyDirectory(target);

        SafeFd? detached = null;
        if (method != MountMethod.Mknod)
        {
            try { detached = CreateDetached(loop.Path); }
            catch (SyscallException e) when (method == MountMethod.Auto && LacksNewMountApi(e))
            {
                Log.Debug("{Error}: no new mount API, falling back to mknod + mount(2)", e.Message);
            }
        }
        if (detached != null)
        {
            using (detached)
                NamespaceThread.Run(target, Interop.Namespaces.CLONE_NEWNS, () =>
                {
                    AttachHere(devHolder, name, () => Mounts.Attach(detached, MountPoint));
                    return 0;
                });
            return;
        }

        // Read on the host: the node made inside must carry the same numbers (a /dev/loopN of our own).
        var loopStatus = FileStatus.Lstat(loop.Path);
        string node = NodePrefix + loop.Number;
        string? leftover = NamespaceThread.Run(target, Interop.Namespaces.CLONE_NEWNS, () =>
        {
            string? problem = null;
            AttachHere(devHolder, name, () => problem = MountFromNode(node, loopStatus.RdevMajor, loopStatus.RdevMinor, devHolder, name));
            return problem;
        });
        if (leftover != null) Log.Warning("{Target}: could not remove {Node}: {Problem}", name, node, leftover);
    }

    /// <summary>fsopen failed with ENOSYS: the kernel predates the new mount API, mknod + mount(2) is the way.</summary>
    public static bool LacksNewMountApi(SyscallException e) => e.Op == "fsopen" && e.Errno == Errnos.ENOSYS;

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

    private static void AttachHere(MountEntry? devHolder, string name, Action mount)
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
            mount();
        }
        catch
        {
            if (created) WritableDev.Modify(devHolder, () => Files.Rmdir(MountPoint));
            throw;
        }
    }

    // Runs on the namespace thread. Returns why the node could not be removed after a successful mount
    // (the mount stands and is not worth failing the session over), or null.
    private static string? MountFromNode(string node, uint major, uint minor, MountEntry? devHolder, string name)
    {
        WritableDev.Modify(devHolder, () => CreateNode(node, major, minor, name));
        try
        {
            // Like runc: trust the path only after re-checking what it is, then mount it.
            var st = FileStatus.Lstat(node);
            if (st.Type != FileStatus.S_IFBLK || st.RdevMajor != major || st.RdevMinor != minor)
                throw new CrashcartException(
                    $"{name}: {node} is not block device {major}:{minor} after mknod (mode 0{Convert.ToString(st.Mode, 8)}, {st.RdevMajor}:{st.RdevMinor}); refusing to mount it");
            try { Mounts.MountClassic(node, MountPoint, "ext3", ClassicFlags); }
            catch (SyscallException e) when (e.Errno == Errnos.ENODEV)
            {
                // Kernels built without the ext3 alias mount ext3 images with the ext4 driver.
                Mounts.MountClassic(node, MountPoint, "ext4", ClassicFlags);
            }
        }
        catch (Exception e)
        {
            try { WritableDev.Modify(devHolder, () => DeviceNodes.Unlink(node)); }
            catch (Exception u) { throw new CrashcartException($"{e.Message}; also could not remove {node}: {u.Message}", e); }
            throw;
        }
        try
        {
            WritableDev.Modify(devHolder, () => DeviceNodes.Unlink(node));
            return null;
        }
        catch (Exception u) { return u.Message; }
    }

    private static void CreateNode(string node, uint major, uint minor, string name)
    {
        try { DeviceNodes.MknodBlock(node, 0x180, major, minor); }
        catch (SyscallException e) when (e.Errno == Errnos.EEXIST)
        {
            // Our name: a block node left by a crashcart that was killed mid-mount is replaced, anything else refused.
            if (FileStatus.Lstat(node).Type != FileStatus.S_IFBLK)
                throw new CrashcartException($"{name}: {node} exists and is not a block device (not crashcart's); refusing to touch it");
            DeviceNodes.Unlink(node);
            DeviceNodes.MknodBlock(node, 0x180, major, minor);
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
