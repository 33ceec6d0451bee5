// PLACEHOLDER: replaced by the real 'verify' command.
using System.CommandLine;

namespace Crashcart.ImageBuilder.Cli;

public static class VerifyCommand
{
    public static Command Create()
    {
        var cmd = new Command("verify", "(not implemented yet)");
        cmd.SetAction(_ => { Console.Error.WriteLine("crashcart-image: 'verify' is not implemented yet"); return 1; });
        return cmd;
    }
}
