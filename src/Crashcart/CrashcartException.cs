// An error meant for the user: a one-line message naming the object (container, path, device)
// and the exit code crashcart ends with (125 = crashcart itself failed, see ExitCodes).
namespace Crashcart;

public class CrashcartException(string message, Exception? inner = null, int exitCode = ExitCodes.CrashcartFailed)
    : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
