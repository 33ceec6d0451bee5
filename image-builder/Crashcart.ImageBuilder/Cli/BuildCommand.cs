// 'crashcart-image build [-f toolbox-manifest.yaml] -o crashcart.img': manifest → staged, relocated tree
// (temp dir, always removed) → reproducible ext3 image via the pack pipeline.
using System.CommandLine;
using System.Diagnostics;
using Crashcart.Ext3;
using Crashcart.ImageBuilder.Manifest;
using Crashcart.ImageBuilder.Packing;
using Crashcart.ImageBuilder.Relocation;
using Crashcart.ImageBuilder.Staging;
using Serilog;

namespace Crashcart.ImageBuilder.Cli;

public static class BuildCommand
{
    public const string DefaultManifest = "toolbox-manifest.yaml";

    public static Command Create()
    {
        var file = new Option<string>("--file", "-f") { Description = $"Toolbox manifest (default: {DefaultManifest})", DefaultValueFactory = _ => DefaultManifest };
        var output = new Option<string?>("--output", "-o") { Description = "Image file to write (replaced atomically)" };
        var stageOnly = new Option<string?>("--stage-only")
        {
            Description = "Only stage the relocated tree into this (new or empty) directory and keep it; no image is written",
        };
        var cmd = new Command("build",
            "Build a toolbox image from a manifest: tools from the build host with their loader and libraries, relocated " +
            "under the prefix (patchelf), packed reproducibly (SOURCE_DATE_EPOCH, sorted, root-owned). " +
            "A build manifest is stored at /.crashcart/manifest.json.")
        {
            file, output, stageOnly,
        };
        cmd.SetAction(parse =>
        {
            string? outPath = parse.GetValue(output), stageDir = parse.GetValue(stageOnly);
            if ((outPath is null) == (stageDir is null))
                throw new CliException(ExitCodes.Usage, "give either --output IMAGE or --stage-only DIR");
            bool interactive = !Console.IsErrorRedirected && !parse.GetValue(CliRunner.Quiet);
            Run(parse.GetValue(file)!, outPath, stageDir, interactive);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static void Run(string manifestPath, string? outputPath, string? stageOnlyDir, bool interactive)
    {
        var clock = Stopwatch.StartNew();
        ToolboxManifest manifest;
        long epoch;
        try
        {
            manifest = ManifestParser.ParseFile(manifestPath);
            epoch = BuildEpoch.FromEnvironment();
        }
        catch (ManifestException e) { throw new CliException(ExitCodes.BadInput, e.Message, e); }
        catch (FormatException e) { throw new CliException(ExitCodes.Usage, e.Message, e); }

        var stagerOptions = new StagerOptions { SourceDateEpoch = epoch };
        if (stageOnlyDir is not null)
        {
            var staged = Stage(manifest, stagerOptions, Path.GetFullPath(stageOnlyDir), interactive);
            Log.Information("staged {Tools} tools, {Libraries} libraries, {Bytes:F1} MiB into {Dir} in {Seconds:F1} s",
                staged.Tools, staged.Libraries, staged.ContentBytes / 1048576.0, Path.GetFullPath(stageOnlyDir), clock.Elapsed.TotalSeconds);
            return;
        }

        using var staging = StagingDirectory.Create();
        var result = Stage(manifest, stagerOptions, staging.ImageRoot, interactive);
        var ext3 = new Ext3Options
        {
            Label = manifest.Image.Label,
            Size = manifest.Image.Size,
            HeadroomFraction = manifest.Image.HeadroomFraction,
            HeadroomBytes = manifest.Image.HeadroomBytes,
            SourceDateEpoch = epoch,
        };
        Ext3WriteResult written;
        try
        {
            written = HostImagePacker.Pack(staging.ImageRoot, outputPath!, ext3, OwnerPolicy.Root, interactive);
        }
        catch (SourceTreeException e) { throw new CliException(ExitCodes.IoFailure, e.Message, e); }
        catch (Ext3InputException e) { throw new CliException(ExitCodes.BadInput, $"cannot pack the toolbox: {e.Message}", e); }
        catch (ImageTooSmallException e) { throw new CliException(ExitCodes.BadInput, $"{manifest.FileName}: image.size: the toolbox does not fit: {e.Message}", e); }
        catch (OutputPathException e) { throw new CliException(ExitCodes.IoFailure, e.Message, e); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.IoFailure, $"writing {Path.GetFullPath(outputPath!)} failed: {e.Message}", e);
        }
        Log.Information("built {Output}: {Tools} tools, {Libraries} libraries, {Size:F1} MiB image in {Seconds:F1} s",
            Path.GetFullPath(outputPath!), result.Tools, result.Libraries, written.ImageBytes / 1048576.0, clock.Elapsed.TotalSeconds);
    }

    private static StageResult Stage(ToolboxManifest manifest, StagerOptions options, string imageRoot, bool interactive)
    {
        try
        {
            var result = BuildStatusReporter.Run(interactive, status => new ToolboxStager(manifest, options).Stage(imageRoot, status));
            foreach (var w in result.Warnings) Log.Warning("{Warning}", w);
            return result;
        }
        catch (ToolboxBuildException e) { throw new CliException(ExitCodes.BadInput, e.Message, e); }
        catch (RelocationException e) { throw new CliException(ExitCodes.BadInput, e.Message, e); }
        catch (FileNotFoundException e) when (e.FileName == "patchelf") { throw new CliException(ExitCodes.BadInput, e.Message, e); }
        catch (InvalidDataException e) { throw new CliException(ExitCodes.BadInput, e.Message, e); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.IoFailure, $"staging into {imageRoot} failed: {e.Message}", e);
        }
    }
}
