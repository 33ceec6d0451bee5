// The few Engine API JSON shapes crashcart reads and writes (field names as the API spells them;
// DockerJson does the reading and writing).

namespace Crashcart.Docker;

/// <summary>One entry of GET /containers/json.</summary>
public sealed class ContainerSummary
{
    public string Id { get; init; } = "";
    /// <summary>With the leading '/', e.g. "/web".</summary>
    public string[] Names { get; init; } = [];
    public string Image { get; init; } = "";
    /// <summary>"running", "exited", "created", "paused", ...</summary>
    public string State { get; init; } = "";
    /// <summary>Human text, e.g. "Exited (0) 2 minutes ago".</summary>
    public string Status { get; init; } = "";

    /// <summary>First name without the leading '/', or the short ID.</summary>
    public string DisplayName => Names.Length > 0 ? Names[0].TrimStart('/') : Id[..Math.Min(12, Id.Length)];
}

/// <summary>GET /containers/{id}/json (the parts crashcart uses).</summary>
public sealed class ContainerDetails
{
    public string Id { get; init; } = "";
    /// <summary>With the leading '/'.</summary>
    public string Name { get; init; } = "";
    public ContainerStateInfo State { get; init; } = new();
    public ContainerConfigInfo Config { get; init; } = new();

    public string DisplayName => Name.TrimStart('/');
}

public sealed class ContainerStateInfo
{
    public string Status { get; init; } = "";
    public bool Running { get; init; }
    public bool Paused { get; init; }
    public int Pid { get; init; }
    public int ExitCode { get; init; }
}

public sealed class ContainerConfigInfo
{
    public string[]? Env { get; init; }
    public string? User { get; init; }
    public string? WorkingDir { get; init; }
    public bool Tty { get; init; }
}

/// <summary>POST /containers/{id}/exec body (null fields are left out).</summary>
public sealed class ExecCreateRequest
{
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; } = true;
    public bool AttachStderr { get; init; } = true;
    public bool Tty { get; init; }
    public required IReadOnlyList<string> Cmd { get; init; }
    public IReadOnlyList<string>? Env { get; init; }
    public string? User { get; init; }
    public string? WorkingDir { get; init; }
    /// <summary>[rows, columns] of the TTY from the start (API 1.42+; older daemons ignore it).</summary>
    public int[]? ConsoleSize { get; init; }
}

/// <summary>GET /exec/{id}/json (the parts crashcart uses).</summary>
public sealed class ExecDetails
{
    /// <summary>"ID" in the API.</summary>
    public string Id { get; init; } = "";
    public bool Running { get; init; }
    /// <summary>Null while the process has not finished.</summary>
    public int? ExitCode { get; init; }
    /// <summary>Host PID of the exec'd process (0 when it never started or finished).</summary>
    public int Pid { get; init; }
}
