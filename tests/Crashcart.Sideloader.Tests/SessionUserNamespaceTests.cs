// A target in a user namespace of its own (as rootless runtimes and userns-remapped daemons make):
// crashcart, as host root, cannot join that user namespace from a multithreaded process but does
// not need to: it mounts and runs in the target's other namespaces. The session must work and clean up.
using System.Diagnostics;
using Crashcart.Sideloader.Tests.Fixtures;
using Crashcart.TestSupport;

namespace Crashcart.Sideloader.Tests;

public class SessionUserNamespaceTests
{
    [SkippableFact]
    public void Target_in_its_own_user_namespace_works_and_cleans_up()
    {
        Prerequisites.RequireLoopDevices();
        Prerequisites.RequireTool("unshare");
        using var img = ToolboxImage.PrivateCopy();
        // Own user (root mapped to us), mount and pid namespaces; a private tmpfs /dev like a container's.
        var psi = new ProcessStartInfo("unshare")
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in new[] { "--user", "--map-root-user", "--mount", "--pid", "--fork", "--propagation", "private",
                     "sh", "-c", "mount -t tmpfs crashcart-test-dev /dev && echo ready && exec sleep 600" })
            psi.ArgumentList.Add(a);
        using var target = Process.Start(psi)!;
        try
        {
            Assert.Equal("ready", target.StandardOutput.ReadLine());
            int pid = SleepChildOf(target.Id);
            Assert.NotEqual(new FileInfo("/proc/self/ns/user").LinkTarget, new FileInfo($"/proc/{pid}/ns/user").LinkTarget);

            var r = CrashcartProcess.Run(["-i", img.Path, "-e", "cat", "/dev/crashcart/TOOLBOX", pid.ToString()]);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Equal(ToolboxImage.MarkerContent, r.Stdout);
            LeakAssert.NoMount(pid);
            LeakAssert.NoLoopDevice(img.Path);
        }
        finally
        {
            try { target.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            target.WaitForExit(10_000);
        }
    }

    // unshare --fork: the sleep is unshare's child (PID 1 of the new pid namespace).
    private static int SleepChildOf(int parent)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var child in File.ReadAllText($"/proc/{parent}/task/{parent}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                if (File.ReadAllText($"/proc/{child}/comm").Trim() == "sleep") return int.Parse(child);
            Thread.Sleep(20);
        }
        throw new TimeoutException($"no sleep child of unshare (pid {parent})");
    }
}
