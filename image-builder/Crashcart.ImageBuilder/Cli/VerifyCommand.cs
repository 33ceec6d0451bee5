// 'crashcart-image verify IMAGE': structural check of an ext2/3 image; exit 5 when anything is wrong.
using System.CommandLine;
using Crashcart.Ext3;

namespace Crashcart.ImageBuilder.Cli;

public static class VerifyCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "Image file to check" };
        var cmd = new Command("verify",
            $"Check an image's structure (superblock, group descriptors, bitmaps and free counts, inodes, directories, link counts). " +
            $"Exit {ExitCodes.ImageInvalid} when problems are found, also when the file is not an ext2/3 image at all.")
        {
            image,
        };
        cmd.SetAction(parse =>
        {
            string path = Path.GetFullPath(parse.GetValue(image)!);
            using var img = ImageFile.Open(path, notAnImageExitCode: ExitCodes.ImageInvalid);
            IReadOnlyList<string> problems;
            try { problems = img.Verify(); }
            catch (InvalidDataException e) { throw new CliException(ExitCodes.ImageInvalid, $"{path}: damaged beyond checking: {e.Message}", e); }
            catch (IOException e) { throw new CliException(ExitCodes.IoFailure, $"reading {path} failed: {e.Message}", e); }
            if (problems.Count > 0)
            {
                foreach (var p in problems) Console.Out.WriteLine($"{path}: {p}");
                throw new CliException(ExitCodes.ImageInvalid, $"{path}: {problems.Count} problem(s) found");
            }
            Console.Out.WriteLine($"{path}: OK, {ImageFile.Describe(img)}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
