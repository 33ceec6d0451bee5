// A minimal Docker Engine API client: list and inspect containers, create/start/resize/inspect execs.
// Talks plain HTTP/1.1 over the daemon socket (DOCKER_HOST, else unix:///var/run/docker.sock).
// Request/response calls are synchronous (cheapest start-up); only the exec stream is async.
using System.Text;

namespace Crashcart.Docker;

public sealed class DockerClient
{
    /// <summary>Default for how long a plain (non-streaming) call may wait for the daemon.</summary>
    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromSeconds(30);

    private readonly DockerHttp http;

    public DockerClient() : this(DockerEndpoint.FromEnvironment()) { }

    /// <param name="callTimeout">How long a plain call may wait for the daemon before it counts as unreachable.</param>
    public DockerClient(DockerEndpoint endpoint, TimeSpan? callTimeout = null) =>
        http = new DockerHttp(endpoint, callTimeout ?? DefaultCallTimeout);

    public DockerEndpoint Endpoint => http.Endpoint;

    /// <summary>GET /_ping: throws <see cref="DockerUnreachableException"/> unless the daemon answers.</summary>
    public void Ping() => Call("GET", "/_ping", null);

    /// <summary>All containers, stopped ones included (GET /containers/json?all=1).</summary>
    public IReadOnlyList<ContainerSummary> ListContainers()
    {
        const string path = "/containers/json?all=1";
        return Parse(Call("GET", path, null), DockerJson.ReadContainerList, path);
    }

    /// <summary>GET /containers/{idOrName}/json; null when the daemon knows no such container.</summary>
    public ContainerDetails? InspectContainer(string idOrName)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrName);
        if (!IsPlainSegment(idOrName)) return null; // no container name or ID looks like that
        var path = $"/containers/{idOrName}/json";
        try
        {
            return Parse(Call("GET", path, null), DockerJson.ReadContainerDetails, path);
        }
        catch (DockerApiException e) when (e.Status == DockerApiException.NotFound)
        {
            return null;
        }
    }

    /// <summary><see cref="InspectContainer"/> for async callers.</summary>
    public Task<ContainerDetails?> InspectContainerAsync(string idOrName) => Task.FromResult(InspectContainer(idOrName));

    /// <summary>POST /containers/{id}/exec; returns the exec ID.</summary>
    public string CreateExec(string containerId, ExecCreateRequest request)
    {
        ArgumentException.ThrowIfNullOrEmpty(containerId);
        var path = $"/containers/{Segment(containerId)}/exec";
        return Parse(Call("POST", path, DockerJson.WriteExecCreate(request)), DockerJson.ReadId, path);
    }

    /// <summary>
    /// POST /exec/{id}/start on its own connection, hijacked: the returned stream carries stdin to the
    /// process and its output back (raw with a TTY, else multiplexed; see <see cref="MultiplexedStreamReader"/>).
    /// </summary>
    public HijackedStream StartExec(string execId, bool tty)
    {
        ArgumentException.ThrowIfNullOrEmpty(execId);
        var (head, stream, error) = http.Upgrade($"/exec/{Segment(execId)}/start", DockerJson.WriteExecStart(tty));
        return stream ?? throw ApiError(head, error);
    }

    /// <summary>POST /exec/{id}/resize: the exec's TTY size in character cells.</summary>
    public void ResizeExec(string execId, int rows, int columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(execId);
        Call("POST", $"/exec/{Segment(execId)}/resize?h={rows}&w={columns}", null);
    }

    /// <summary>GET /exec/{id}/json.</summary>
    public ExecDetails InspectExec(string execId)
    {
        ArgumentException.ThrowIfNullOrEmpty(execId);
        var path = $"/exec/{Segment(execId)}/json";
        return Parse(Call("GET", path, null), DockerJson.ReadExecDetails, path);
    }

    /// <summary>Container names are [a-zA-Z0-9][a-zA-Z0-9_.-]*, IDs hex: nothing to escape in a URL path.
    /// (Checked by hand rather than with Uri.EscapeDataString, whose first use costs milliseconds.)</summary>
    private static bool IsPlainSegment(string s)
    {
        if (s.Length == 0) return false;
        foreach (var c in s)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')) return false;
        return true;
    }

    private static string Segment(string s) =>
        IsPlainSegment(s) ? s : throw new ArgumentException($"'{s}' is not a container or exec ID", nameof(s));

    private byte[] Call(string method, string path, byte[]? json)
    {
        var (head, body) = http.Send(method, path, json);
        if (head.StatusCode is < 200 or > 299) throw ApiError(head, body);
        return body;
    }

    private static DockerApiException ApiError(HttpResponseHead head, byte[] body)
    {
        var message = DockerJson.ReadErrorMessage(body) ?? Encoding.UTF8.GetString(body).Trim();
        if (message.Length == 0) message = $"HTTP {head.StatusCode} {head.Reason}";
        return new DockerApiException(head.StatusCode, message);
    }

    private delegate T Reader<T>(ReadOnlySpan<byte> json);

    private T Parse<T>(byte[] body, Reader<T> read, string path)
    {
        try
        {
            return read(body);
        }
        catch (InvalidDataException e)
        {
            throw Endpoint.Unreachable($"unexpected reply to {path}: {e.Message}", e);
        }
    }
}
