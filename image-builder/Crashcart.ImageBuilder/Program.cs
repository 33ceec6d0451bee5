// crashcart-image: builds and inspects Crashcart toolbox images.
using System.CommandLine;
using Crashcart.ImageBuilder.Cli;

var root = new RootCommand("Build and inspect Crashcart toolbox images (ext3, reproducible, no root needed).")
{
    PackCommand.Create(),
    BuildCommand.Create(),
    LsCommand.Create(),
    VerifyCommand.Create(),
};
return CliRunner.Invoke(root, args);
