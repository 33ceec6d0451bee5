// What to run through `docker exec` (the Engine API exec endpoint), independent of where stdio goes.
namespace Crashcart.Running;

/// <param name="ContainerId">Container ID or name.</param>
/// <param name="Argv">Program and arguments; resolved by the container's runtime (PATH from <paramref name="Env"/>).</param>
/// <param name="Env">"NAME=value" entries added to the container's environment.</param>
/// <param name="User">"user", "uid", "uid:gid"; null = the container's user.</param>
/// <param name="WorkDir">Null = the container's working directory.</param>
/// <param name="Tty">Allocate a terminal: one raw output stream instead of separate stdout/stderr.</param>
public sealed record DockerExecRequest(
    string ContainerId, IReadOnlyList<string> Argv, IReadOnlyList<string> Env,
    string? User = null, string? WorkDir = null, bool Tty = false);
