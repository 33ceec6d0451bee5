// A minimal Docker Engine API client: list and inspect containers, create/start/resize/inspect execs.
// Talks plain HTTP/1.1 over the daemon socket (DOCKER_HOST, else unix:///var/run/docker.sock).
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Crashcart.Docker;

public sealed class DockerClient
{
    /// <summary>How long a plain (non-streaming) call may take before the daemon counts as unreachable.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly DockerHttp http;

    public DockerClient() : this(DockerEndpoint.FromEnvironment()) { }

    public DockerClient(DockerEndpoint endpoint) => http = new DockerHttp(endpoint);

    public DockerEndpoint Endpoint => http.Endpoint;

    /// <summary>GET /_ping: throws <see cref="DockerUnreachableException"/> unless the daemon answers.</summary>
    public async Task PingAsync(CancellationToken ct = default) =>
        await CallAsync("GET", "/_ping", null, ct).ConfigureAwait(false);

    /// <summary>All containers, stopped ones included (GET /containers/json?all=1).</summary>
    public async Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(CancellationToken ct = default)
    {
        var body = await CallAsync("GET", "/containers/json?all=1", null, ct).ConfigureAwait(false);
        return Deserialize(body, DockerJsonContext.Default.ContainerSummaryArray, "/containers/json");
    }

    /// <summary>GET /containers/{idOrName}/json; null when the daemon knows no such container.</summary>
    public async Task<ContainerDetails?> InspectContainerAsync(string idOrName, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrName);
        var path = $"/containers/{Uri.EscapeDataString(idOrName)}/json";
        try
        {
            var body = await CallAsync("GET", path, null, ct).ConfigureAwait(false);
            return Deserialize(body, DockerJsonContext.Default.ContainerDetails, path);
        }
        catch (DockerApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>POST /containers/{id}/exec; returns the exec ID.</summary>
    public async Task<string> CreateExecAsync(string containerId, ExecCreateRequest request, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(containerId);
        var path = $"/containers/{Uri.EscapeDataString(containerId)}/exec";
        var json = JsonSerializer.SerializeToUtf8Bytes(request, DockerJsonContext.Default.ExecCreateRequest);
        var body = await CallAsync("POST", path, json, ct).ConfigureAwait(false);
        return Deserialize(body, DockerJsonContext.Default.IdResponse, path).Id;
    }

    /// <summary>
    /// POST /exec/{id}/start on its own connection, hijacked: the returned stream carries stdin to the
    /// process and its output back (raw with a TTY, else multiplexed; see <see cref="MultiplexedStreamReader"/>).
    /// </summary>
    public async Task<HijackedStream> StartExecAsync(string execId, bool tty, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(execId);
        var path = $"/exec/{Uri.EscapeDataString(execId)}/start";
        var json = JsonSerializer.SerializeToUtf8Bytes(new ExecStartRequest { Detach = false, Tty = tty },
            DockerJsonContext.Default.ExecStartRequest);
        var (head, stream, error) = await http.UpgradeAsync(path, json, ct).ConfigureAwait(false);
        return stream ?? throw ApiError(head, error);
    }

    /// <summary>POST /exec/{id}/resize: the exec's TTY size in character cells.</summary>
    public async Task ResizeExecAsync(string execId, int rows, int columns, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(execId);
        await CallAsync("POST", $"/exec/{Uri.EscapeDataString(execId)}/resize?h={rows}&w={columns}", null, ct).ConfigureAwait(false);
    }

    /// <summary>GET /exec/{id}/json.</summary>
    public async Task<ExecDetails> InspectExecAsync(string execId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(execId);
        var path = $"/exec/{Uri.EscapeDataString(execId)}/json";
        var body = await CallAsync("GET", path, null, ct).ConfigureAwait(false);
        return Deserialize(body, DockerJsonContext.Default.ExecDetails, path);
    }

    private async Task<byte[]> CallAsync(string method, string path, byte[]? json, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CallTimeout);
        try
        {
            var (head, body) = await http.SendAsync(method, path, json, timeout.Token).ConfigureAwait(false);
            if (head.StatusCode is < 200 or > 299) throw ApiError(head, body);
            return body;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw Endpoint.Unreachable($"{method} {path}: no answer within {CallTimeout.TotalSeconds:F0} s");
        }
    }

    private static DockerApiException ApiError(HttpResponseHead head, byte[] body)
    {
        string? message = null;
        try { message = JsonSerializer.Deserialize(body, DockerJsonContext.Default.ErrorResponse)?.Message; }
        catch (JsonException) { }
        message ??= Encoding.UTF8.GetString(body).Trim();
        if (message.Length == 0) message = $"HTTP {head.StatusCode} {head.Reason}";
        return new DockerApiException((HttpStatusCode)head.StatusCode, message);
    }

    private T Deserialize<T>(byte[] body, JsonTypeInfo<T> type, string path)
    {
        try
        {
            return JsonSerializer.Deserialize(body, type) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw Endpoint.Unreachable($"unexpected reply to {path}: {e.Message}", e);
        }
    }
}
