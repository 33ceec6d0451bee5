// Book-keeping shared by every crashcart working on one container (one mount namespace):
//   /run/crashcart/<mnt-ns inode>/lock       flock'ed while mounting, joining, leaving, unmounting
//   /run/crashcart/<mnt-ns inode>/mounted    present while crashcart's mount is in place (loop, image, target)
//   /run/crashcart/<mnt-ns inode>/pinned     present after --mount-only, until --unmount
//   /run/crashcart/<mnt-ns inode>/s-<id>     one per session; its owner holds an flock on it for life
// A session is live iff its file is locked: the kernel drops the lock when the owner dies, even on
// SIGKILL, so a crashed session is recognisable and reclaimable by whoever comes next.
using Crashcart.Interop;

namespace Crashcart.Sessions;

public sealed class SessionRegistry
{
    public const string DefaultRoot = "/run/crashcart";

    public string Directory { get; }
    public ulong MountNamespace { get; }

    private SessionRegistry(string directory, ulong mountNamespace)
    {
        Directory = directory;
        MountNamespace = mountNamespace;
    }

    /// <summary>Root folder; CRASHCART_RUN_DIR overrides it (tests).</summary>
    public static string Root => Environment.GetEnvironmentVariable("CRASHCART_RUN_DIR") is { Length: > 0 } d ? d : DefaultRoot;

    public static SessionRegistry For(ulong mountNamespace)
    {
        var dir = Path.Combine(Root, mountNamespace.ToString());
        try
        {
            System.IO.Directory.CreateDirectory(Root);
            System.IO.Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CrashcartException($"create session registry {dir}: {e.Message}", e);
        }
        return new SessionRegistry(dir, mountNamespace);
    }

    /// <summary>Every registry folder on this host (for --list / --cleanup).</summary>
    public static IEnumerable<SessionRegistry> All()
    {
        if (!System.IO.Directory.Exists(Root)) yield break;
        foreach (var d in System.IO.Directory.EnumerateDirectories(Root))
            if (ulong.TryParse(Path.GetFileName(d), out var ino)) yield return new SessionRegistry(d, ino);
    }

    /// <summary>Takes the registry lock (blocking); dispose to release.</summary>
    public RegistryLock Lock()
    {
        var path = Path.Combine(Directory, "lock");
        while (true)
        {
            System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var fd = OpenOrCreate(path);
            try
            {
                FileLocks.Exclusive(fd, path);
                // The previous holder may have deleted the folder while we waited: then our lock guards
                // an unlinked file and means nothing. Only a lock on the file now at that path counts.
                if (StillAt(fd, path)) return new RegistryLock(fd);
            }
            catch
            {
                fd.Dispose();
                throw;
            }
            fd.Dispose();
        }
    }

    private static bool StillAt(SafeFd fd, string path)
    {
        try
        {
            var st = FileStatus.Lstat(path);
            return FileModes.IdentityOf(fd, path) == (st.Dev, st.Ino);
        }
        catch (FileNotFoundException) { return false; }
    }

    public string MarkerPath => Path.Combine(Directory, "mounted");
    public string PinPath => Path.Combine(Directory, "pinned");

    public MountRecord? ReadMounted() => File.Exists(MarkerPath) ? MountRecord.Parse(File.ReadAllText(MarkerPath)) : null;

    public void WriteMounted(MountRecord record) => WriteAtomically(MarkerPath, record.ToString());

    public void ClearMounted() => File.Delete(MarkerPath);

    public bool IsPinned => File.Exists(PinPath);

    public void Pin() => WriteAtomically(PinPath, $"{Environment.ProcessId}\n");

    public void Unpin() => File.Delete(PinPath);

    /// <summary>Creates this process's session file and locks it for the session's lifetime.</summary>
    public Session Join(string target)
    {
        var id = $"s-{Environment.ProcessId}-{Guid.NewGuid():N}";
        var path = Path.Combine(Directory, id);
        var fd = OpenOrCreate(path);
        try
        {
            if (!FileLocks.TryExclusive(fd, path)) throw new CrashcartException($"lock session file {path}: already locked");
            var session = new Session(path, fd, target);
            session.Write();
            return session;
        }
        catch
        {
            fd.Dispose();
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Session files and whether each is live. Call with the registry lock held.</summary>
    public IReadOnlyList<SessionInfo> Sessions()
    {
        var list = new List<SessionInfo>();
        if (!System.IO.Directory.Exists(Directory)) return list;
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "s-*"))
        {
            SafeFd fd;
            try { fd = Files.Open(path, Files.O_RDONLY); }
            catch (SyscallException e) when (e.IsNotFound) { continue; }
            using (fd)
            {
                bool live = !FileLocks.TryExclusive(fd, path);
                // Read through our descriptor: .NET's File APIs take an flock of their own.
                string text = System.Text.Encoding.UTF8.GetString(Files.ReadAll(fd, path));
                list.Add(SessionInfo.Parse(path, live, text));
            }
        }
        return list;
    }

    /// <summary>
    /// Removes dead sessions; their commands, if still running in the container, are killed
    /// (they have lost the crashcart that would collect them). Call with the registry lock held.
    /// </summary>
    public int ReclaimDead(Action<string>? report = null)
    {
        int n = 0;
        foreach (var s in Sessions().Where(s => !s.Live))
        {
            if (s.Command is { } cmd && cmd.IsAlive())
            {
                try { Processes.Kill(cmd.Pid, Processes.SIGKILL); } catch (SyscallException) { }
                cmd.WaitUntilDead(TimeSpan.FromSeconds(2)); // so the unmount that may follow does not find it busy
                report?.Invoke($"killed orphaned command pid {cmd.Pid} of dead session {Path.GetFileName(s.Path)}");
            }
            try { File.Delete(s.Path); } catch (IOException) { }
            n++;
        }
        return n;
    }

    /// <summary>Removes the registry folder once nothing is recorded in it.</summary>
    public void DeleteIfEmpty()
    {
        try
        {
            foreach (var f in System.IO.Directory.EnumerateFiles(Directory))
                if (Path.GetFileName(f) != "lock") return;
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static SafeFd OpenOrCreate(string path)
    {
        try { return Files.Open(path, Files.O_RDWR | Files.O_CREAT, 0x180); }
        catch (SyscallException e) { throw new CrashcartException(e.Message, e); }
    }

    internal static void WriteAtomically(string path, string text)
    {
        var tmp = path + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }
}

/// <summary>The held registry lock.</summary>
public sealed class RegistryLock(SafeFd fd) : IDisposable
{
    public void Dispose()
    {
        FileLocks.Unlock(fd);
        fd.Dispose();
    }
}
