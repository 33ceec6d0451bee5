namespace Crashcart.ImageBuilder.Cli;

/// <summary>Process exit codes of crashcart-image; distinct per failure class so scripts can tell them apart.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Unknown option, missing argument, bad option value.</summary>
    public const int Usage = 2;
    /// <summary>The input is wrong: missing/unreadable source, bad manifest, name too long, tree too big for --size, missing tool.</summary>
    public const int BadInput = 3;
    /// <summary>Reading or writing failed: output dir missing or read-only, disk full.</summary>
    public const int IoFailure = 4;
    /// <summary>verify found problems in the image.</summary>
    public const int ImageInvalid = 5;
    /// <summary>A bug: an exception nobody expected.</summary>
    public const int Internal = 70;
}

/// <summary>An error meant for the user: one line, names the object, carries its exit code.</summary>
public sealed class CliException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
