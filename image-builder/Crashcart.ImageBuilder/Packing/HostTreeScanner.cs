// Adapter host directory -> FsEntry list: lstat every object, keep hard links as links, skip what ext3 cannot hold.
// The result depends only on the tree's content, never on the order the host lists directories in.
using System.Text;
using Crashcart.Ext3;
using Crashcart.Interop;

namespace Crashcart.ImageBuilder.Packing;

public static class HostTreeScanner
{
    public const int MaxNameBytes = 255;

    private static readonly EnumerationOptions ListOneLevel = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = 0, // dot files count as "hidden" to .NET; we want them
        ReturnSpecialDirectories = false,
    };

    /// <summary>Scans <paramref name="sourceDir"/> (a symlink to a directory is followed, nothing below it is).</summary>
    public static ScannedTree Scan(string sourceDir, OwnerPolicy owner)
    {
        string root = ResolveRoot(sourceDir);
        var found = new List<(string ImagePath, string HostPath, FileStatus Status)>();
        var warnings = new List<string>();
        found.Add(("", root, Stat(root)));
        Walk(root, "", found, warnings);

        // Sorting by image path makes the result (and which link of a hard-linked set holds the data) independent of the host.
        found.Sort((a, b) => string.CompareOrdinal(a.ImagePath, b.ImagePath));

        var entries = new List<FsEntry>(found.Count);
        var firstPathOfInode = new Dictionary<(ulong Dev, ulong Ino), string>();
        long contentBytes = 0;
        foreach (var (imagePath, hostPath, st) in found)
        {
            uint uid = owner == OwnerPolicy.Keep ? st.Uid : 0, gid = owner == OwnerPolicy.Keep ? st.Gid : 0;
            var entry = new FsEntry
            {
                Path = imagePath, Kind = EntryKind.Directory, Mode = st.Permissions,
                Uid = uid, Gid = gid, MtimeSeconds = st.MtimeSeconds,
            };
            // Every hard-linked non-directory (file, symlink, fifo, device) keeps one shared inode in the
            // image; only the names inside the tree count, links from outside it are not seen.
            if (!st.IsDirectory && st.Nlink > 1)
            {
                if (firstPathOfInode.TryGetValue((st.Dev, st.Ino), out var target))
                {
                    entries.Add(entry with { Kind = EntryKind.HardLink, LinkTarget = target });
                    continue;
                }
                firstPathOfInode.Add((st.Dev, st.Ino), imagePath);
            }
            switch (st.Type)
            {
                case FileStatus.S_IFDIR:
                    entries.Add(entry);
                    break;
                case FileStatus.S_IFREG:
                    contentBytes += st.Size;
                    string p = hostPath;
                    entries.Add(entry with { Kind = EntryKind.RegularFile, Size = st.Size, OpenContent = () => OpenContent(p) });
                    break;
                case FileStatus.S_IFLNK:
                    entries.Add(entry with { Kind = EntryKind.Symlink, LinkTarget = ReadLink(hostPath) });
                    break;
                case FileStatus.S_IFCHR:
                case FileStatus.S_IFBLK:
                    entries.Add(entry with
                    {
                        Kind = st.Type == FileStatus.S_IFCHR ? EntryKind.CharDevice : EntryKind.BlockDevice,
                        DeviceMajor = st.RdevMajor, DeviceMinor = st.RdevMinor,
                    });
                    break;
                case FileStatus.S_IFIFO:
                    entries.Add(entry with { Kind = EntryKind.Fifo });
                    break;
                default:
                    throw new InvalidOperationException($"unexpected file type 0x{st.Type:X} survived the walk: {hostPath}");
            }
        }
        return new ScannedTree(entries, warnings, contentBytes);
    }

    /// <summary>Throws when <paramref name="name"/> cannot be a directory entry name in the image.</summary>
    public static void CheckName(string name, string hostPath)
    {
        int bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > MaxNameBytes)
            throw new SourceTreeException(hostPath, $"name is {bytes} bytes long, ext3 allows at most {MaxNameBytes}");
    }

    private static string ResolveRoot(string sourceDir)
    {
        string full = Path.GetFullPath(sourceDir);
        FileStatus st;
        try { st = FileStatus.Lstat(full); }
        catch (FileNotFoundException e) { throw new SourceTreeException(full, "source directory does not exist", e); }
        catch (UnauthorizedAccessException e) { throw new SourceTreeException(full, "source directory is not accessible", e); }
        if (st.IsSymlink)
        {
            var target = new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true);
            if (target is not DirectoryInfo { Exists: true })
                throw new SourceTreeException(full, "source is a symlink that does not lead to a directory");
            return ResolveRoot(target.FullName);
        }
        if (!st.IsDirectory) throw new SourceTreeException(full, "source is not a directory");
        return full;
    }

    private static void Walk(string hostDir, string imageDir, List<(string, string, FileStatus)> found, List<string> warnings)
    {
        List<string> children;
        try { children = Directory.EnumerateFileSystemEntries(hostDir, "*", ListOneLevel).ToList(); }
        catch (UnauthorizedAccessException e) { throw new SourceTreeException(hostDir, "cannot read directory (permission denied)", e); }
        catch (DirectoryNotFoundException e) { throw new SourceTreeException(hostDir, "directory vanished while scanning", e); }
        catch (IOException e) { throw new SourceTreeException(hostDir, $"cannot read directory ({e.Message})", e); }
        children.Sort(StringComparer.Ordinal);

        foreach (var hostPath in children)
        {
            string name = Path.GetFileName(hostPath);
            CheckName(name, hostPath);
            FileStatus st;
            try { st = Stat(hostPath); }
            catch (SourceTreeException) when (name.Contains('\uFFFD'))
            {
                // .NET decodes undecodable name bytes to U+FFFD, so the re-encoded path names nothing: say so instead of "vanished".
                throw new SourceTreeException(hostPath, "file name is not valid UTF-8");
            }
            string imagePath = imageDir.Length == 0 ? name : imageDir + "/" + name;
            if (st.Type == FileStatus.S_IFSOCK)
            {
                warnings.Add($"skipping socket (ext3 images cannot carry live sockets): {hostPath}");
                continue;
            }
            found.Add((imagePath, hostPath, st));
            if (st.IsDirectory) Walk(hostPath, imagePath, found, warnings);
        }
    }

    private static FileStatus Stat(string hostPath)
    {
        try { return FileStatus.Lstat(hostPath); }
        catch (FileNotFoundException e) { throw new SourceTreeException(hostPath, "vanished while scanning", e); }
        catch (UnauthorizedAccessException e) { throw new SourceTreeException(hostPath, "cannot stat (permission denied)", e); }
        catch (IOException e) { throw new SourceTreeException(hostPath, $"cannot stat ({e.Message})", e); }
    }

    private static string ReadLink(string hostPath)
    {
        try { return new FileInfo(hostPath).LinkTarget ?? throw new SourceTreeException(hostPath, "symlink vanished while scanning"); }
        catch (IOException e) { throw new SourceTreeException(hostPath, $"cannot read symlink ({e.Message})", e); }
        catch (UnauthorizedAccessException e) { throw new SourceTreeException(hostPath, "cannot read symlink (permission denied)", e); }
    }

    private static Stream OpenContent(string hostPath)
    {
        try
        {
            return new FileStream(hostPath, new FileStreamOptions
            {
                Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 0, // the writer reads in large chunks; a second buffer only copies
                Options = FileOptions.SequentialScan,
            });
        }
        catch (UnauthorizedAccessException e) { throw new SourceTreeException(hostPath, "cannot read file (permission denied)", e); }
        catch (FileNotFoundException e) { throw new SourceTreeException(hostPath, "file vanished while packing", e); }
        catch (IOException e) { throw new SourceTreeException(hostPath, $"cannot read file ({e.Message})", e); }
    }
}
