// Unit tests for turning the daemon's exec exit codes into crashcart's (127 = not found).
using Crashcart.Running;

namespace Crashcart.Sideloader.Tests;

public class DockerExecExitCodeTests
{
    private const string NotFoundPath = "OCI runtime exec failed: exec failed: unable to start container process: exec: \"/bin/sh\": stat /bin/sh: no such file or directory: unknown\r\n";
    private const string NotInPath = "OCI runtime exec failed: exec failed: unable to start container process: exec: \"strace\": executable file not found in $PATH: unknown\r\n";
    private const string Denied = "OCI runtime exec failed: exec failed: unable to start container process: exec: \"/etc/passwd\": permission denied: unknown\r\n";

    [Theory]
    [InlineData(126, 0, NotFoundPath, 127)]
    [InlineData(126, 0, NotInPath, 127)]
    [InlineData(126, 0, "earlier output\n" + NotInPath, 127)]
    [InlineData(126, 0, Denied, 126)]
    [InlineData(126, 0, "", 126)]
    // The process ran (it has a PID) and exited 126 itself, whatever it printed.
    [InlineData(126, 4242, NotInPath, 126)]
    [InlineData(127, 0, NotInPath, 127)]
    [InlineData(0, 4242, "", 0)]
    [InlineData(3, 4242, NotFoundPath, 3)]
    public void Normalize(int daemon, int pid, string tail, int expected)
    {
        Assert.Equal(expected, DockerExecExitCode.Normalize(daemon, pid, tail));
    }
}
