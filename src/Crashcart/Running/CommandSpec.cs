// What the session runs: an already resolved program path, argv, environment, credentials, cwd.
namespace Crashcart.Running;

/// <param name="Program">Path of the program inside the container.</param>
/// <param name="Argv">argv, argv[0] included.</param>
/// <param name="Environment">"K=V" entries.</param>
/// <param name="User">Credentials to switch to; null = stay root.</param>
/// <param name="WorkDir">Directory inside the container; null = the container process's cwd.</param>
/// <param name="Tty">Hand the caller's terminal to the command (foreground process group).</param>
public sealed record CommandSpec(string Program, IReadOnlyList<string> Argv, IReadOnlyList<string> Environment,
    ResolvedUser? User, string? WorkDir, bool Tty);
