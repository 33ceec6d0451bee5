// Opens an image file for the inspecting commands (ls, verify) and turns every failure into a one-line CliException.
using Crashcart.Ext3;

namespace Crashcart.ImageBuilder.Cli;

public static class ImageFile
{
    /// <summary>Opens <paramref name="path"/> read-only; a file that is not ext2/3 fails with <paramref name="notAnImageExitCode"/>.</summary>
    public static Ext3Image Open(string path, int notAnImageExitCode)
    {
        if (Directory.Exists(path)) throw new CliException(ExitCodes.BadInput, $"image is a directory, not a file: {path}");
        FileStream stream;
        try { stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess); }
        catch (FileNotFoundException e) { throw new CliException(ExitCodes.BadInput, $"image does not exist: {path}", e); }
        catch (DirectoryNotFoundException e) { throw new CliException(ExitCodes.BadInput, $"image does not exist: {path}", e); }
        catch (UnauthorizedAccessException e) { throw new CliException(ExitCodes.BadInput, $"image is not readable (permission denied): {path}", e); }
        catch (IOException e) { throw new CliException(ExitCodes.IoFailure, $"cannot open image {path}: {e.Message}", e); }
        try
        {
            return Ext3Image.Open(stream, leaveOpen: false);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            stream.Dispose();
            throw new CliException(notAnImageExitCode, $"not an ext2/ext3 image ({e.Message}): {path}", e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>One line of facts about an open image, for summaries.</summary>
    public static string Describe(Ext3Image image)
    {
        var sb = image.Superblock;
        return $"{sb.BlocksCount} blocks of {sb.BlockSize} bytes ({sb.BlocksCount * sb.BlockSize / 1048576.0:F1} MiB), " +
               $"{sb.BlocksCount - sb.FreeBlocks}/{sb.BlocksCount} blocks and {sb.InodesCount - sb.FreeInodes}/{sb.InodesCount} inodes used, " +
               $"label '{sb.VolumeName}', UUID {sb.Uuid}";
    }
}
