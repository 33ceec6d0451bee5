namespace Crashcart;

/// <summary>
/// Exit status of crashcart: the command's own status, 128+N if it died of signal N,
/// else one of these (same convention as docker run / chroot / env).
/// </summary>
public static class ExitCodes
{
    /// <summary>crashcart itself failed (bad target, bad image, mount failed, usage error...).</summary>
    public const int CrashcartFailed = 125;
    /// <summary>The command was found but could not be executed.</summary>
    public const int CannotExecute = 126;
    /// <summary>The command was not found.</summary>
    public const int NotFound = 127;
}
