// The temporary directory a toolbox is staged in: removed on Dispose, on failure, and on SIGINT/SIGTERM/SIGHUP.
using System.Runtime.InteropServices;

namespace Crashcart.ImageBuilder.Staging;

public sealed class StagingDirectory : IDisposable
{
    private static readonly object Gate = new();
    private static readonly HashSet<StagingDirectory> Live = [];
    private static List<PosixSignalRegistration>? signals;
    private int disposed;

    /// <summary>The temp directory itself.</summary>
    public string Path { get; }
    /// <summary>The directory that becomes the image root.</summary>
    public string ImageRoot => System.IO.Path.Join(Path, "root");

    private StagingDirectory(string path) => Path = path;

    /// <summary>Creates a uniquely named directory under <paramref name="parent"/> (default: the temp directory).</summary>
    public static StagingDirectory Create(string? parent = null)
    {
        string path = System.IO.Path.Join(parent ?? System.IO.Path.GetTempPath(), $"crashcart-stage-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        var dir = new StagingDirectory(path);
        lock (Gate)
        {
            signals ??= [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT }
                .Select(s => PosixSignalRegistration.Create(s, _ => RemoveAll()))];
            Live.Add(dir);
        }
        return dir;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        lock (Gate) Live.Remove(this);
        Remove(Path);
    }

    // Runs on the signal thread; the default action (termination) follows.
    private static void RemoveAll()
    {
        List<StagingDirectory> all;
        lock (Gate) { all = [.. Live]; Live.Clear(); }
        foreach (var d in all) d.Dispose();
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
