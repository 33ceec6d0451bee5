// The temporary directory a toolbox is staged in: removed on Dispose, on failure, and on SIGINT/SIGTERM/SIGHUP/SIGQUIT.
using Crashcart.ImageBuilder.Packing;

namespace Crashcart.ImageBuilder.Staging;

public sealed class StagingDirectory : IDisposable
{
    private readonly IDisposable onSignal;
    private int disposed;

    /// <summary>The temp directory itself.</summary>
    public string Path { get; }
    /// <summary>The directory that becomes the image root.</summary>
    public string ImageRoot => System.IO.Path.Join(Path, "root");

    private StagingDirectory(string path)
    {
        Path = path;
        onSignal = TerminationCleanup.Register(Dispose);
    }

    /// <summary>Creates a uniquely named directory under <paramref name="parent"/> (default: the temp directory).</summary>
    public static StagingDirectory Create(string? parent = null)
    {
        string path = System.IO.Path.Join(parent ?? System.IO.Path.GetTempPath(), $"crashcart-stage-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return new StagingDirectory(path);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        onSignal.Dispose();
        Remove(Path);
    }

    private static void Remove(string path)
    {
        try { Directory.Delete(path, recursive: true); }
        catch (DirectoryNotFoundException) { }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Serilog.Log.Warning("could not remove staging directory {Path}: {Error}", path, e.Message);
        }
    }
}
