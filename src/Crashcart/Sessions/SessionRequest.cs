// Everything a session needs from the command line, already parsed.
using Crashcart.Mounting;

namespace Crashcart.Sessions;

public enum SessionMode { Run, MountOnly, Unmount }

/// <param name="Command">argv to run; null = interactive shell.</param>
/// <param name="DockerExec">Run through the Engine API exec endpoint instead of setns.</param>
/// <param name="Tty">Hand the terminal to the command (setns) / allocate one (docker exec).</param>
/// <param name="MountMethod">How the toolbox is mounted when this run has to mount it (--mount-method).</param>
public sealed record SessionRequest(
    string TargetSpec, string? ImageOption, SessionMode Mode, IReadOnlyList<string>? Command,
    bool DockerExec, string? User, string? WorkDir, IReadOnlyList<string> Env, bool Tty, bool Quiet,
    MountMethod MountMethod = MountMethod.Auto);
