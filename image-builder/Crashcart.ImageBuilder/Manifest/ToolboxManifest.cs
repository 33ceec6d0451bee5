// The parsed toolbox-manifest.yaml: what goes into the toolbox and how the image is shaped.
// Every item remembers its YAML line and field path so later stages can report errors against the manifest.
namespace Crashcart.ImageBuilder.Manifest;

/// <param name="FileName">The manifest as the user named it (used in error messages).</param>
/// <param name="Prefix">Absolute mount point of the toolbox inside containers, e.g. /dev/crashcart.</param>
public sealed record ToolboxManifest(
    string FileName,
    string Prefix,
    ImageSettings Image,
    ShellSettings? Shell,
    IReadOnlyList<ToolSpec> Tools,
    IReadOnlyList<FileSpec> Files)
{
    public const string DefaultPrefix = "/dev/crashcart";

    /// <summary>Directory (image-relative) holding executables and wrapper scripts.</summary>
    public const string BinDir = "bin";
    /// <summary>Directory (image-relative) holding the loader and every shared library, flat.</summary>
    public const string LibDir = "lib";
    /// <summary>Directory (image-relative) holding the real binaries of tools that have a wrapper script.</summary>
    public const string WrappedDir = "libexec/crashcart";
    /// <summary>Image-relative path of the build manifest (what went in).</summary>
    public const string BuildInfoPath = ".crashcart/manifest.json";
}

/// <param name="HeadroomFraction">Extra space as a fraction of the minimum size.</param>
/// <param name="HeadroomBytes">Extra space in bytes.</param>
/// <param name="Size">Exact image size in bytes, or null for minimum + headroom.</param>
public sealed record ImageSettings(string Label, double HeadroomFraction, long HeadroomBytes, long? Size)
{
    public static ImageSettings Default => new("crashcart", 0.10, 0, null);
}

/// <param name="RcPath">Image-relative path the shell rc file is written to.</param>
/// <param name="Prompt">PS1 value; null = the default prompt naming $CRASHCART_TARGET.</param>
/// <param name="Env">Exported by the rc file, in manifest order; values already have {prefix} expanded.</param>
public sealed record ShellSettings(int Line, string RcPath, string? Prompt, IReadOnlyList<KeyValuePair<string, string>> Env);

/// <summary>One executable to put into bin/.</summary>
/// <param name="Line">Line of the tool's name or path.</param>
/// <param name="Field">Field path of the tool's name or path, e.g. "tools[3]" (bare string), "tools[3].name", "tools[2].names[5]".</param>
/// <param name="Name">Looked up on the build host's PATH (plus /usr/sbin, /sbin); null when <paramref name="HostPath"/> is given.</param>
/// <param name="HostPath">Absolute host path; null when looked up by <paramref name="Name"/>.</param>
/// <param name="ImageName">File name in bin/.</param>
/// <param name="Env">Exported by the tool's wrapper script (values have {prefix} expanded).</param>
/// <param name="Args">Put in front of the user's arguments by the wrapper script.</param>
/// <param name="Dlopen">Libraries the tool loads at run time without DT_NEEDED: sonames or absolute host paths.</param>
/// <param name="Launcher">Command the wrapper runs the real binary through (e.g. setpriv ...); its first word is a toolbox program.</param>
public sealed record ToolSpec(
    int Line,
    string Field,
    string? Name,
    string? HostPath,
    string ImageName,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<KeyValuePair<string, string>> Env,
    IReadOnlyList<string> Args,
    IReadOnlyList<FileSpec> Files,
    IReadOnlyList<Located> Dlopen,
    IReadOnlyList<string> Launcher)
{
    /// <summary>A tool with environment, fixed arguments or a launcher is reached through a wrapper script.</summary>
    public bool NeedsWrapper => Env.Count > 0 || Args.Count > 0 || Launcher.Count > 0;
}

/// <summary>A host file or directory copied into the image.</summary>
/// <param name="Source">Absolute host path.</param>
/// <param name="Target">Image-relative destination (default: the source path without its leading '/').</param>
/// <param name="Exclude">Glob patterns ('*', '?', '**') matched against paths relative to <paramref name="Source"/>.</param>
public sealed record FileSpec(int Line, string Field, string Source, string Target, IReadOnlyList<string> Exclude);

/// <summary>A manifest value with the line it was written on.</summary>
public sealed record Located(string Value, int Line, string Field);
