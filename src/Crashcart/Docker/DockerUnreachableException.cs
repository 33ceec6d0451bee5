// The Docker daemon could not be reached at all (no socket, refused, permission, broken reply).
namespace Crashcart.Docker;

public sealed class DockerUnreachableException(string message, Exception? inner = null)
    : CrashcartException(message, inner);
