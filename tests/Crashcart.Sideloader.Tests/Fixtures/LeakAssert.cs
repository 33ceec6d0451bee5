// Checks that a crashcart session left nothing behind in the container or on the host.
//
// Usage (after the scenario, the container still running):
//     using var img = ToolboxImage.PrivateCopy();
//     ... run crashcart against container c with image img.Path ...
//     LeakAssert.NoLeaks(c, img.Path);                       // everything below
//     LeakAssert.NoMount(c.Pid); LeakAssert.NoLoopDevice(img.Path); LeakAssert.NoToolboxProcess(c.Pid);
//
// The loop device check looks for loops backed by exactly that file: give each test its own
// image copy, or parallel tests see each other's loop devices. Autoclear detaches asynchronously
// in some kernels, so the checks poll for up to ten seconds before failing.
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests.Fixtures;

public static class LeakAssert
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10); // polled: costs nothing when clean, tolerates a loaded machine

    public static void NoLeaks(TestContainer c, string imagePath, bool allowEmptyMountPoint = false)
    {
        NoMount(c.Pid, allowEmptyMountPoint);
        NoLoopDevice(imagePath);
        NoToolboxProcess(c.Pid);
    }

    /// <summary>No mount at /dev/crashcart in the container's mount namespace, and (unless allowed)
    /// no /dev/crashcart directory left behind.</summary>
    public static void NoMount(int pid, bool allowEmptyMountPoint = false)
    {
        Eventually(() =>
        {
            var mounts = File.ReadAllLines($"/proc/{pid}/mountinfo")
                .Where(l => l.Split(' ')[4].StartsWith("/dev/crashcart", StringComparison.Ordinal)).ToList();
            if (mounts.Count > 0) return $"pid {pid} still has mounts: {string.Join(" | ", mounts)}";
            var dir = $"/proc/{pid}/root/dev/crashcart";
            if (!allowEmptyMountPoint && (Directory.Exists(dir) || File.Exists(dir)))
                return $"{dir} still exists";
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
                return $"{dir} is not empty";
            return null;
        });
    }

    /// <summary>No loop device backed by <paramref name="imagePath"/>.</summary>
    public static void NoLoopDevice(string imagePath)
    {
        var full = Path.GetFullPath(imagePath);
        Eventually(() =>
        {
            var found = LoopDevicesBackedBy(full);
            return found.Count == 0 ? null : $"loop devices still backed by {full}: {string.Join(", ", found)}";
        });
    }

    /// <summary>Loop devices (e.g. "loop3") whose backing file is <paramref name="imagePath"/>.</summary>
    public static List<string> LoopDevicesBackedBy(string imagePath)
    {
        var found = new List<string>();
        foreach (var dev in Directory.EnumerateDirectories("/sys/block", "loop*"))
        {
            var backing = Path.Combine(dev, "loop", "backing_file");
            string text;
            try { text = File.ReadAllText(backing).Trim(); }
            catch (IOException) { continue; } // not bound, or detached meanwhile
            if (text == imagePath || text == imagePath + " (deleted)") found.Add(Path.GetFileName(dev));
        }
        var losetup = Exec.Run("losetup", ["-j", imagePath], timeoutMs: 20_000);
        if (losetup.ExitCode == 0)
            foreach (var line in losetup.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var name = Path.GetFileName(line.Split(':')[0]);
                if (!found.Contains(name)) found.Add(name);
            }
        return found;
    }

    /// <summary>No process in the container's PID namespace runs a program from /dev/crashcart,
    /// and no host crashcart process still names this container's PID or tool.</summary>
    public static void NoToolboxProcess(int pid)
    {
        var pidNs = ReadLink($"/proc/{pid}/ns/pid");
        Eventually(() =>
        {
            var stray = new List<string>();
            foreach (var p in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(p), out var n) || n == Environment.ProcessId) continue;
                if (ReadLink($"{p}/ns/pid") != pidNs) continue;
                var exe = ReadLink($"{p}/exe") ?? "";
                if (exe.StartsWith("/dev/crashcart", StringComparison.Ordinal))
                    stray.Add($"{n} ({exe})");
            }
            return stray.Count == 0 ? null : $"toolbox processes still running in pid {pid}'s namespace: {string.Join(", ", stray)}";
        });
    }

    private static string? ReadLink(string path)
    {
        try { return new FileInfo(path).LinkTarget; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Polls <paramref name="problem"/> (null = fine) and fails with its last message.</summary>
    private static void Eventually(Func<string?> problem)
    {
        var deadline = DateTime.UtcNow + Grace;
        string? last;
        while ((last = problem()) != null && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.True(last == null, last);
    }
}
