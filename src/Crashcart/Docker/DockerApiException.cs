// The daemon answered with an error status; the message is the daemon's own ("No such container: x").
namespace Crashcart.Docker;

/// <param name="status">HTTP status (404 no such object, 409 conflict, 500 daemon error...). An int rather than
/// HttpStatusCode, whose assembly would cost a load on every crashcart start.</param>
public sealed class DockerApiException(int status, string daemonMessage)
    : CrashcartException($"Docker daemon: {daemonMessage}")
{
    public const int NotFound = 404, Conflict = 409;

    public int Status { get; } = status;
    public string DaemonMessage { get; } = daemonMessage;
}
