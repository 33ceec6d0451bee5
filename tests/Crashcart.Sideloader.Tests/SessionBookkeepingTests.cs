// Pure parts of the session machinery: mountinfo parsing, /proc/PID/stat start times, registry records.
using Crashcart.Mounting;
using Crashcart.Sessions;

namespace Crashcart.Sideloader.Tests;

public class SessionBookkeepingTests
{
    private const string MountInfo =
        "600 500 0:50 / / ro,relatime master:1 - overlay overlay rw,lowerdir=/l\n" +
        "601 600 0:51 / /dev rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755\n" +
        "602 601 7:3 / /dev/crashcart ro,nosuid,nodev,relatime - ext3 /dev/loop3 ro\n" +
        "603 600 0:52 / /my\\040dir rw - tmpfs tmpfs ro\n";

    [Fact]
    public void Mountinfo_entries_and_read_only_flags()
    {
        var t = MountTable.Parse(MountInfo);
        Assert.Equal(4, t.Entries.Count);
        var cc = t.At("/dev/crashcart")!;
        Assert.Equal("ext3", cc.FsType);
        Assert.Equal("/dev/loop3", cc.Source);
        Assert.True(cc.MountReadOnly);
        var root = t.At("/")!;
        Assert.True(root.MountReadOnly);
        Assert.False(root.SuperReadOnly);
        var spaced = t.At("/my dir")!;
        Assert.True(spaced.SuperReadOnly);
        Assert.False(spaced.MountReadOnly);
    }

    [Fact]
    public void Holding_finds_the_innermost_mount()
    {
        var t = MountTable.Parse(MountInfo);
        Assert.Equal("/dev", t.Holding("/dev")!.MountPoint);
        Assert.Equal("/dev", t.Holding("/dev/shm")!.MountPoint);
        Assert.Equal("/", t.Holding("/devices")!.MountPoint);
        Assert.Null(t.At("/proc"));
    }

    [Fact]
    public void Start_time_is_read_after_the_last_parenthesis()
    {
        var stat = "4242 (we ird) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10";
        Assert.Equal(987654ul, ProcessIdentity.ParseStartTime(stat));
        Assert.Null(ProcessIdentity.ParseStartTime("garbage"));
    }

    [Fact]
    public void Our_own_identity_is_alive_and_a_different_start_time_is_not()
    {
        var me = ProcessIdentity.Of(Environment.ProcessId)!.Value;
        Assert.True(me.IsAlive());
        Assert.False((me with { StartTime = me.StartTime + 1 }).IsAlive());
        Assert.Equal(me, ProcessIdentity.Parse(me.ToString()));
    }

    [Fact]
    public void Records_round_trip()
    {
        var m = new MountRecord("/dev/loop7", "/var/lib/crashcart/crashcart.img", 123, "web");
        Assert.Equal(m, MountRecord.Parse(m.ToString()));
        var s = SessionInfo.Parse("/p", true, "crashcart=10@20\ntarget=web\ncommand=30@40\n");
        Assert.Equal(new ProcessIdentity(10, 20), s.Crashcart);
        Assert.Equal(new ProcessIdentity(30, 40), s.Command);
        Assert.Equal("web", s.Target);
        Assert.Null(SessionInfo.Parse("/p", false, "command=\n").Command);
    }
}
