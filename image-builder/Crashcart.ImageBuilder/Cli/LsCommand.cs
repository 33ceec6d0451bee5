// 'crashcart-image ls IMAGE [PATH]': lists an image's entries like 'ls -l', plus the toolbox manifest for "/".
using System.CommandLine;
using System.Globalization;
using System.Text;
using Crashcart.Ext3;

namespace Crashcart.ImageBuilder.Cli;

public static class LsCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "Image file to read" };
        var path = new Argument<string>("PATH") { Description = "Path inside the image (default /)", DefaultValueFactory = _ => "/" };
        var recursive = new Option<bool>("--recursive", "-R") { Description = "List subdirectories too (paths relative to PATH)" };
        var cmd = new Command("ls",
            "List entries of an image: mode, uid:gid, size (major, minor for devices), mtime (UTC), name (symlink -> target). " +
            "Listing / also prints the toolbox manifest (/.crashcart/manifest.json) when the image has one.")
        {
            image, path, recursive,
        };
        cmd.SetAction(parse =>
        {
            string imagePath = Path.GetFullPath(parse.GetValue(image)!);
            string inner = "/" + (parse.GetValue(path) ?? "/").Trim('/');
            using var img = ImageFile.Open(imagePath, notAnImageExitCode: ExitCodes.BadInput);
            var stdout = Console.Out;
            try
            {
                Ext3Stat top = Stat(img, inner, imagePath);
                if (top.Kind != Ext3FileType.Directory)
                    stdout.WriteLine(EntryLine.Format(top, inner.TrimStart('/')));
                else
                    ListDirectory(img, inner, "", parse.GetValue(recursive), stdout);
                if (inner == "/") ToolboxManifestTable.TryPrint(img, stdout);
            }
            catch (InvalidDataException e) { throw new CliException(ExitCodes.ImageInvalid, $"{imagePath}: damaged image: {e.Message}", e); }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Ext3Stat Stat(Ext3Image img, string inner, string imagePath)
    {
        try { return img.Stat(inner); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException(ExitCodes.BadInput, $"no such path in the image: {inner} (in {imagePath})", e);
        }
    }

    private static void ListDirectory(Ext3Image img, string dir, string prefix, bool recursive, TextWriter stdout)
    {
        var names = img.List(dir).Select(e => e.Name).Order(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            string full = dir == "/" ? "/" + name : dir + "/" + name;
            var st = img.Stat(full);
            stdout.WriteLine(EntryLine.Format(st, prefix + name));
            if (recursive && st.Kind == Ext3FileType.Directory) ListDirectory(img, full, prefix + name + "/", recursive, stdout);
        }
    }
}

/// <summary>Formats one 'ls -l' style line.</summary>
public static class EntryLine
{
    public static string Format(Ext3Stat st, string name)
    {
        string size = st.Kind is Ext3FileType.CharDevice or Ext3FileType.BlockDevice
            ? $"{st.DeviceMajor}, {st.DeviceMinor}"
            : st.Size.ToString(CultureInfo.InvariantCulture);
        string mtime = DateTimeOffset.FromUnixTimeSeconds(st.Mtime).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        string shown = st.Kind == Ext3FileType.Symlink ? $"{name} -> {st.SymlinkTarget}" : name;
        return $"{ModeString(st.Kind, st.Mode)} {st.LinksCount,3} {st.Uid + ":" + st.Gid,-11} {size,12} {mtime} {shown}";
    }

    /// <summary>"drwxr-xr-x" from a kind and permission bits, with s/S and t/T like ls(1).</summary>
    public static string ModeString(Ext3FileType kind, uint mode)
    {
        var sb = new StringBuilder(10);
        sb.Append(kind switch
        {
            Ext3FileType.Directory => 'd', Ext3FileType.Symlink => 'l', Ext3FileType.CharDevice => 'c',
            Ext3FileType.BlockDevice => 'b', Ext3FileType.Fifo => 'p', Ext3FileType.Socket => 's',
            Ext3FileType.RegularFile => '-', _ => '?',
        });
        for (int who = 2; who >= 0; who--)
        {
            uint bits = (mode >> (who * 3)) & 7;
            sb.Append((bits & 4) != 0 ? 'r' : '-');
            sb.Append((bits & 2) != 0 ? 'w' : '-');
            bool special = who switch { 2 => (mode & 0x800) != 0, 1 => (mode & 0x400) != 0, _ => (mode & 0x200) != 0 };
            bool exec = (bits & 1) != 0;
            char mark = who == 0 ? 't' : 's';
            sb.Append(special ? (exec ? mark : char.ToUpperInvariant(mark)) : exec ? 'x' : '-');
        }
        return sb.ToString();
    }
}
