// PLACEHOLDER: replaced by the real 'build' command.
using System.CommandLine;

namespace Crashcart.ImageBuilder.Cli;

public static class BuildCommand
{
    public static Command Create()
    {
        var cmd = new Command("build", "(not implemented yet)");
        cmd.SetAction(_ => { Console.Error.WriteLine("crashcart-image: 'build' is not implemented yet"); return 1; });
        return cmd;
    }
}
