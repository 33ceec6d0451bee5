// Makes `docker exec` exit codes mean what crashcart's own do: 127 = command not found.
// Older daemons (20.10) report 126 for every failed exec start, "not found" included; the
// runtime's message, which the daemon writes into the output stream, tells the two apart.
namespace Crashcart.Running;

public static class DockerExecExitCode
{
    /// <summary>How much of the output's end to keep for <see cref="Normalize"/>.</summary>
    public const int TailBytes = 1024;

    /// <param name="daemonExitCode">ExitCode from GET /exec/{id}/json.</param>
    /// <param name="execPid">Pid from the same answer: 0 when the process never started.</param>
    /// <param name="outputTail">The last bytes of the exec's output, as text.</param>
    public static int Normalize(int daemonExitCode, int execPid, string outputTail)
    {
        // A process that ran and chose to exit 126 keeps its code.
        if (daemonExitCode != ExitCodes.CannotExecute || execPid != 0) return daemonExitCode;
        // e.g. OCI runtime exec failed: exec failed: unable to start container process:
        //      exec: "/bin/sh": stat /bin/sh: no such file or directory: unknown
        //      exec: "foo": executable file not found in $PATH: unknown
        int at = outputTail.LastIndexOf("OCI runtime exec failed", StringComparison.Ordinal);
        if (at < 0) return daemonExitCode;
        var message = outputTail[at..];
        return message.Contains("executable file not found", StringComparison.Ordinal)
               || message.Contains("no such file or directory", StringComparison.Ordinal)
            ? ExitCodes.NotFound
            : daemonExitCode;
    }
}
