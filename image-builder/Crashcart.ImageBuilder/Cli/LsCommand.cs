// PLACEHOLDER: replaced by the real 'ls' command.
using System.CommandLine;

namespace Crashcart.ImageBuilder.Cli;

public static class LsCommand
{
    public static Command Create()
    {
        var cmd = new Command("ls", "(not implemented yet)");
        cmd.SetAction(_ => { Console.Error.WriteLine("crashcart-image: 'ls' is not implemented yet"); return 1; });
        return cmd;
    }
}
