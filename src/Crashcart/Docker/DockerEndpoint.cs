// Where the Docker daemon listens: DOCKER_HOST (unix:///path or tcp://host:port), else the default socket.
using Crashcart.Interop;

namespace Crashcart.Docker;

public sealed record DockerEndpoint
{
    public const string DefaultUri = "unix:///var/run/docker.sock";

    /// <summary>The address as the user wrote it (used in messages).</summary>
    public string Uri { get; }
    /// <summary>Unix socket path, or null for TCP.</summary>
    public string? SocketPath { get; }
    public string? Host { get; }
    public int Port { get; }

    private DockerEndpoint(string uri, string? socketPath, string? host, int port)
    {
        Uri = uri;
        SocketPath = socketPath;
        Host = host;
        Port = port;
    }

    /// <summary>From DOCKER_HOST, else <see cref="DefaultUri"/>.</summary>
    public static DockerEndpoint FromEnvironment() => FromDockerHost(Environment.GetEnvironmentVariable("DOCKER_HOST"));

    /// <summary>A DOCKER_HOST value; null or blank means <see cref="DefaultUri"/>.</summary>
    public static DockerEndpoint FromDockerHost(string? dockerHost) =>
        Parse(string.IsNullOrWhiteSpace(dockerHost) ? DefaultUri : dockerHost.Trim());

    /// <summary>Parses unix:///path or tcp://host:port (plain TCP, no TLS).</summary>
    public static DockerEndpoint Parse(string uri)
    {
        if (uri.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = uri["unix://".Length..];
            if (path.Length == 0 || path[0] != '/')
                throw new CrashcartException($"DOCKER_HOST '{uri}': a unix socket needs an absolute path (unix:///path)");
            return new DockerEndpoint(uri, path, null, 0);
        }
        if (uri.StartsWith("tcp://", StringComparison.Ordinal))
        {
            var rest = uri["tcp://".Length..].TrimEnd('/');
            var colon = rest.LastIndexOf(':');
            string host = colon > 0 ? rest[..colon] : rest;
            int port = 2375;
            if (colon > 0 && !int.TryParse(rest[(colon + 1)..], out port) || port is <= 0 or > 65535 || host.Length == 0)
                throw new CrashcartException($"DOCKER_HOST '{uri}': expected tcp://host:port");
            return new DockerEndpoint(uri, null, host.Trim('[', ']'), port);
        }
        throw new CrashcartException($"DOCKER_HOST '{uri}': only unix:// and tcp:// are supported");
    }

    /// <summary>Opens a connection, or throws <see cref="DockerUnreachableException"/> naming this endpoint.</summary>
    internal DockerConnection Connect(TimeSpan timeout)
    {
        try
        {
            return DockerConnection.Open(this, timeout);
        }
        catch (IOException e)
        {
            throw Unreachable(Describe(e), e);
        }
    }

    private static string Describe(IOException e) => e switch
    {
        UnixSocketException { Errno: UnixSocketException.ENOENT } => "no such socket (is dockerd running?)",
        UnixSocketException { Errno: UnixSocketException.ECONNREFUSED } => "connection refused (is dockerd running?)",
        UnixSocketException { Errno: UnixSocketException.EACCES } => "permission denied (root or the docker group needed)",
        _ => e.Message,
    };

    internal CrashcartException Unreachable(string reason, Exception? inner = null) =>
        new DockerUnreachableException($"cannot reach the Docker daemon at {Uri}: {reason}", inner);

    public override string ToString() => Uri;
}
