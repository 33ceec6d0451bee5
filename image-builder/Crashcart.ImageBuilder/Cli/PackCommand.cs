// 'crashcart-image pack DIR -o IMAGE': packs a host directory into an ext3 image, atomically.
using System.CommandLine;
using System.Globalization;
using Crashcart.Ext3;
using Crashcart.ImageBuilder.Packing;

namespace Crashcart.ImageBuilder.Cli;

public static class PackCommand
{
    public const string DefaultHeadroom = "10%";

    public static Command Create()
    {
        var source = new Argument<string>("DIR") { Description = "Host directory to pack (becomes the image root)" };
        var output = new Option<string>("--output", "-o") { Description = "Image file to write (replaced atomically)", Required = true };
        var size = new Option<string?>("--size") { Description = "Exact image size, e.g. 64M, 1G, 1048576 (default: smallest that fits plus headroom)" };
        var headroom = new Option<string>("--headroom")
        {
            Description = $"Free space over the minimum when --size is not given: a percentage (10%) or a size (16M)",
            DefaultValueFactory = _ => DefaultHeadroom,
        };
        var label = new Option<string>("--label") { Description = "Volume label (at most 16 bytes)", DefaultValueFactory = _ => "" };
        var uuid = new Option<string?>("--uuid") { Description = "Filesystem UUID (default: derived from the content, so identical trees give identical images)" };
        var blockSize = new Option<int>("--block-size") { Description = "Block size: 1024, 2048 or 4096", DefaultValueFactory = _ => 4096 };
        blockSize.AcceptOnlyFromAmong("1024", "2048", "4096");
        var owner = new Option<string>("--owner") { Description = "root: every entry root:root (default); keep: host uid/gid", DefaultValueFactory = _ => "root" };
        owner.AcceptOnlyFromAmong("root", "keep");

        var cmd = new Command("pack",
            "Pack a host directory into an ext3 image: files, directories, symlinks, hard links, devices, FIFOs " +
            "(sockets are skipped). Timestamps are clamped to SOURCE_DATE_EPOCH when it is set. Progress goes to stderr.")
        {
            source, output, size, headroom, label, uuid, blockSize, owner,
        };
        cmd.SetAction(parse =>
        {
            var options = new Ext3Options
            {
                BlockSize = parse.GetValue(blockSize),
                Label = CheckLabel(parse.GetValue(label) ?? ""),
                Uuid = ParseUuid(parse.GetValue(uuid)),
                SourceDateEpoch = ReadSourceDateEpoch(),
            };
            if (parse.GetValue(size) is { } sizeText)
            {
                if (!SizeSpec.TryParseBytes(sizeText, out long bytes) || bytes <= 0)
                    throw new CliException(ExitCodes.Usage, $"--size: '{sizeText}' is not a size (examples: 1048576, 64M, 1G)");
                options = options with { Size = bytes };
            }
            string headroomText = parse.GetValue(headroom) ?? DefaultHeadroom;
            if (!SizeSpec.TryParseHeadroom(headroomText, out double fraction, out long headroomBytes))
                throw new CliException(ExitCodes.Usage, $"--headroom: '{headroomText}' is neither a percentage (10%) nor a size (16M)");
            options = options with { HeadroomFraction = fraction, HeadroomBytes = headroomBytes };

            var ownerPolicy = parse.GetValue(owner) == "keep" ? OwnerPolicy.Keep : OwnerPolicy.Root;
            bool bar = !Console.IsErrorRedirected && !parse.GetValue(CliRunner.Quiet);
            Run(parse.GetValue(source)!, parse.GetValue(output)!, options, ownerPolicy, bar);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static void Run(string source, string output, Ext3Options options, OwnerPolicy owner, bool bar)
    {
        try
        {
            HostImagePacker.Pack(source, output, options, owner, bar);
        }
        catch (SourceTreeException e) { throw new CliException(ExitCodes.BadInput, e.Message, e); }
        catch (Ext3InputException e) { throw new CliException(ExitCodes.BadInput, $"cannot pack {Path.GetFullPath(source)}: {e.Message}", e); }
        catch (ImageTooSmallException e) { throw new CliException(ExitCodes.BadInput, $"{Path.GetFullPath(source)} does not fit: {e.Message}", e); }
        catch (OutputPathException e) { throw new CliException(ExitCodes.IoFailure, e.Message, e); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.IoFailure, $"writing {Path.GetFullPath(output)} failed: {e.Message}", e);
        }
    }

    private static string CheckLabel(string label)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(label) > 16)
            throw new CliException(ExitCodes.Usage, $"--label: '{label}' is longer than 16 bytes");
        return label;
    }

    private static Guid? ParseUuid(string? text)
    {
        if (text is null) return null;
        if (!Guid.TryParse(text, out var g)) throw new CliException(ExitCodes.Usage, $"--uuid: '{text}' is not a UUID");
        return g;
    }

    private static long? ReadSourceDateEpoch()
    {
        try { return SourceDateEpoch.FromEnvironment(); }
        catch (FormatException e) { throw new CliException(ExitCodes.Usage, e.Message, e); }
    }
}
