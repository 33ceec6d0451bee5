// Writes a file so readers see either the old file or the complete new one, never a partial one:
// data goes to ".NAME.tmp-<random>" beside the target, is fsync'd, renamed over it, and the
// directory is fsync'd so the new name survives a crash too.
// Failure, Dispose without Commit, SIGINT/SIGTERM/SIGHUP/SIGQUIT: the temp file is deleted.
using Crashcart.Interop;

namespace Crashcart.ImageBuilder.Packing;

public sealed class AtomicFileWriter : IDisposable
{
    // Serializes Commit's rename against the signal thread's delete of the temp file.
    private static readonly object Gate = new();
    // Set by a terminating signal that came before the temp file existed: it must then never be created.
    private static bool terminating;

    private readonly FileStream stream;
    private IDisposable? onSignal;
    private bool committed, abandoned;

    /// <summary>Where the file ends up after <see cref="Commit"/>.</summary>
    public string FinalPath { get; }
    /// <summary>Where the bytes go until then (same directory, so the rename is atomic).</summary>
    public string TempPath { get; }
    /// <summary>Write the content here. Seekable; owned by this writer.</summary>
    public Stream Stream => stream;

    private AtomicFileWriter(string finalPath, string tempPath, FileStream stream)
    {
        FinalPath = finalPath;
        TempPath = tempPath;
        this.stream = stream;
    }

    /// <summary>
    /// Creates the temp file next to <paramref name="path"/>. Throws <see cref="OutputPathException"/>
    /// naming the path when the directory is missing, not writable, or the target is a directory.
    /// </summary>
    public static AtomicFileWriter Create(string path)
    {
        string finalPath = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(finalPath)!;
        if (Directory.Exists(finalPath)) throw new OutputPathException(finalPath, "output path is a directory");
        if (!Directory.Exists(dir)) throw new OutputPathException(dir, "output directory does not exist");
        string baseName = Path.GetFileName(finalPath);
        if (baseName.Length > 180) baseName = baseName[..180]; // keep the temp name under NAME_MAX
        string tempPath = Path.Combine(dir, $".{baseName}.tmp-{Guid.NewGuid():N}");
        // Registered before the file exists, so no moment is left where a signal could strand it.
        AtomicFileWriter? writer = null;
        var onSignal = TerminationCleanup.Register(() => AbandonOnSignal(writer, tempPath));
        lock (Gate)
        {
            if (terminating) { onSignal.Dispose(); throw new OperationCanceledException($"interrupted before {finalPath} was started"); }
            FileStream fs;
            try
            {
                fs = new FileStream(tempPath, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.None,
                    BufferSize = 1 << 16,
                });
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                onSignal.Dispose();
                if (e is UnauthorizedAccessException) throw new OutputPathException(dir, "output directory is not writable", e);
                throw new OutputPathException(dir, $"cannot create a file in the output directory ({e.Message})", e);
            }
            writer = new AtomicFileWriter(finalPath, tempPath, fs) { onSignal = onSignal };
            return writer;
        }
    }

    /// <summary>Flushes to disk, renames the temp file over <see cref="FinalPath"/>, and flushes the directory.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(committed, this);
        try
        {
            stream.Flush(flushToDisk: true);
            stream.Dispose();
        }
        catch (IOException e)
        {
            Dispose();
            throw new OutputPathException(TempPath, $"cannot write the output ({e.Message})", e);
        }
        lock (Gate)
        {
            if (abandoned) throw new OperationCanceledException($"interrupted before {FinalPath} was complete");
            try { File.Move(TempPath, FinalPath, overwrite: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                TryDelete(TempPath);
                onSignal?.Dispose();
                throw new OutputPathException(FinalPath, $"cannot rename the finished output into place ({e.Message})", e);
            }
            committed = true;
            onSignal?.Dispose();
        }
        // The file's bytes are on disk, but its new name lives in the directory: without this a crash
        // can bring back the old file (or none) although Commit returned.
        string dir = Path.GetDirectoryName(FinalPath)!;
        try { DirectorySync.Fsync(dir); }
        catch (IOException e)
        {
            // The complete image is in place already; only its durability is in doubt, so it stays.
            throw new OutputPathException(dir, $"cannot flush the output directory to disk ({e.Message})", e);
        }
    }

    /// <summary>Without a prior <see cref="Commit"/>, deletes the temp file.</summary>
    public void Dispose()
    {
        lock (Gate)
        {
            if (committed || abandoned) return;
            abandoned = true;
            onSignal?.Dispose();
        }
        try { stream.Dispose(); } catch (IOException) { /* disk full on the final flush: the file goes anyway */ }
        TryDelete(TempPath);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    // Runs on the signal thread while the writing thread may still be busy: unlink the temp file
    // (the writer keeps writing into an unlinked inode, harmlessly); the default action then ends the process.
    private static void AbandonOnSignal(AtomicFileWriter? writer, string tempPath)
    {
        lock (Gate)
        {
            if (writer != null)
            {
                if (writer.committed || writer.abandoned) return;
                writer.abandoned = true;
            }
            else terminating = true;
            TryDelete(tempPath);
        }
    }
}
