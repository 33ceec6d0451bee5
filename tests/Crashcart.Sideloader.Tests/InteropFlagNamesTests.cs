// Syscall errors name their flags as the kernel headers do: every renderer shares one mechanism.
using Crashcart.Interop;

namespace Crashcart.Sideloader.Tests;

public class InteropFlagNamesTests
{
    [Fact]
    public void No_flags_render_as_zero()
    {
        Assert.Equal("0", Mounts.AttrNames(0));
        Assert.Equal("0", Mounts.UmountFlagNames(0));
        Assert.Equal("0", Interop.Namespaces.NamespaceFlagNames(0));
    }

    [Fact]
    public void Known_flags_render_in_header_order_and_unknown_bits_in_hex()
    {
        Assert.Equal("MOUNT_ATTR_RDONLY|MOUNT_ATTR_NOSUID|MOUNT_ATTR_NODEV",
            Mounts.AttrNames(Mounts.MOUNT_ATTR_NODEV | Mounts.MOUNT_ATTR_RDONLY | Mounts.MOUNT_ATTR_NOSUID));
        Assert.Equal("MNT_DETACH|0x100", Mounts.UmountFlagNames(Mounts.MNT_DETACH | 0x100));
        Assert.Equal("CLONE_NEWNS|CLONE_NEWPID", Interop.Namespaces.NamespaceFlagNames(Interop.Namespaces.CLONE_NEWPID | Interop.Namespaces.CLONE_NEWNS));
        Assert.Equal("0x1", Interop.Namespaces.NamespaceFlagNames(0x1));
    }
}
