// PLACEHOLDER: replaced by the real 'pack' command.
using System.CommandLine;

namespace Crashcart.ImageBuilder.Cli;

public static class PackCommand
{
    public static Command Create()
    {
        var cmd = new Command("pack", "(not implemented yet)");
        cmd.SetAction(_ => { Console.Error.WriteLine("crashcart-image: 'pack' is not implemented yet"); return 1; });
        return cmd;
    }
}
