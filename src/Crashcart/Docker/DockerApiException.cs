// The daemon answered with an error status; the message is the daemon's own ("No such container: x").
using System.Net;

namespace Crashcart.Docker;

public sealed class DockerApiException(HttpStatusCode status, string daemonMessage)
    : CrashcartException($"Docker daemon: {daemonMessage}")
{
    public HttpStatusCode Status { get; } = status;
    public string DaemonMessage { get; } = daemonMessage;
}
