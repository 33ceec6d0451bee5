// What a session attaches to: a host PID, plus the container identity when it came from a runtime.
namespace Crashcart.Targets;

/// <param name="Pid">Host PID of the container's init (or the PID the user gave).</param>
/// <param name="DisplayName">Name used in the prompt and messages (container name, else "pid N").</param>
/// <param name="ContainerId">Full container ID when resolved through Docker; null for a raw PID.</param>
public sealed record Target(int Pid, string DisplayName, string? ContainerId);
